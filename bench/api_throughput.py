"""Benchmark: API throughput on a synthetic register, served by gunicorn on PostgreSQL.

    python bench/api_throughput.py [--database-url postgres://...] [--workers N] [--rounds 5]

Fills the database named by --database-url (default: the local PostgreSQL's tr_api; it must be a
database of its own: the register tables are emptied first) with 10,000 vendors (1-3 locations
each, DPF certifications for US vendors) and 100,000 transfers with their categories, purposes
and stored evaluations, unless it already holds exactly that. Then it starts gunicorn on
127.0.0.1:--port and drives three endpoints side by side with one API key, round after round
(each endpoint in turn, --seconds per turn), over loopback only, with --concurrency client
threads that each wait for their answer before sending the next request:

- the trivial endpoint: GET /api/v1/ping/ (a constant; the floor of DRF + auth + throttling);
- the vendor status: GET /api/v1/vendors/<random id>/status/;
- a filtered vendor list page: GET /api/v1/vendors/?country=US&status=active (the API's default
  page size, or --page-size).

It prints requests per second and p50/p95 latency per endpoint, and each endpoint's share of the
trivial endpoint's throughput (goals: status >= 0.7, list >= 0.4), and writes them to
bench-results/api_throughput.json. With Redis on 127.0.0.1:6379 the throttle counters are shared
by the workers (DB --redis-db), as in production.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VENDORS = 10_000
TRANSFERS = 100_000
BATCH = 5_000
TRIVIAL, STATUS, LIST = "trivial (ping)", "vendor status", "vendor list page"
LIST_FILTER = "/api/v1/vendors/?country=US&status=active"
GOALS = {STATUS: 0.7, LIST: 0.4}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tr_api")
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--port", type=int, default=8060)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--concurrency", type=int, default=0, help="default: 2 x workers")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0, help="per endpoint per round")
    parser.add_argument("--max-requests", type=int, default=200_000, help="hard cap, all told")
    parser.add_argument(
        "--page-size", type=int, default=0, help="of the list page (default: the API's)"
    )
    return parser.parse_args()


def redis_answers(db: int) -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return f"redis://127.0.0.1:6379/{db}"
    except OSError:
        pass
    return None


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("CELERY_BROKER_URL", None)
    if redis_url := redis_answers(args.redis_db):
        env["REDIS_URL"] = redis_url
    return env


# --------------------------------------------------------------------------- the register


def register_is_ready() -> bool:
    from transfers.register.models import Transfer
    from vendors.models import Vendor

    return Vendor.objects.count() == VENDORS and Transfer.objects.count() == TRANSFERS


def empty_register() -> None:
    from django.db import connection

    from affiliates.models import Affiliate
    from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
    from transfers.register.models import SccAgreement, Transfer
    from vendors.models import Vendor

    tables = [
        model._meta.db_table
        for model in (Transfer, SccAgreement, Vendor, Affiliate, DataCategory, Purpose)
    ] + [DataSubjectCategory._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def generate_register(rng: random.Random) -> None:
    """Bulk inserts (no history rows, no signals): a register as big as a large group's."""
    from affiliates.models import Affiliate
    from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
    from vendors.models import Vendor

    empty_register()
    affiliates = Affiliate.objects.bulk_create(
        Affiliate(legal_name=f"Group Entity {n} GmbH", address="Example Str. 1", country_id=code)
        for n, code in enumerate(["DE", "IE", "FR", "NL", "SG", "CN", "US", "GB"] * 3)
    )
    categories = DataCategory.objects.bulk_create(
        DataCategory(name=f"Data category {n}") for n in range(12)
    )
    subjects = DataSubjectCategory.objects.bulk_create(
        DataSubjectCategory(name=f"Data subjects {n}") for n in range(6)
    )
    purposes = Purpose.objects.bulk_create(Purpose(name=f"Purpose {n}") for n in range(10))
    vendor_ids = bulk_vendors(rng)
    bulk_locations_and_certifications(rng, vendor_ids)
    flows_by_vendor = bulk_transfers(rng, vendor_ids, affiliates, categories, subjects, purposes)
    for status in ("not_permitted", "action_required", "compliant"):
        Vendor.objects.filter(
            pk__in=[vid for vid, statuses in flows_by_vendor.items() if worst(statuses) == status]
        ).update(compliance_status=status, evaluated_at=NOW)


VENDOR_COUNTRIES = ["US"] * 5 + ["IE", "DE", "IN", "CN", "SG", "JP", "GB", "CA", "BR", "KR"]
NOW = None  # set in main(): the evaluation time written on every row


