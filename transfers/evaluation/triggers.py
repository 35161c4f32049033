"""Re-evaluate the register when something a decision depends on changes.

The receivers only collect the ids of the transfers (or vendors) concerned; after the
transaction commits, one task per kind re-evaluates them: the changes made in one transaction
(an admin page with inlines, a data load) are gathered into one run. A change to reference data
(countries, adequacy decisions, instruments and their terms) re-evaluates the whole register.
Rows loaded raw (fixtures) trigger nothing; the nightly run catches anything missed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from affiliates.models import Affiliate, Country
from transfers.dispatch import send_after_commit
from transfers.evaluation.selectors import transfer_ids_reaching
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    InstrumentTerm,
    TransferInstrument,
)
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation

PENDING_ATTRIBUTE = "_transfer_evaluation_pending"
REFERENCE_MODELS = (Country, AdequacyDecision, TransferInstrument, InstrumentTerm)


@dataclass
class PendingEvaluation:
    """What the changes on one database connection call for, not yet sent."""

    transfer_ids: set[int] = field(default_factory=set)
    vendor_ids: set[int] = field(default_factory=set)
    everything: bool = False


def send_pending_evaluation() -> None:
    """After commit: send what was gathered, once. Every change registers this callback; the
    first to run after a commit sends everything the transaction gathered and the others find
    nothing left. Ids gathered by a transaction that rolled back are sent with the next commit:
    a harmless re-evaluation, never a missed one."""
    from transfers.evaluation.tasks import (
        evaluate_register_task,
        evaluate_transfers_task,
        refresh_vendor_statuses_task,
    )

    connection = transaction.get_connection()
    pending: PendingEvaluation | None = getattr(connection, PENDING_ATTRIBUTE, None)
    setattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None:
        return
    if pending.everything:
        send_after_commit(evaluate_register_task, run_here_if_unsent=True)
        return
    if pending.transfer_ids:
        send_after_commit(
            evaluate_transfers_task, sorted(pending.transfer_ids), run_here_if_unsent=True
        )
    if pending.vendor_ids:
        send_after_commit(
            refresh_vendor_statuses_task, sorted(pending.vendor_ids), run_here_if_unsent=True
        )


def schedule_evaluation(
    *,
    transfer_ids: Iterable[int] = (),
    vendor_ids: Iterable[int] = (),
    everything: bool = False,
) -> None:
    """Re-evaluate after commit (at once outside a transaction)."""
    connection = transaction.get_connection()
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None:
        pending = PendingEvaluation()
        setattr(connection, PENDING_ATTRIBUTE, pending)
    pending.transfer_ids.update(transfer_ids)
    pending.vendor_ids.update(v for v in vendor_ids if v is not None)
    pending.everything |= everything
    transaction.on_commit(send_pending_evaluation)


def transfers_of_vendors(*vendor_ids: int) -> list[int]:
    return list(
        Transfer.objects.filter(
            Q(importer_vendor_id__in=vendor_ids) | Q(exporter_vendor_id__in=vendor_ids)
        ).values_list("pk", flat=True)
    )


def transfers_of_affiliate(affiliate: Affiliate) -> list[int]:
    """Its own flows, and those of the affiliates it represents (Art. 27)."""
    represented = Q(exporter_affiliate__eu_representative=affiliate) | Q(
        exporter_affiliate__uk_representative=affiliate
    )
    return list(
        Transfer.objects.filter(
            Q(importer_affiliate=affiliate) | Q(exporter_affiliate=affiliate) | represented
        ).values_list("pk", flat=True)
    )


# ------------------------------------------------------------------------------ receivers


@receiver(pre_save, sender=Transfer, dispatch_uid="evaluation_transfer_parties_before")
def remember_previous_vendors(sender, instance: Transfer, raw: bool = False, **kwargs) -> None:
    """A transfer moved away from a vendor changes that vendor's status too."""
    if raw or instance.pk is None:
        return
    previous = Transfer.objects.filter(pk=instance.pk).values_list(
        "importer_vendor_id", "exporter_vendor_id"
    )
    instance._previous_vendor_ids = set(previous.first() or ())


