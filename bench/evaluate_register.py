"""Benchmark: evaluating the whole register on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tr_eval python bench/evaluate_register.py \
        [--transfers 100000] [--batch-size 1000] [--runs 2] [--keep]

Fills the database named by DATABASE_URL (created if missing, migrated; its register tables are
emptied first, so point it at a database of its own) with a synthetic register: affiliates in
the EEA, the UK, Switzerland and Asia, vendors around the world with DPF certifications (some
lapsed), SCC agreements (some old, some with the UK Addendum, some drafts or terminated), data
categories, and --transfers flows mixing regimes, roles, tools and flags. Every vendor has a
location (storage or remote access, often outside its own country) and most engage a
sub-processor, some of which engage their own: about 3 legs per transfer on average. Rows are
bulk-inserted, so no re-evaluation is triggered while loading. Then it measures, --runs times
(medians of wall time and of this process's CPU time; the database server's CPU is not counted):

- read: the rows the evaluation reads, with the same select_related and prefetches, batch by
  batch (the floor any evaluation pays);
  (the three are interleaved run by run, so that a busy moment on the machine hits them alike)
- first run: evaluate and store every transfer when every result is new (every row written);
- nightly run: the same again when nothing changed (every row stamped, none rewritten);
- the ratio of each run to the read of the same run (paired; goal: at most 3);
- queries per batch for two batch sizes (they must not grow with the batch size: a larger batch
  may even need fewer, when its importers already include the sub-processors it reaches).

Figures go to stdout and to bench-results/evaluate_register.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tr_eval"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DJANGO_DEBUG"] = "false"  # no query log: measure what production runs


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it does not exist yet."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


if not os.environ["DATABASE_URL"].startswith("postgres"):
    sys.exit("This benchmark measures PostgreSQL: set DATABASE_URL=postgres://...")
ensure_database(os.environ["DATABASE_URL"])

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from affiliates.models import Affiliate
from transfers.evaluation.services import (
    _batches,
    transfers_evaluate,
)
from transfers.reference.models import DataCategory
from transfers.reference.selectors import reference_data_from_db
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation

RESULTS = ROOT / "bench-results" / "evaluate_register.json"
VENDOR_COUNTRIES = ["US"] * 8 + ["IN", "CN", "JP", "GB", "CA", "BR", "SG", "KR", "DE", "FR", "CH"]
ROLES = [("controller", "processor")] * 6 + [
    ("controller", "controller"),
    ("processor", "processor"),
    ("processor", "controller"),
]
LOCATION_COUNTRIES = ["US", "IN", "MX", "PH", "IE", "DE", "GB", "CA", "BR", "JP"]
LOCATION_ACTIVITIES = ["storage", "access", "storage_and_access"]
# Vendors by tier: the first engage a sub-processor of the second tier, which engages one of the
# third (chains of two), the second tier's own flows have one sub-processor, the third none. With
# one location each, an importer has 5, 3 or 1 legs: 0.35 * 5 + 0.35 * 3 + 0.3 * 1 = 3.1.
TIERS = (0.35, 0.35, 0.30)
TOOLS = ["scc"] * 6 + ["adequacy"] * 2 + ["bcr", "derogation", "none_needed"]


def wipe_register() -> None:
    with connection.cursor() as cursor:
        for model in (SccAgreement, Transfer, DataCategory, VendorCertification, Vendor, Affiliate):
            cursor.execute(f'TRUNCATE "{model._meta.db_table}" CASCADE')


def build_register(size: int, rng: random.Random) -> None:
    """Bulk-insert a synthetic register of `size` transfers."""
    representative = Affiliate.objects.create(
        legal_name="Bench Representative GmbH", address="Berlin", country_id="DE"
    )
    affiliates = Affiliate.objects.bulk_create(
        [
            Affiliate(
                legal_name=f"Bench Affiliate {n}",
                address="Somewhere",
                country_id=code,
                subject_to_gdpr=subject,
                eu_representative=representative if subject == "art3_2" else None,
            )
            for n, (code, subject) in enumerate(
                [("IE", "establishment"), ("DE", "establishment"), ("FR", "establishment")] * 4
                + [("SG", "art3_2"), ("CN", "art3_2"), ("GB", "no"), ("CH", "no")] * 2
            )
        ]
    )
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                legal_name=f"Bench Vendor {n}",
                kind="service_provider",
                country_id=rng.choice(VENDOR_COUNTRIES),
                services="Bench services",
                status="active",
                subject_to_gdpr_art3_2=rng.random() < 0.1,
                is_commercial_organisation=rng.random() < 0.95,
            )
            for n in range(max(50, size // 20))
        ],
        batch_size=5000,
    )
    VendorCertification.objects.bulk_create(
        [
            VendorCertification(
                vendor=vendor,
                scheme=rng.choice(["EU-US DPF", "EU-US DPF", "UK Extension", "Swiss-US DPF"]),
                valid_from="2023-07-17",
                valid_until=rng.choice([None, None, None, "2025-06-30"]),
            )
            for vendor in vendors
            if vendor.country_id == "US" and rng.random() < 0.6
        ],
        batch_size=5000,
    )
    build_legs(vendors, rng)
    categories = DataCategory.objects.bulk_create(
        [DataCategory(name=f"Bench category {n}", special_category=n < 3) for n in range(20)]
    )
    transfers = Transfer.objects.bulk_create(
        [random_transfer(n, rng, affiliates, vendors) for n in range(size)], batch_size=5000
    )
    Category = Transfer.data_categories.through
    Category.objects.bulk_create(
        [
            Category(transfer_id=t.pk, datacategory_id=c.pk)
            for t in transfers
            for c in rng.sample(categories, rng.randint(0, 3))
        ],
        batch_size=10000,
    )
    agreements, covered = [], []
    for transfer in transfers:
        if transfer.exporter_role and rng.random() < 0.7:
            agreements.append(random_agreement(len(agreements), transfer, rng))
            covered.append(transfer)
    SccAgreement.objects.bulk_create(agreements, batch_size=5000)
    Covered = SccAgreement.transfers.through
    Covered.objects.bulk_create(
        [
            Covered(sccagreement_id=a.pk, transfer_id=t.pk)
            for a, t in zip(agreements, covered, strict=True)
        ],
        batch_size=10000,
    )


def build_legs(vendors: list[Vendor], rng: random.Random) -> None:
    """One location per vendor and the sub-processor chains of `TIERS`."""
    VendorLocation.objects.bulk_create(
        [
            VendorLocation(
                vendor=vendor,
                country_id=rng.choice([vendor.country_id, *LOCATION_COUNTRIES]),
                activity=rng.choice(LOCATION_ACTIVITIES),
            )
            for vendor in vendors
        ],
        batch_size=5000,
    )
    first = int(len(vendors) * TIERS[0])
    second = first + int(len(vendors) * TIERS[1])
    tiers = (vendors[:first], vendors[first:second], vendors[second:])
    links = [
        SubProcessor(vendor=vendor, sub_processor=rng.choice(tiers[level + 1]))
        for level in (0, 1)
        for vendor in tiers[level]
    ]
    SubProcessor.objects.bulk_create(links, batch_size=5000)


def legs_per_transfer() -> float:
    """The average number of legs the evaluation walks per transfer, measured on the data."""
    from transfers.evaluation.services import prefetch_legs

    transfers = list(Transfer.objects.only("id", "importer_vendor_id"))
    legs = prefetch_legs(transfers)
    return sum(len(legs.get(t.importer_vendor_id, ())) for t in transfers) / len(transfers)


def random_transfer(n: int, rng: random.Random, affiliates, vendors) -> Transfer:
    exporter_role, importer_role = rng.choice(ROLES)
    importer = rng.choice(vendors)
    direct = rng.random() < 0.02
    return Transfer(
        reference=f"bench-{n}",
        name=f"Bench flow {n}",
        regime=rng.choice(["EU"] * 16 + ["UK"] * 3 + ["CH"]),
        exporter_affiliate=None if direct else rng.choice(affiliates),
        exporter_role="" if direct else exporter_role,
        importer_vendor=importer,
        importer_role=importer_role,
        destination_country_id=importer.country_id,
        frequency="continuous",
        legal_tool=rng.choice(TOOLS),
        remote_access_only=rng.random() < 0.2,
        direct_collection=direct,
        returns_only_received_data=(exporter_role, importer_role) == ("processor", "controller"),
        special_category_data=rng.random() < 0.05,
        state=rng.choice(["active"] * 8 + ["planned", "ended"]),
    )


def random_agreement(n: int, transfer: Transfer, rng: random.Random) -> SccAgreement:
    module = {("controller", "processor"): 2, ("controller", "controller"): 1}.get(
        (transfer.exporter_role, transfer.importer_role),
        3 if transfer.importer_role == "processor" else 4,
    )
    old = rng.random() < 0.1
    signed = rng.random() < 0.9
    day = rng.choice(["2019-05-02", "2021-10-01", "2022-06-15", "2023-11-20"])
    return SccAgreement(
        reference=f"bench-scc-{n}",
        title=f"Bench SCCs {n}",
        instrument="scc-2010/87" if old and module == 2 else "scc-2021/914",
        module=None if old and module == 2 else module,
        exporter_affiliate_id=transfer.exporter_affiliate_id,
        importer_vendor_id=transfer.importer_vendor_id,
        status="signed" if signed else "draft",
        exporter_signed_on=day if signed else None,
        importer_signed_on=day if signed else None,
        terminated_on="2024-01-31" if rng.random() < 0.03 else None,
        clause_9_option=2 if module in (2, 3) else None,
        uk_addendum=transfer.regime == "UK" and rng.random() < 0.7,
    )


def vacuum() -> None:
    """Start each timed run from a vacuumed table, as autovacuum leaves it between nights."""
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{Transfer._meta.db_table}"')


def reset_results() -> None:
    Transfer.objects.update(
        compliance_status="not_evaluated", findings=[], decision=None, evaluated_at=None
    )
    vacuum()


def timed(function) -> tuple[float, float]:
    """Wall time and this process's CPU time of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - cpu