def bulk_vendors(rng: random.Random) -> list[int]:
    from vendors.models import Vendor

    kinds = ["service_provider"] * 6 + ["reseller"] * 3 + ["other_recipient"]
    statuses = ["active"] * 8 + ["onboarding", "offboarded"]
    vendors = [
        Vendor(
            legal_name=f"Vendor {n:05d} Ltd",
            kind=rng.choice(kinds),
            country_id=rng.choice(VENDOR_COUNTRIES),
            address=f"{n} Market Street",
            services=rng.choice(["Cloud hosting", "Customer support", "Payments", "Analytics"]),
            status=rng.choice(statuses),
            contract_signed_on=date(2020, 1, 1) + timedelta(days=rng.randrange(1500)),
        )
        for n in range(VENDORS)
    ]
    Vendor.objects.bulk_create(vendors, batch_size=BATCH)
    return list(Vendor.objects.order_by("pk").values_list("pk", flat=True))


def bulk_locations_and_certifications(rng: random.Random, vendor_ids: list[int]) -> None:
    from vendors.models import Vendor, VendorCertification, VendorLocation

    countries = dict(Vendor.objects.values_list("pk", "country_id"))
    locations, certifications = [], []
    for vendor_id in vendor_ids:
        places = {countries[vendor_id], *rng.sample(VENDOR_COUNTRIES, rng.randrange(0, 3))}
        locations += [
            VendorLocation(vendor_id=vendor_id, country_id=code, activity="storage")
            for code in sorted(places)
        ]
        if countries[vendor_id] == "US" and rng.random() < 0.6:
            certifications.append(
                VendorCertification(
                    vendor_id=vendor_id, scheme="EU-US DPF", valid_from=date(2023, 7, 17)
                )
            )
    VendorLocation.objects.bulk_create(locations, batch_size=BATCH)
    VendorCertification.objects.bulk_create(certifications, batch_size=BATCH)


FINDINGS = {
    "compliant": [],
    "action_required": [
        {"code": "TIA_MISSING", "severity": "error", "message": "No approved TIA on file."},
        {"code": "SCC_REVIEW", "severity": "warning", "message": "Review the SCCs' options."},
    ],
    "not_permitted": [
        {"code": "NO_TOOL", "severity": "error", "message": "No transfer tool for this flow."}
    ],
}
RANK = {"compliant": 0, "action_required": 1, "not_permitted": 2}


def worst(statuses: list[str]) -> str:
    return max(statuses, key=RANK.__getitem__)


def bulk_transfers(rng, vendor_ids, affiliates, categories, subjects, purposes) -> dict:
    from transfers.register.models import Transfer

    flows_by_vendor: dict[int, list[str]] = {}
    statuses = ["compliant"] * 7 + ["action_required"] * 2 + ["not_permitted"]
    for start in range(0, TRANSFERS, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, TRANSFERS)):
            vendor_id = vendor_ids[n % VENDORS]
            status = rng.choice(statuses)
            flows_by_vendor.setdefault(vendor_id, []).append(status)
            batch.append(
                Transfer(
                    reference=f"flow-{n:06d}",
                    name=f"Flow {n}",
                    exporter_affiliate=rng.choice(affiliates),
                    exporter_role="controller",
                    importer_vendor_id=vendor_id,
                    importer_role=rng.choice(["processor"] * 3 + ["controller"]),
                    destination_country_id=rng.choice(VENDOR_COUNTRIES),
                    frequency="continuous",
                    legal_tool=rng.choice(["scc", "scc", "adequacy", "bcr"]),
                    compliance_status=status,
                    findings=FINDINGS[status],
                    evaluated_at=NOW,
                )
            )
        created = Transfer.objects.bulk_create(batch)
        bulk_relations(rng, created, categories, subjects, purposes)
    return flows_by_vendor


def bulk_relations(rng, transfers, categories, subjects, purposes) -> None:
    from transfers.register.models import Transfer

    for name, choices in (
        ("data_categories", categories),
        ("data_subject_categories", subjects),
        ("purposes", purposes),
    ):
        through = getattr(Transfer, name).through
        column = f"{choices[0]._meta.model_name}_id"
        through.objects.bulk_create(
            through(transfer_id=transfer.pk, **{column: choice.pk})
            for transfer in transfers
            for choice in rng.sample(choices, 2)
        )


def bench_key() -> str:
    from transfers.access.models import ApiKey
    from transfers.access.services import api_key_create

    ApiKey.objects.filter(name="API benchmark").update(name=f"API benchmark {time.time_ns()}")
    _key, raw_key = api_key_create(name="API benchmark", access="read", throttle_rate="1000000/s")
    return raw_key


# --------------------------------------------------------------------------- the load


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0