@receiver(post_save, sender=Transfer, dispatch_uid="evaluation_transfer_saved")
def transfer_saved(sender, instance: Transfer, raw: bool = False, **kwargs) -> None:
    if not raw:
        previous = getattr(instance, "_previous_vendor_ids", set())
        schedule_evaluation(transfer_ids=[instance.pk], vendor_ids=previous)


@receiver(post_delete, sender=Transfer, dispatch_uid="evaluation_transfer_deleted")
def transfer_deleted(sender, instance: Transfer, **kwargs) -> None:
    schedule_evaluation(vendor_ids=[instance.importer_vendor_id, instance.exporter_vendor_id])


@receiver(post_save, sender=DataCategory, dispatch_uid="evaluation_category_saved")
def data_category_saved(sender, instance: DataCategory, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(transfer_ids=instance.transfers.values_list("pk", flat=True))


@receiver(post_save, sender=SccAgreement, dispatch_uid="evaluation_agreement_saved")
@receiver(pre_delete, sender=SccAgreement, dispatch_uid="evaluation_agreement_deleted")
def agreement_changed(sender, instance: SccAgreement, raw: bool = False, **kwargs) -> None:
    if not raw and instance.pk is not None:
        schedule_evaluation(transfer_ids=instance.transfers.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Transfer.data_categories.through, dispatch_uid="evaluation_cats")
@receiver(m2m_changed, sender=SccAgreement.transfers.through, dispatch_uid="evaluation_covered")
def transfer_links_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    """Data categories or SCC agreements linked to or unlinked from transfers, from either side:
    from the transfer's, it is the one to evaluate; from the other, `pk_set` names the
    transfers (before a clear, the transfers still linked do)."""
    if isinstance(instance, Transfer):
        if action.startswith("post_"):
            schedule_evaluation(transfer_ids=[instance.pk])
    elif action in ("post_add", "post_remove"):
        schedule_evaluation(transfer_ids=pk_set or ())
    elif action == "pre_clear":
        schedule_evaluation(transfer_ids=instance.transfers.values_list("pk", flat=True))


@receiver(post_save, sender=Vendor, dispatch_uid="evaluation_vendor_saved")
def vendor_saved(sender, instance: Vendor, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(
            transfer_ids=transfers_of_vendors(instance.pk), vendor_ids=[instance.pk]
        )


@receiver(post_save, sender=VendorCertification, dispatch_uid="evaluation_certification_saved")
@receiver(post_delete, sender=VendorCertification, dispatch_uid="evaluation_certification_gone")
@receiver(post_save, sender=VendorLocation, dispatch_uid="evaluation_location_saved")
@receiver(post_delete, sender=VendorLocation, dispatch_uid="evaluation_location_deleted")
def vendor_detail_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(transfer_ids=transfer_ids_reaching([instance.vendor_id]))


@receiver(post_save, sender=SubProcessor, dispatch_uid="evaluation_sub_processor_saved")
@receiver(post_delete, sender=SubProcessor, dispatch_uid="evaluation_sub_processor_deleted")
def sub_processor_changed(sender, instance: SubProcessor, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(
            transfer_ids=transfer_ids_reaching([instance.vendor_id, instance.sub_processor_id])
        )


@receiver(post_save, sender=Affiliate, dispatch_uid="evaluation_affiliate_saved")
def affiliate_saved(sender, instance: Affiliate, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(transfer_ids=transfers_of_affiliate(instance))


def reference_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_evaluation(everything=True)


for model in REFERENCE_MODELS:
    post_save.connect(reference_changed, sender=model, dispatch_uid=f"evaluation_{model.__name__}")
    post_delete.connect(
        reference_changed, sender=model, dispatch_uid=f"evaluation_{model.__name__}_deleted"
    )