def median(values: list[float]) -> float:
    return statistics.median(values)


def read_all(batch_size: int) -> None:
    for _batch in _batches(Transfer.objects.all(), batch_size):
        pass


def queries_per_batch(batch_size: int, sample: int) -> dict:
    """Evaluate the first `sample` transfers in batches of `batch_size`, counting queries."""
    last_pk = Transfer.objects.order_by("pk").values_list("pk", flat=True)[sample - 1]
    subset = Transfer.objects.filter(pk__lte=last_pk)
    reference_data_from_db()
    subset.update(compliance_status="not_evaluated", findings=[], decision=None)
    with CaptureQueriesContext(connection) as context:
        transfers_evaluate(queryset=subset, batch_size=batch_size)
    batches = -(-sample // batch_size)
    full_last_page = sample % batch_size == 0
    fixed = 1 + (1 if full_last_page else 0)  # reference check, empty closing page
    return {
        "batch_size": batch_size,
        "transfers": sample,
        "batches": batches,
        "queries": len(context),
        "per_batch": (len(context) - fixed) / batches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="Reuse the register already loaded.")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not (args.keep and Transfer.objects.count() == args.transfers):
        print(f"Loading a synthetic register of {args.transfers} transfers...", flush=True)
        load = time.perf_counter()
        with transaction.atomic():
            wipe_register()
            build_register(args.transfers, random.Random(20261129))
        print(f"  loaded in {time.perf_counter() - load:.1f} s", flush=True)
    reset_results()
    reference_data_from_db()

    read_all(args.batch_size)  # warm the caches
    legs = legs_per_transfer()
    runs = []
    for _ in range(args.runs):  # paired: a busy moment on the machine hits all three alike
        reset_results()
        read = timed(lambda: read_all(args.batch_size))
        first = timed(lambda: transfers_evaluate(batch_size=args.batch_size))
        vacuum()
        nightly = timed(lambda: transfers_evaluate(batch_size=args.batch_size))
        runs.append({"read": read, "first": first, "nightly": nightly})
    statuses = dict(
        Transfer.objects.order_by()
        .values_list("compliance_status")
        .annotate(n=django.db.models.Count("pk"))
    )
    sample = min(args.transfers, 4000)
    counts = [queries_per_batch(size, sample) for size in (sample // 8, sample // 2)]

    def figures(name: str) -> dict:
        return {
            "wall_s": round(median([run[name][0] for run in runs]), 2),
            "cpu_s": round(median([run[name][1] for run in runs]), 2),
            "wall_ratio": round(median([run[name][0] / run["read"][0] for run in runs]), 2),
            "cpu_ratio": round(median([run[name][1] / run["read"][1] for run in runs]), 2),
        }

    measured = {name: figures(name) for name in ("read", "first", "nightly")}
    results = {
        "transfers": args.transfers,
        "batch_size": args.batch_size,
        "runs": args.runs,
        "legs_per_transfer": round(legs, 2),
        "read": measured["read"],
        "first_run": measured["first"],
        "nightly_run": measured["nightly"],
        "statuses": statuses,
        "queries": counts,
    }
    print(
        f"Transfers: {args.transfers} ({legs:.2f} legs each on average), batch size "
        f"{args.batch_size}, medians of {args.runs} paired runs (wall / CPU of this process)"
    )
    for label, name in (
        ("read with prefetches:         ", "read"),
        ("evaluate + store, first run:  ", "first"),
        ("evaluate + store, nightly run:", "nightly"),
    ):
        m = measured[name]
        print(
            f"  {label} {m['wall_s']:7.2f} s / {m['cpu_s']:7.2f} s CPU"
            f"  ratio {m['wall_ratio']:.2f} / {m['cpu_ratio']:.2f} CPU"
        )
    print(f"  statuses: {statuses}")
    for count in counts:
        print(
            f"  batch size {count['batch_size']:5}: {count['batches']} batches, "
            f"{count['queries']} queries, {count['per_batch']:.0f} per batch"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Figures written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
