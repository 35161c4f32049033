"""Benchmark: rendering an SCC copy through the stored-document pipeline.

    python bench/scc_render.py [--runs 3] [--edition full|data_subject]

Uses a throwaway SQLite database and media folder (nothing of yours is touched), loads the demo
register and takes its largest SCC agreement (most transfers, then most sub-processors); without
the demo register it builds a synthetic agreement with the test factories. Measures:

- first request: the whole pipeline (register read, hash, template, WeasyPrint, file stored) in a
  fresh process, WeasyPrint's start-up included;
- pipeline render against WeasyPrint alone on the same final HTML, interleaved, best of --runs
  each (the best is the least disturbed by other processes; medians are printed too): the ratio
  says what our queries, templating and storage add (goal <= 1.25); the register read and the
  templating are also timed on their own;
- a repeated request answered from the stored file (median of 20; goal < 5 % of the render);
- peak memory of one render: Python allocations (tracemalloc) and the process's peak RSS.

Figures go to stdout and to bench-results/scc_render.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-scc-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.pop("CELERY_BROKER_URL", None)  # render in-process (eager), as the embedded default
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command
from django.db.models import Count

from transfers.documents.choices import DocumentKind
from transfers.documents.models import Document
from transfers.documents.pdf_engine import weasyprint_render
from transfers.documents.rendering import PDF_BASE_URL, renderer_for
from transfers.documents.services import (
    _with_document_meta,
    document_request,
)
from transfers.register.models import SccAgreement


def largest_agreement() -> tuple[SccAgreement, str]:
    call_command("migrate", verbosity=0)
    try:
        call_command("load_demo", verbosity=0)
    except Exception as exc:  # noqa: BLE001 - fall back to a synthetic register
        print(f"demo register not loaded ({exc}); using a synthetic agreement")
    agreements = SccAgreement.objects.filter(module__isnull=False).annotate(
        flows=Count("transfers", distinct=True),
        subs=Count("importer_vendor__sub_processors", distinct=True),
    )
    for agreement in agreements.order_by("-flows", "-subs", "pk"):
        try:
            renderer_for(DocumentKind.SCC).inputs(agreement, "full")
        except ValueError as exc:
            print(f"skipping {agreement.reference}: {exc}")
            continue
        return agreement, f"demo register: {agreement.reference} ({agreement.flows} transfers)"
    from tests.scc_samples import build_scc_agreement

    agreement = build_scc_agreement(module=2, transfers=12, uk_addendum=True)
    return agreement, f"synthetic: {agreement.reference} (12 transfers)"


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def request(agreement: SccAgreement, edition: str) -> Document:
    return document_request(kind=DocumentKind.SCC, source=agreement, edition=edition)


def forget_documents(agreement: SccAgreement) -> None:
    """So that the next request renders again (same inputs would reuse the stored file)."""
    for document in Document.objects.filter(scc_agreement=agreement):
        document.file.delete(save=False)
        document.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edition", default="full", choices=["full", "data_subject"])
    args = parser.parse_args()
    agreement, origin = largest_agreement()

    first_seconds, document = timed(request, agreement, args.edition)
    document.refresh_from_db()
    assert document.state == "ready", document.failure_reason
    pages = document.page_count
    html = renderer_for(DocumentKind.SCC).html(_with_document_meta(document), args.edition)

    # Interleaved, so that load from other processes falls on both sides alike.
    pipeline, weasy = [], []
    for _ in range(args.runs):
        forget_documents(agreement)
        pipeline.append(timed(request, agreement, args.edition)[0])
        weasy.append(timed(weasyprint_render, html, base_url=PDF_BASE_URL)[0])
    stored = [timed(request, agreement, args.edition)[0] for _ in range(20)]
    renderer = renderer_for(DocumentKind.SCC)
    inputs_s = min(timed(renderer.inputs, agreement, args.edition)[0] for _ in range(5))
    meta_inputs = _with_document_meta(document)
    html_s = min(timed(renderer.html, meta_inputs, args.edition)[0] for _ in range(5))

    forget_documents(agreement)
    tracemalloc.start()
    request(agreement, args.edition)
    _, peak_python = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    render = min(pipeline)
    alone = min(weasy)
    answer = statistics.median(stored)
    figures = {
        "agreement": origin,
        "edition": args.edition,
        "pages": pages,
        "html_kib": round(len(html.encode()) / 1024, 1),
        "first_request_s": round(first_seconds, 3),
        "pipeline_render_best_s": round(render, 3),
        "pipeline_render_median_s": round(statistics.median(pipeline), 3),
        "weasyprint_alone_best_s": round(alone, 3),
        "weasyprint_alone_median_s": round(statistics.median(weasy), 3),
        "ratio_pipeline_to_weasyprint": round(render / alone, 3),
        "register_read_and_hash_s": round(inputs_s, 4),
        "html_templating_s": round(html_s, 4),
        "stored_answer_median_s": round(answer, 4),
        "stored_answer_share_of_render": round(answer / render, 4),
        "peak_python_alloc_mib": round(peak_python / 2**20, 1),
        "peak_rss_mib": round(peak_rss_kib / 1024, 1),
        "runs": args.runs,
    }
    for key, value in figures.items():
        print(f"{key:32} {value}")
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    (results / "scc_render.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
