"""Benchmark: TIA reports rendered by Celery workers against Redis and PostgreSQL.

    python bench/tia_workers.py [--reports 100] [--configs 1,2] [--database-url URL]
                                [--broker-url URL]

Defaults: PostgreSQL database ``tr_tia`` on 127.0.0.1 (created when missing), Redis database 3 on
127.0.0.1. The database is migrated and given the demo register plus ``--reports`` copies of its
showcase flow (hosting-us-platform), each with its own approved TIA made through the services
(the demo loader's code path); rows from an earlier run are reused. Nothing else is touched: a
run deletes only TIA report documents (and their files) before each measurement.

For each worker configuration (a number of worker processes, ``celery -A config worker -c N``;
``2x1`` means two worker instances of one process each) the benchmark starts the workers, warms
every process up (WeasyPrint's start-up is paid before the clock starts), requests the
``--reports`` reports through ``document_request`` (the same path as the admin and the API) and
waits until every row is ready. It prints reports per minute for each configuration and the
ratio to one process (goal: close to 2 on 2 cores), and writes bench-results/tia_workers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SHOWCASE = "hosting-us-platform"
WAIT_SECONDS = 1800
LOG_DIR = Path(tempfile.mkdtemp(prefix="bench-tia-logs-"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--configs", default="1,2", help="comma-separated: 1, 2, 2x1, ...")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every configuration this many times, interleaved; the best run counts "
        "(the least disturbed by other work on the machine), the median is kept too",
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tr_tia")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--media-root", default=None, help="default: a temporary folder")
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=None,
        help="before each measurement, wait (up to --quiet-wait seconds) until the 1-minute "
        "load average is at most this: on a shared machine other work steals the cores",
    )
    parser.add_argument("--quiet-wait", type=int, default=1800)
    return parser.parse_args()


def configure(args: argparse.Namespace) -> dict[str, str]:
    """The environment for this process and the workers (set before Django starts)."""
    media = args.media_root or tempfile.mkdtemp(prefix="bench-tia-media-")
    env = {
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.broker_url,
        "MEDIA_ROOT": media,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def create_database(url: str) -> None:
    """CREATE DATABASE when it does not exist (PostgreSQL only)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def prepare_register(count: int) -> list:
    """Migrate, load the demo register and make ``count`` approved copies of its showcase TIA."""
    from django.core.management import call_command

    from transfers.assessments.models import TransferImpactAssessment

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    made = [clone_showcase(index) for index in range(count)]
    created = sum(1 for _, new in made if new)
    print(f"{count} bench TIAs ready ({created} created in {time.perf_counter() - started:.1f} s)")
    return list(
        TransferImpactAssessment.objects.filter(pk__in=[tia.pk for tia, _ in made]).order_by("pk")
    )


def clone_showcase(index: int):
    """A copy of the showcase transfer with its own approved TIA (made by the demo loader).

    The copy is not added to the showcase's SCC agreement: `load_demo` resets the agreement's
    transfers to the demo file, which would outdate the copies' assessments on the next run."""
    import yaml

    from transfers.demo.assessments import DEMO_ASSESSMENTS_FILE, demo_user, load_assessment
    from transfers.register.models import Transfer

    reference = f"bench-{SHOWCASE}-{index:03d}"
    source = Transfer.objects.get(reference=SHOWCASE)
    clone = Transfer.objects.filter(reference=reference).first()
    if clone is not None and clone.assessments.exists():
        return clone.assessments.order_by("-version").first(), False
    if clone is None:
        clone = Transfer.objects.get(pk=source.pk)
        clone.pk = clone.id = None
        clone.reference, clone.name = reference, f"{source.name} (bench copy {index:03d})"
        clone.save()
        clone.data_categories.set(source.data_categories.all())
        clone.data_subject_categories.set(source.data_subject_categories.all())
        clone.purposes.set(source.purposes.all())
    data = yaml.safe_load(DEMO_ASSESSMENTS_FILE.read_text(encoding="utf-8"))
    users = {row["username"]: demo_user(row) for row in data["users"]}
    entry = next(e for e in data["assessments"] if e.get("transfer") == SHOWCASE)
    return load_assessment({**entry, "transfer": reference}, users), True


def clear_reports() -> None:
    """Forget earlier TIA reports so each measurement renders every report."""
    from transfers.documents.models import Document, DocumentDownload

    documents = Document.objects.filter(kind="tia")
    for document in documents:
        if document.file:
            document.file.delete(save=False)
    DocumentDownload.objects.filter(document__kind="tia").delete()
    documents.delete()


def split_config(config: str) -> tuple[int, int]:
    """ "2" → one worker of 2 processes; "2x1" → two workers of one process each."""
    if "x" in config:
        instances, processes = config.split("x")
        return int(instances), int(processes)
    return 1, int(config)


def start_workers(config: str, env: dict[str, str], tag: str) -> list[subprocess.Popen]:
    """``N`` → one worker with N processes; ``MxN`` → M workers with N processes each."""
    instances, processes = (
        (int(x) for x in config.split("x")) if "x" in config else (1, int(config))
    )
    workers = []
    for number in range(instances):
        command = [
            PYTHON, "-m", "celery", "-A", "config", "worker",
            "-c", str(processes), "-P", "prefork", "--loglevel=WARNING",
            "-n", f"bench-{tag}-{number}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=open(LOG_DIR / f"worker-{tag}-{number}.log", "wb"),  # noqa: SIM115
                start_new_session=True,
            )
        )
    wait_for_workers(len(workers))
    return workers


