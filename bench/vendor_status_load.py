"""Benchmark: the vendor status endpoint held under load by 2 gunicorn workers for 60 s.

    python bench/vendor_status_load.py [--database-url postgres://...] [--workers 2]
                                       [--seconds 60] [--connections 8] [--threads 2]

Uses the register of bench/api_throughput.py (10,000 vendors, 100,000 transfers on PostgreSQL,
generated once into the database named by --database-url), starts gunicorn with the production
settings (``config.settings.production``, Redis for the throttle counters when it answers), and
drives GET /api/v1/vendors/<random id>/status/ with ``wrk`` over loopback only, for a bounded
time. It prints requests/s, latency percentiles (p50/p90/p99), errors (socket errors and any
answer that is not 200) and the CPU time the server's processes used next to the wall time, and
writes them to bench-results/vendor_status_load.json. The goal is 0 errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import api_throughput as base  # noqa: E402  (the register and the server environment)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# wrk picks a random vendor per request and counts every answer that is not a 200.
WRK_SCRIPT = """
ids = {%(ids)s}
wrk.headers["X-API-Key"] = "%(key)s"
wrk.headers["Accept"] = "application/json"
wrk.headers["X-Forwarded-Proto"] = "https"
not_ok = 0
request = function()
  return wrk.format("GET", "/api/v1/vendors/" .. ids[math.random(#ids)] .. "/status/")
end
response = function(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tr_api")
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--port", type=int, default=8061)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args()


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the gunicorn master and its live workers (from /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state; ppid is fields[1], utime/stime are fields[11]/fields[12].
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def parse_wrk(output: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.M))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    not_ok = int(re.search(r"not_ok=(\d+)", output).group(1))
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": ms(percentiles["50"]),
        "p90_ms": ms(percentiles["90"]),
        "p99_ms": ms(percentiles["99"]),
        "socket_errors": socket_errors,
        "non_200": not_ok,
        "errors": socket_errors + not_ok,
    }


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian package `wrk`)")
    env = base.server_environment(args)
    # As behind the TLS-terminating proxy of production: HTTPS is told by X-Forwarded-Proto
    # (otherwise SECURE_SSL_REDIRECT answers every plain-HTTP request with a redirect).
    env["DJANGO_SECURE_PROXY_SSL_HEADER"] = "X-Forwarded-Proto: https"
    os.environ.update({k: v for k, v in env.items() if k != "REDIS_URL"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    base.NOW = timezone.now()
    call_command("migrate", verbosity=0)
    if not base.register_is_ready():
        print(f"Generating {base.VENDORS:,} vendors and {base.TRANSFERS:,} transfers ...")
        base.generate_register(base.random.Random(20260301))
    from vendors.models import Vendor

    vendor_ids = list(Vendor.objects.values_list("pk", flat=True))
    key = base.bench_key()
    connections.close_all()
    script = Path(tempfile.mkdtemp()) / "status.lua"
    script.write_text(
        WRK_SCRIPT % {"ids": ",".join(map(str, vendor_ids)), "key": key}
        + "done = function(summary, latency, requests) io.write('not_ok=' .. not_ok .. '\\n') end\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        base.wait_until_up(args.port, {"X-API-Key": key, "X-Forwarded-Proto": "https"}, server)
        cpu_before, wall_before = server_cpu_seconds(server.pid), time.perf_counter()
        wrk = subprocess.run(
            ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections),
             "-d", f"{args.seconds}s", "--timeout", "10s", "-s", str(script),
             f"http://127.0.0.1:{args.port}/"],
            capture_output=True, text=True, check=True, timeout=args.seconds + 60,
        )  # fmt: skip
        wall = time.perf_counter() - wall_before
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = {
        "endpoint": "GET /api/v1/vendors/<id>/status/",
        "workers": args.workers,
        "connections": args.connections,
        "settings": env["DJANGO_SETTINGS_MODULE"],
        "redis": "REDIS_URL" in env,
        **parse_wrk(wrk.stdout),
        "wall_s": round(wall, 1),
        "server_cpu_s": round(cpu, 1),
    }
    result["server_cpu_per_wall"] = round(cpu / wall, 2)
    print(wrk.stdout)
    print(json.dumps(result, indent=2))
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "vendor_status_load.json").write_text(json.dumps(result, indent=2) + "\n")
    if result["errors"]:
        raise SystemExit(f"{result['errors']} errors")


if __name__ == "__main__":
    main()
