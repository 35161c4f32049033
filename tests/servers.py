"""A redis-server of a test's own, on a free port, that the test can stop and start again to see
what users notice while the cache is down."""

import socket
import subprocess
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """redis-server without persistence; stop() and start() keep the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_until(lambda: self.answers(), "redis-server did not start")

    def stop(self) -> None:
        """Terminate our own process (by its PID) and wait until the port refuses."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        self.wait_until(lambda: not self.answers(), "redis-server did not stop")

    def answers(self) -> bool:
        try:
            client = redis.Redis(
                port=self.port, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)
            )
            return bool(client.ping())
        except redis.RedisError:
            return False

    @staticmethod
    def wait_until(condition, message: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(message)
            time.sleep(0.05)
