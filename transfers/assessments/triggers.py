"""Signal receivers that outdate approved TIAs the moment what they relied on changes.

Each receiver finds the approved assessments a change may touch and lets
``assessments_recheck`` compare their snapshot with the register: only a real difference in
the destination or storage countries, the importer's sub-processors, the legal tool, an
adequacy decision or a country profile outdates one. The nightly ``assessments_outdate_due``
catches what no signal sees (bulk updates, reference reloads) and the review dates."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from affiliates.models import Affiliate
from transfers.assessments.choices import AssessmentState
from transfers.assessments.models import CountryProfile, ProfileLaw, TransferImpactAssessment
from transfers.assessments.services import assessments_recheck
from transfers.reference.models import AdequacyDecision
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor, VendorLocation


def approved() -> QuerySet[TransferImpactAssessment]:
    return TransferImpactAssessment.objects.filter(state=AssessmentState.APPROVED)


def recheck(assessments: QuerySet[TransferImpactAssessment]) -> None:
    assessments_recheck(assessments=assessments.distinct())


def importer_is(vendor_or_affiliate: Vendor | Affiliate) -> Q:
    side = "importer_vendor" if isinstance(vendor_or_affiliate, Vendor) else "importer_affiliate"
    return Q(**{f"transfer__{side}": vendor_or_affiliate}) | Q(
        **{f"scc_agreement__{side}": vendor_or_affiliate}
    )


def touching_vendor(vendor: Vendor) -> QuerySet[TransferImpactAssessment]:
    """Assessments whose importer is the vendor or engages it as a sub-processor."""
    engaged_by = Vendor.objects.filter(sub_processors__sub_processor=vendor)
    return approved().filter(
        importer_is(vendor)
        | Q(transfer__importer_vendor__in=engaged_by)
        | Q(scc_agreement__importer_vendor__in=engaged_by)
    )


def raw(kwargs: dict[str, Any]) -> bool:
    """Fixture loading: the rows are not real edits."""
    return bool(kwargs.get("raw"))


@receiver(post_save, sender=Transfer, dispatch_uid="tia_transfer_saved")
def transfer_saved(sender: Any, instance: Transfer, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(approved().filter(Q(transfer=instance) | Q(scc_agreement__transfers=instance)))


@receiver(post_save, sender=SccAgreement, dispatch_uid="tia_agreement_saved")
def agreement_saved(sender: Any, instance: SccAgreement, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(approved().filter(Q(scc_agreement=instance) | Q(transfer__scc_agreements=instance)))


@receiver(post_delete, sender=SccAgreement, dispatch_uid="tia_agreement_deleted")
def agreement_deleted(sender: Any, instance: SccAgreement, **kwargs: Any) -> None:
    """Its coverage rows are already gone, so recheck every approved assessment (rare)."""
    recheck(approved())


@receiver(m2m_changed, sender=SccAgreement.transfers.through, dispatch_uid="tia_coverage")
def agreement_coverage_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, SccAgreement):
        agreements = Q(scc_agreement=instance)
        transfers = Q(transfer__in=instance.transfers.all()) | Q(
            transfer__pk__in=kwargs["pk_set"] or []
        )
    else:
        agreements = Q(scc_agreement__pk__in=kwargs["pk_set"] or [])
        transfers = Q(transfer=instance)
    recheck(approved().filter(agreements | transfers))


@receiver(post_save, sender=Vendor, dispatch_uid="tia_vendor_saved")
def vendor_saved(sender: Any, instance: Vendor, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(touching_vendor(instance))


@receiver(post_save, sender=Affiliate, dispatch_uid="tia_affiliate_saved")
def affiliate_saved(sender: Any, instance: Affiliate, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(approved().filter(importer_is(instance)))


@receiver(post_save, sender=VendorLocation, dispatch_uid="tia_location_saved")
@receiver(post_delete, sender=VendorLocation, dispatch_uid="tia_location_deleted")
def location_changed(sender: Any, instance: VendorLocation, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(touching_vendor(instance.vendor))


@receiver(post_save, sender=SubProcessor, dispatch_uid="tia_sub_processor_saved")
@receiver(post_delete, sender=SubProcessor, dispatch_uid="tia_sub_processor_deleted")
def sub_processor_changed(sender: Any, instance: SubProcessor, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(approved().filter(importer_is(instance.vendor)))


@receiver(post_save, sender=AdequacyDecision, dispatch_uid="tia_adequacy_saved")
@receiver(post_delete, sender=AdequacyDecision, dispatch_uid="tia_adequacy_deleted")
def adequacy_changed(sender: Any, instance: AdequacyDecision, **kwargs: Any) -> None:
    """Rare and cheap enough to recheck every approved assessment."""
    if not raw(kwargs):
        recheck(approved())


@receiver(post_save, sender=CountryProfile, dispatch_uid="tia_profile_saved")
def profile_saved(sender: Any, instance: CountryProfile, **kwargs: Any) -> None:
    if not raw(kwargs):
        uses_profile = Q(law_assessments__law__profile=instance)
        if instance.country_id:  # a new country profile replaces the generic one there
            uses_profile |= Q(law_assessments__country=instance.country_id)
        recheck(approved().filter(uses_profile))


@receiver(post_save, sender=ProfileLaw, dispatch_uid="tia_law_saved")
@receiver(post_delete, sender=ProfileLaw, dispatch_uid="tia_law_deleted")
def profile_law_changed(sender: Any, instance: ProfileLaw, **kwargs: Any) -> None:
    if not raw(kwargs):
        recheck(approved().filter(law_assessments__law__profile_id=instance.profile_id))
