"""A small register with public and non-public rows, for the tests of the public side.

Names that must never reach a data subject are collected in NON_PUBLIC_NAMES, and each of them
is non-public for a different reason, so a test that looks for them covers every rule."""

import datetime as dt
from dataclasses import dataclass

from affiliates.models import Affiliate
from tests.factories import (
    AffiliateFactory,
    AffiliateRoleFactory,
    SccAgreementFactory,
    TransferFactory,
    VendorCertificationFactory,
    VendorFactory,
    country,
)
from transfers.evaluation.services import transfers_evaluate
from transfers.register.models import SccAgreement, Transfer
from vendors.models import Vendor

NON_PUBLIC_NAMES = (
    "Secret Holding Ltd",  # affiliate not public
    "Hidden Analytics LLC",  # vendor not public
    "Old Vendor Ltd",  # public but offboarded
    "Quiet Internal Notes",  # an internal note on a public vendor
    "Annex II secret measure",  # confidential Annex II text
    "Russian Federation",  # only a non-public vendor receives data there
)


@dataclass
class PublicRegisterRows:
    exporter: Affiliate
    asia: Affiliate
    secret: Affiliate
    cloud: Vendor
    support: Vendor
    hidden: Vendor
    offboarded: Vendor
    draft_only: Vendor
    cloud_transfer: Transfer
    cloud_scc: SccAgreement
    asia_scc: SccAgreement


def public_scc(exporter, transfer: Transfer, **kwargs) -> SccAgreement:
    importer = {"importer_vendor": transfer.importer_vendor} if transfer.importer_vendor else {}
    if transfer.importer_affiliate:
        importer = {
            "importer_affiliate": transfer.importer_affiliate,
            "importer_vendor": None,
            "module": 1,
        }
        kwargs.setdefault("clause_9_option", None)
        kwargs.setdefault("clause_9_period", "")
    agreement = SccAgreementFactory(
        exporter_affiliate=exporter,
        status=kwargs.pop("status", "signed"),
        technical_measures="Annex II secret measure",
        **importer,
        **kwargs,
    )
    agreement.transfers.add(transfer)
    return agreement


def build_public_register() -> PublicRegisterRows:
    exporter = AffiliateFactory(
        legal_name="Group Europe GmbH",
        country=country("DE"),
        public_description="Sells our products in Europe.",
    )
    AffiliateRoleFactory(affiliate=exporter, role="eu_representative")
    asia = AffiliateFactory(
        legal_name="Group Asia Pte. Ltd.",
        country=country("SG"),
        public_description="Runs the 3D model community.",
    )
    AffiliateRoleFactory(affiliate=asia, role="joint_controller")
    secret = AffiliateFactory(legal_name="Secret Holding Ltd", is_public=False)
    cloud = VendorFactory(
        legal_name="Cloud Host Inc.",
        public_description="Hosts our cloud services.",
        notes="Quiet Internal Notes",
    )
    support = VendorFactory(legal_name="Support Desk Inc.", public_description="Support tickets.")
    # Certified under the EU-US Data Privacy Framework: its adequacy flow is permitted.
    VendorCertificationFactory(vendor=support, valid_from=dt.date(2023, 7, 10))
    hidden = VendorFactory(
        legal_name="Hidden Analytics LLC", is_public=False, country=country("RU")
    )
    offboarded = VendorFactory(legal_name="Old Vendor Ltd", status="offboarded")
    draft_only = VendorFactory(
        legal_name="Draft Partner SAS", kind="reseller", country=country("FR")
    )

    cloud_transfer = TransferFactory(exporter_affiliate=exporter, importer_vendor=cloud)
    asia_transfer = TransferFactory(
        exporter_affiliate=exporter,
        importer_vendor=None,
        importer_affiliate=asia,
        importer_role="controller",
        destination_country=country("SG"),
    )
    TransferFactory(exporter_affiliate=exporter, importer_vendor=support, legal_tool="adequacy")
    hidden_transfer = TransferFactory(
        exporter_affiliate=exporter, importer_vendor=hidden, destination_country=country("RU")
    )
    offboarded_transfer = TransferFactory(exporter_affiliate=exporter, importer_vendor=offboarded)
    draft_transfer = TransferFactory(
        exporter_affiliate=exporter,
        importer_vendor=draft_only,
        importer_role="controller",
        destination_country=country("FR"),
        legal_tool="none_needed",
    )
    TransferFactory(exporter_affiliate=secret, importer_vendor=cloud, is_public=False)

    rows = PublicRegisterRows(
        exporter=exporter,
        asia=asia,
        secret=secret,
        cloud=cloud,
        support=support,
        hidden=hidden,
        offboarded=offboarded,
        draft_only=draft_only,
        cloud_transfer=cloud_transfer,
        cloud_scc=public_scc(exporter, cloud_transfer, title="Cloud hosting SCCs"),
        asia_scc=public_scc(exporter, asia_transfer, title="Intra-group SCCs"),
    )
    public_scc(exporter, hidden_transfer, title="Hidden SCCs")
    public_scc(exporter, offboarded_transfer, title="Offboarded SCCs")
    public_scc(exporter, draft_transfer, title="Draft SCCs", status="draft")
    transfers_evaluate()  # the page words what the stored evaluation says, as in production
    return rows