def wait_for_workers(expected: int) -> None:
    from config.celery_app import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0) or []) >= expected:
            return
    raise SystemExit(f"{expected} worker(s) did not answer within 60 s")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    """Warm shutdown (SIGTERM to each worker we started), then kill what does not stop."""
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            pending += [int(child) for child in children]
    return found


def cpu_seconds(workers: list[subprocess.Popen]) -> float:
    """User + system CPU time used so far by the workers and their pool processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for worker in workers:
        for pid in process_tree(worker.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def own_cpu_seconds() -> float:
    """CPU used by this process: the requests (register read, hash) and the polling."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def request_reports(assessments: list) -> list[int]:
    from transfers.documents.services import document_request

    return [
        document_request(kind="tia", source=assessment, edition="full").pk
        for assessment in assessments
    ]


def wait_until_rendered(document_ids: list[int]) -> None:
    from transfers.documents.models import Document

    deadline = time.monotonic() + WAIT_SECONDS
    pending = Document.objects.filter(pk__in=document_ids, state__in=["queued", "rendering"])
    while pending.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{pending.count()} reports still pending after {WAIT_SECONDS} s")
        time.sleep(0.2)
    failed = Document.objects.filter(pk__in=document_ids, state="failed")
    if failed.exists():
        raise SystemExit(f"{failed.count()} reports failed: {failed.first().failure_reason}")


def warm_up(assessments: list, processes: int) -> None:
    """Render a few reports (2 per process) so every process has loaded WeasyPrint."""
    wait_until_rendered(request_reports(assessments[: 2 * processes]))
    clear_reports()


def wait_for_quiet(limit: float | None, patience: int) -> None:
    if limit is None:
        return
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(5)


def measure(config: str, assessments: list, env: dict[str, str]) -> dict:
    from config.celery_app import app
    from transfers.documents.models import Document

    instances, per_instance = split_config(config)
    processes = instances * per_instance
    clear_reports()
    app.control.purge()
    workers = start_workers(config, env, tag=config.replace("x", "by"))
    try:
        warm_up(assessments, processes)
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(workers)
        own_before = own_cpu_seconds()
        started = time.perf_counter()
        ids = request_reports(assessments)
        wait_until_rendered(ids)
        elapsed = time.perf_counter() - started
        worker_cpu = cpu_seconds(workers) - cpu_before
        requester_cpu = own_cpu_seconds() - own_before
        load_after = os.getloadavg()[0]
    finally:
        stop_workers(workers)
    rows = Document.objects.filter(pk__in=ids)
    seconds = [row.render_seconds for row in rows]
    result = {
        "config": config,
        "processes": processes,
        "reports": len(ids),
        "elapsed_seconds": round(elapsed, 2),
        "reports_per_minute": round(len(ids) / elapsed * 60, 1),
        "render_seconds_median": round(statistics.median(seconds), 3),
        "render_seconds_mean": round(statistics.fmean(seconds), 3),
        "pages_per_report": statistics.median(row.page_count for row in rows),
        "worker_cpu_seconds_per_report": round(worker_cpu / len(ids), 3),
        "worker_cpu_utilisation": round(worker_cpu / elapsed, 2),
        "requester_cpu_seconds": round(requester_cpu, 1),
        "cpu_bound_ceiling_per_minute": round(processes * 60 * len(ids) / worker_cpu, 1),
        "load_average_1min_before_after": [round(load_before, 2), round(load_after, 2)],
    }
    print(
        f"config {config:>4} ({processes} process{'es' if processes > 1 else ''}): "
        f"{result['reports']} reports in {elapsed:.1f} s = {result['reports_per_minute']} "
        f"reports/min (median render {result['render_seconds_median']} s, "
        f"{result['pages_per_report']} pages; workers used {result['worker_cpu_utilisation']} "
        f"CPUs, {result['worker_cpu_seconds_per_report']} CPU-s per report; load average "
        f"{load_before:.1f} → {load_after:.1f})"
    )
    return result


def summarise(config: str, runs: list[dict]) -> dict:
    """The best run of a configuration, with the median throughput of all its runs."""
    best = max(runs, key=lambda run: run["reports_per_minute"])
    return {
        **best,
        "rounds": len(runs),
        "reports_per_minute_median": round(
            statistics.median(run["reports_per_minute"] for run in runs), 1
        ),
        "runs": runs,
    }


def main() -> None:
    args = parse_args()
    env = configure(args)
    create_database(args.database_url)

    import django

    django.setup()
    assessments = prepare_register(args.reports)
    configs = [config.strip() for config in args.configs.split(",")]
    runs = []
    for _ in range(args.rounds):
        for config in configs:
            wait_for_quiet(args.quiet_load, args.quiet_wait)
            runs.append(measure(config, assessments, env))
    results = [
        summarise(config, [run for run in runs if run["config"] == config]) for config in configs
    ]
    base = results[0]["reports_per_minute"]
    for result in results:
        result["ratio_to_first"] = round(result["reports_per_minute"] / base, 2)
    summary = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "database": urlsplit(args.database_url)._replace(netloc="…").geturl(),
        "broker": args.broker_url,
        "results": results,
    }
    for r in results:
        print(
            f"{r['config']:>4}: {r['reports_per_minute']} reports/min (best of {r['rounds']}, "
            f"median {r['reports_per_minute_median']}), ratio {r['ratio_to_first']}; "
            f"CPU-bound ceiling {r['cpu_bound_ceiling_per_minute']} reports/min"
        )
    out = ROOT / "bench-results" / "tia_workers.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
