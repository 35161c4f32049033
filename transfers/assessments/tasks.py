"""Celery tasks of the assessments: thin wrappers that call their services."""

from __future__ import annotations

from celery import shared_task

from transfers.assessments.services import assessments_outdate_due


@shared_task(acks_late=True)
def outdate_due_assessments() -> int:
    """Nightly: outdate approved TIAs whose review date came or whose register facts changed."""
    return len(assessments_outdate_due())
