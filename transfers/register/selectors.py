"""Reads of the register: flows and agreements with their relations in a fixed number of
queries, whatever the page size."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
from transfers.register.models import SccAgreement, Transfer

PARTY_FIELDS = ("exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor")


def transfers_with_details() -> QuerySet[Transfer]:
    """Flows with both parties and the ids of their categories and purposes: a constant number
    of queries for a page of any size."""
    return Transfer.objects.select_related(*PARTY_FIELDS).prefetch_related(
        Prefetch("data_categories", queryset=DataCategory.objects.only("id")),
        Prefetch("data_subject_categories", queryset=DataSubjectCategory.objects.only("id")),
        Prefetch("purposes", queryset=Purpose.objects.only("id")),
    )


def scc_agreements_with_details() -> QuerySet[SccAgreement]:
    return SccAgreement.objects.select_related(*PARTY_FIELDS).prefetch_related(
        Prefetch("transfers", queryset=Transfer.objects.only("id", "reference"))
    )
