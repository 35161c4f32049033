"""A complete SCC agreement built with the factories: parties with contacts, DPO and
representative, transfers with categories, sub-processors, Annex II and its summary.

Confidential values carry sentinel strings, so a test can prove none reaches the data-subject
copy. Used by the SCC PDF tests and by the benchmark (bench/scc_render.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import (
    AffiliateFactory,
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    PurposeFactory,
    SccAgreementFactory,
    SubProcessorFactory,
    SupervisoryAuthorityFactory,
    TransferFactory,
    VendorFactory,
    country,
)
from transfers.register.models import SccAgreement

TOM_SENTINEL = "TOMSECRET-7F3A encrypted backups with HSM keys in Frankfurt"
SUMMARY_TEXT = (
    "Your data is encrypted in transit and at rest, and access is limited to trained staff."
)
CONFIDENTIAL = {
    "exporter contact name": "Erika Exportcontact",
    "exporter contact e-mail": "erika.exportcontact@exporter.example.invalid",
    "exporter contact phone": "+353 1 555 0199",
    "importer contact name": "Ivan Importcontact",
    "importer contact e-mail": "ivan.importcontact@importer.example.invalid",
    "exporter signatory": "Sigrid Signatory",
    "importer signatory": "Simon Signer",
    "exporter DPO name": "Dora Dpo",
    "sub-processor contact name": "Sam Subcontact",
    "sub-processor contact e-mail": "sam.subcontact@sub.example.invalid",
    "Annex II measures": TOM_SENTINEL,
    "internal notes": "INTERNAL-NOTE-do-not-print",
}
REDACTION_REASON = "Contact persons are named only in the copy the parties keep."

MODULE_ROLES = {
    1: ("controller", "controller"),
    2: ("controller", "processor"),
    3: ("processor", "processor"),
    4: ("processor", "controller"),
}


def supervisory_authorities() -> None:
    for code in ("IE", "DE", "FR", "CH", "NL"):
        SupervisoryAuthorityFactory(country=country(code))


def build_scc_agreement(module: int = 2, transfers: int = 2, **overrides: Any) -> SccAgreement:
    supervisory_authorities()
    representative = AffiliateFactory(
        legal_name="Group Representative GmbH",
        address="Representative Strasse 1, 10115 Berlin",
        country=country("DE"),
    )
    exporter = AffiliateFactory(
        legal_name="Exporter Manufacturing Ltd",
        address="1 Exporter Quay, Dublin 2",
        country=country("IE"),
        contact_name=CONFIDENTIAL["exporter contact name"],
        contact_email=CONFIDENTIAL["exporter contact e-mail"],
        contact_phone=CONFIDENTIAL["exporter contact phone"],
        dpo_name=CONFIDENTIAL["exporter DPO name"],
        dpo_email="privacy@exporter.example.invalid",
        activities="Sells 3D printers and runs the online store for customers in the EU.",
        eu_representative=representative,
        notes=CONFIDENTIAL["internal notes"],
    )
    importer = VendorFactory(
        legal_name="Importer Cloud Inc.",
        address="500 Importer Avenue, Seattle, WA 98101",
        contact_name=CONFIDENTIAL["importer contact name"],
        contact_email=CONFIDENTIAL["importer contact e-mail"],
        services="Hosts the online store and its customer database.",
        notes=CONFIDENTIAL["internal notes"],
    )
    for name in ("Backup Storage LLC", "Support Desk Ltd"):
        SubProcessorFactory(
            vendor=importer,
            sub_processor=VendorFactory(
                legal_name=name,
                address="2 Sub Street, Austin, TX",
                contact_name=CONFIDENTIAL["sub-processor contact name"],
                contact_email=CONFIDENTIAL["sub-processor contact e-mail"],
            ),
            services=f"{name}: processing on the importer's instructions",
        )
    exporter_role, importer_role = MODULE_ROLES[module]
    options = {
        "module": module,
        "exporter_affiliate": exporter,
        "importer_vendor": importer,
        "status": "signed",
        "exporter_signatory": CONFIDENTIAL["exporter signatory"],
        "exporter_signatory_position": "General Counsel",
        "exporter_signed_on": "2024-03-01",
        "importer_signatory": CONFIDENTIAL["importer signatory"],
        "importer_signatory_position": "Privacy Officer",
        "importer_signed_on": "2024-03-04",
        "technical_measures": CONFIDENTIAL["Annex II measures"],
        "technical_measures_summary": SUMMARY_TEXT,
        "redaction_reasons": REDACTION_REASON,
        "notes": CONFIDENTIAL["internal notes"],
        "clause_9_option": 2 if module in (2, 3) else None,
        "clause_9_period": "30 days" if module in (2, 3) else "",
        "clause_17_option": 1 if module != 4 else None,
        **overrides,
    }
    agreement = SccAgreementFactory(**options)
    for number in range(1, transfers + 1):
        transfer = TransferFactory(
            reference=f"{agreement.reference}-flow-{number}",
            name=f"Customer orders {number}",
            exporter_affiliate=exporter,
            exporter_role=exporter_role,
            importer_vendor=importer,
            importer_role=importer_role,
            special_category_data=number == 1,
            special_category_safeguards="Health data only with explicit consent; access logged.",
            nature="Storage and hosting of order records",
            retention="Six years after the last order",
            subject_matter_and_duration="Hosting for the term of the service contract",
        )
        transfer.data_subject_categories.set(
            [
                DataSubjectCategoryFactory(name="Customers"),
                DataSubjectCategoryFactory(name="Resellers"),
            ]
        )
        categories = [DataCategoryFactory(name="Contact details")]
        if transfer.special_category_data:
            categories.append(DataCategoryFactory(name="Health data", special_category=True))
        transfer.data_categories.set(categories)
        transfer.purposes.set([PurposeFactory(name="Order fulfilment")])
        agreement.transfers.add(transfer)
    return agreement