def fetch(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def drive(port, paths, headers, seconds, concurrency, budget) -> Sample:
    """``concurrency`` closed-loop clients for ``seconds`` (or until ``budget`` requests)."""
    sample, lock = Sample(), threading.Lock()
    stop_at = time.perf_counter() + seconds
    sent = [0]

    def client() -> None:
        while time.perf_counter() < stop_at:
            with lock:
                if sent[0] >= budget:
                    return
                sent[0] += 1
            started = time.perf_counter()
            status = fetch(port, paths(), headers)
            elapsed = time.perf_counter() - started
            with lock:
                sample.latencies.append(elapsed)
                sample.errors += status != 200

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.seconds = time.perf_counter() - started
    return sample


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[94]


def summary(samples: list[Sample]) -> dict[str, float]:
    latencies = [value for sample in samples for value in sample.latencies]
    seconds = sum(sample.seconds for sample in samples)
    return {
        "requests": len(latencies),
        "errors": sum(sample.errors for sample in samples),
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": p95(latencies) * 1000,
    }


def wait_until_up(port: int, headers: dict[str, str], server: subprocess.Popen) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            if fetch(port, "/api/v1/ping/", headers) == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def main() -> None:
    global NOW
    args = parse_args()
    env = server_environment(args)
    os.environ.update({k: v for k, v in env.items() if k != "REDIS_URL"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    NOW = timezone.now()
    call_command("migrate", verbosity=0)
    if not register_is_ready():
        print(f"Generating {VENDORS:,} vendors and {TRANSFERS:,} transfers ...", flush=True)
        started = time.perf_counter()
        generate_register(random.Random(20260301))
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    from vendors.models import Vendor

    vendor_ids = list(Vendor.objects.values_list("pk", flat=True))
    headers = {"X-API-Key": bench_key(), "Accept": "application/json"}
    from django.db import connections

    connections.close_all()
    concurrency = args.concurrency or 2 * args.workers
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(args.port, headers, server)
        results = run_rounds(args, headers, vendor_ids, concurrency)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(args, env, concurrency, results)


def list_path(args: argparse.Namespace) -> str:
    return LIST_FILTER + (f"&page_size={args.page_size}" if args.page_size else "")


def run_rounds(args, headers, vendor_ids, concurrency) -> dict[str, dict[str, float]]:
    rng = random.Random(7)
    endpoints = {
        TRIVIAL: lambda: "/api/v1/ping/",
        STATUS: lambda: f"/api/v1/vendors/{rng.choice(vendor_ids)}/status/",
        LIST: lambda: list_path(args),
    }
    budget = args.max_requests // (args.rounds * len(endpoints))
    for paths in endpoints.values():  # warm every worker's connections and caches
        drive(args.port, paths, headers, 1.0, concurrency, budget)
    samples: dict[str, list[Sample]] = {name: [] for name in endpoints}
    for round_number in range(args.rounds):
        order = list(endpoints)
        rng.shuffle(order)
        for name in order:
            samples[name].append(
                drive(args.port, endpoints[name], headers, args.seconds, concurrency, budget)
            )
        print(f"  round {round_number + 1}/{args.rounds} done", flush=True)
    return {name: summary(rows) for name, rows in samples.items()}


def report(args, env, concurrency, results) -> None:
    trivial = results[TRIVIAL]
    for row in results.values():
        row["rps_ratio_to_trivial"] = row["rps"] / trivial["rps"]
        row["p95_ratio_to_trivial"] = row["p95_ms"] / trivial["p95_ms"]
    print(
        f"\ngunicorn {args.workers} sync workers, {concurrency} client threads, "
        f"{args.rounds} rounds x {args.seconds:g} s per endpoint, "
        f"throttle cache: {'Redis' if 'REDIS_URL' in env else 'per process'}"
    )
    print(f"{'endpoint':<18} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'rps/trivial':>12} goal")
    for name, row in results.items():
        goal = GOALS.get(name)
        verdict = (
            ""
            if goal is None
            else f">= {goal} {'met' if row['rps_ratio_to_trivial'] >= goal else 'MISSED'}"
        )
        print(
            f"{name:<18} {row['rps']:>8.0f} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} "
            f"{row['rps_ratio_to_trivial']:>12.2f} {verdict}"
        )
        if row["errors"]:
            print(f"  ! {row['errors']} responses were not 200")
    out = ROOT / "bench-results" / "api_throughput.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "workers": args.workers,
                "concurrency": concurrency,
                "rounds": args.rounds,
                "seconds_per_turn": args.seconds,
                "cpu_count": os.cpu_count(),
                "list_path": list_path(args),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
