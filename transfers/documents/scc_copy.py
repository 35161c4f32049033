"""The SCC copy: an agreement's clauses (official text, one module) with its annexes filled from
the register, in two editions.

``inputs`` reads the register once into plain JSON; ``html`` renders from that alone. The
data-subject edition's inputs never contain what it must not show (Annex II's measures, contact
persons, signatories' names, internal notes): redaction happens when the inputs are read, so no
template slip can leak them, and a change to a confidential field makes no new data-subject copy.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from affiliates.models import Affiliate, Country
from transfers import DATA_DIR
from transfers.documents.choices import DocumentEdition, DocumentKind
from transfers.documents.rendering import (
    DOCUMENT_META_KEY,
    DocumentInputError,
    DocumentRenderer,
    register_renderer,
)
from transfers.documents.scc_annexes import fill_annex, long_date
from transfers.documents.scc_layout import scc_layout
from transfers.documents.scc_text import (
    JSON_PATH,
    MODULE_NAMES,
    SccOptions,
    load_scc_text,
    select_clauses,
)
from transfers.reference.models import SupervisoryAuthority
from transfers.register.choices import Clause13Variant, PartyRole
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor

# Part of every copy's inputs, so a change renders every copy anew on its next request: the
# number is bumped by hand for a change of meaning, and the fingerprint of the templates, the
# stylesheet and the layout code follows any edit by itself.
SCC_TEMPLATE_VERSION = "scc-pdf-1"
REDACTED = "[redacted: personal data]"
REFERENCE_DIR = DATA_DIR
UK_ADDENDUM_PATH = REFERENCE_DIR / "uk_addendum_b1.yaml"
SWISS_ADAPTATIONS_PATH = REFERENCE_DIR / "swiss_fdpic_adaptations.yaml"
COVER_NOTES_PATH = REFERENCE_DIR / "scc_cover_notes.yaml"

# The roles Annex I.A states for each module (exporter, importer).
MODULE_ROLES = {
    1: (PartyRole.CONTROLLER, PartyRole.CONTROLLER),
    2: (PartyRole.CONTROLLER, PartyRole.PROCESSOR),
    3: (PartyRole.PROCESSOR, PartyRole.PROCESSOR),
    4: (PartyRole.PROCESSOR, PartyRole.CONTROLLER),
}
MODULES_WITH_COMPETENT_AUTHORITY = (1, 2, 3)
NO_REPRESENTATIVE_BASIS = "Member State in which the data subjects are located"
MODULES_WITH_SUB_PROCESSORS = (2, 3)

# How the SccOptions names in the clause selector's messages read in the admin.
OPTION_LABELS = {
    "clause_9_option": "Clause 9(a) option",
    "clause_9_period": "Clause 9(a) time period",
    "clause_11_body_name": "Clause 11 body name",
    "clause_11_optional_body": "Clause 11(a) independent dispute resolution body",
    "clause_13_variant": "Clause 13 variant",
    "clause_17_option": "Clause 17 option",
    "clause_17_law_country": "Clause 17 governing law",
    "clause_18_courts_country": "Clause 18 courts",
}


@cache
def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def template_version() -> str:
    """"scc-pdf-1+<fingerprint>": the version number and a hash of what draws the copy."""
    pdf_templates = Path(settings.BASE_DIR) / "templates" / "pdf"
    app = Path(__file__).resolve().parent
    files = [
        *sorted(pdf_templates.glob("*scc*.html")),
        Path(settings.BASE_DIR) / "static" / "pdf" / "scc.css",
        Path(__file__).resolve(),
        app / "scc_layout.py",
        app / "scc_annexes.py",
    ]
    digest = hashlib.sha256("".join(file_sha256(path) for path in files).encode()).hexdigest()
    return f"{SCC_TEMPLATE_VERSION}+{digest[:12]}"


def read_reference(path: Path) -> dict[str, Any]:
    """A reference YAML file as plain JSON-able data (dates stay strings)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class SccRenderer(DocumentRenderer):
    kind = DocumentKind.SCC
    source_field = "scc_agreement"

    # ------------------------------------------------------------------ inputs (the register)

    def inputs(self, source: SccAgreement, edition: str) -> dict[str, Any]:
        agreement = _load_agreement(source.pk)
        redact = edition == DocumentEdition.DATA_SUBJECT
        module = _module_of(agreement)
        options = _options_of(agreement, module)
        exporter_role, importer_role = MODULE_ROLES[module]
        inputs: dict[str, Any] = {
            "template_version": template_version(),
            "clauses_sha256": file_sha256(JSON_PATH),
            "edition": edition,
            "agreement": {
                "reference": agreement.reference,
                "title": agreement.title,
                "status": agreement.get_status_display(),
                "instrument": agreement.get_instrument_display(),
                "module": module,
                "terminated_on": _iso(agreement.terminated_on),
            },
            "options": options,
            "option_summary": _option_summary(agreement, module),
            "exporter": _party(
                agreement.exporter,
                exporter_role,
                signatory=(agreement.exporter_signatory, agreement.exporter_signatory_position),
                signed_on=agreement.exporter_signed_on,
                redact=redact,
            ),
            "importer": _party(
                agreement.importer,
                importer_role,
                signatory=(agreement.importer_signatory, agreement.importer_signatory_position),
                signed_on=agreement.importer_signed_on,
                redact=redact,
            ),
            "transfers": [_transfer(transfer) for transfer in agreement.transfers.all()],
            "authorities": _competent_authorities(agreement, module),
            "sub_processors": _sub_processors(agreement, module, redact),
            "annex_ii": _annex_ii(agreement, redact),
            "uk_addendum": _uk_addendum(agreement, module),
            "swiss": read_reference(SWISS_ADAPTATIONS_PATH) if agreement.swiss_adaptation else None,
            "exporter_area": _exporter_area(agreement.exporter.country),
        }
        if redact:
            inputs["redaction_reasons"] = agreement.redaction_reasons.strip()
        else:
            inputs["drafting_notes"] = _drafting_notes(inputs)
            inputs["cover_notes"] = _cover_notes(agreement)
        return inputs

    # ------------------------------------------------------------------ html (from inputs)

    def html(self, inputs: dict[str, Any], edition: str) -> str:
        options = SccOptions(**inputs["options"])
        layout = scc_layout(select_clauses(load_scc_text(), options), inputs)
        context = {
            "inputs": inputs,
            "agreement": inputs["agreement"],
            "data_subject": edition == DocumentEdition.DATA_SUBJECT,
            "document": inputs.get(DOCUMENT_META_KEY, {}),
            "layout": layout,
            "annexes": [fill_annex(annex, inputs) for annex in layout.annexes],
            "module_name": MODULE_NAMES[options.module],
            "redacted": REDACTED,
            "dates": _long_dates(inputs),
        }
        return render_to_string("pdf/scc.html", context)

    def filename(self, source: SccAgreement, edition: str, version: int) -> str:
        edition_slug = "full" if edition == DocumentEdition.FULL else "data-subject-copy"
        return (
            f"SCC-{slugify(source.reference)}-module-{source.module}-{edition_slug}-v{version}.pdf"
        )


def _load_agreement(pk: int) -> SccAgreement:
    """The agreement with everything the copy shows, in a fixed number of queries."""
    party_related = [
        "exporter_affiliate__country",
        "exporter_affiliate__eu_representative__country",
        "exporter_vendor__country",
        "importer_affiliate__country",
        "importer_affiliate__eu_representative__country",
        "importer_vendor__country",
        "governing_law_country",
        "courts_country",
    ]
    transfers = (
        Transfer.objects.order_by("reference")
        .select_related("destination_country")
        .prefetch_related("data_subject_categories", "data_categories", "purposes")
    )
    return (
        SccAgreement.objects.select_related(*party_related)
        .prefetch_related(Prefetch("transfers", queryset=transfers))
        .get(pk=pk)
    )


def _module_of(agreement: SccAgreement) -> int:
    if agreement.module is None:
        raise DocumentInputError(
            f"SCC agreement {agreement.reference} has no module: only the 2021 SCCs (Modules One "
            "to Four) can be printed."
        )
    return agreement.module


def _options_of(agreement: SccAgreement, module: int) -> dict[str, Any]:
    """The agreement's choices as the clause selector's options, checked against the text."""
    has_clause_13 = module in MODULES_WITH_COMPETENT_AUTHORITY
    options = {
        "module": module,
        "docking_clause": agreement.docking_clause,
        "clause_11_optional_body": agreement.clause_11_optional_body,
        "clause_9_option": agreement.clause_9_option,
        "clause_9_period": agreement.clause_9_period if agreement.clause_9_option else "",
        "clause_11_body_name": agreement.clause_11_body_name
        if agreement.clause_11_optional_body
        else "",
        "clause_13_variant": agreement.clause_13_variant if has_clause_13 else None,
        "clause_17_option": agreement.clause_17_option,
        "clause_17_law_country": _country_name(agreement.governing_law_country),
        "clause_18_courts_country": _country_name(agreement.courts_country),
    }
    try:
        select_clauses(load_scc_text(), SccOptions(**options))
    except ValueError as exc:
        raise DocumentInputError(
            f"SCC agreement {agreement.reference} cannot be printed yet: {_readable(str(exc))}"
        ) from exc
    return options


def _readable(message: str) -> str:
    for name, label in OPTION_LABELS.items():
        message = message.replace(name, label)
    return message


def _country_name(country: Country | None) -> str:
    return country.name if country is not None else ""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _option_summary(agreement: SccAgreement, module: int) -> list[list[str]]:
    """The clause options, as the cover and the UK Addendum's Table 2 list them."""
    rows = [["Module", agreement.get_module_display()]]
    rows.append(["Clause 7 docking clause", "Included" if agreement.docking_clause else "Not used"])
    if module in MODULES_WITH_SUB_PROCESSORS and agreement.clause_9_option:
        rows.append(
            [
                "Clause 9(a) sub-processors",
                f"{agreement.get_clause_9_option_display()}, {agreement.clause_9_period}",
            ]
        )
    body = agreement.clause_11_body_name if agreement.clause_11_optional_body else "Not used"
    rows.append(["Clause 11(a) independent dispute resolution body", body])
    if module in MODULES_WITH_COMPETENT_AUTHORITY:
        rows.append(["Clause 13 competent authority", agreement.get_clause_13_variant_display()])
    law = _country_name(agreement.governing_law_country)
    if agreement.clause_17_option:
        law = f"{agreement.get_clause_17_option_display()} ({law})"
    rows.append(["Clause 17 governing law", law])
    rows.append(["Clause 18 courts", _country_name(agreement.courts_country)])
    return rows


# ---------------------------------------------------------------------- Annex I.A: the parties


def _party(
    entity: Affiliate | Vendor,
    role: str,
    *,
    signatory: tuple[str, str],
    signed_on: date | None,
    redact: bool,
) -> dict[str, Any]:
    name, position = signatory
    representative = getattr(entity, "eu_representative", None)
    return {
        "name": entity.legal_name,
        "trading_name": getattr(entity, "short_name", ""),
        "registration_number": getattr(entity, "registration_number", ""),
        "address": entity.address,
        "country": entity.country.name,
        "contact": _contact_details(entity, redact),
        "dpo": _dpo(entity, redact),
        "eu_representative": (
            {
                "name": representative.legal_name,
                "address": representative.address,
                "country": representative.country.name,
            }
            if representative
            else None
        ),
        "activities": getattr(entity, "activities", "") or getattr(entity, "services", ""),
        "role": PartyRole(role).label,
        "signatory": REDACTED if redact and name else name,
        "signatory_position": position,
        "signed_on": _iso(signed_on),
    }


def _contact_details(entity: Affiliate | Vendor, redact: bool = False) -> str:
    """The contact point. In the data-subject copy a natural person's name, e-mail and phone
    are redacted, but a role mailbox (``privacy@``, ``dpo@``...) stays: it is the address the
    data subject needs to exercise the rights the Clauses give (see ``is_role_mailbox``)."""
    name, email = entity.contact_name, entity.contact_email
    phone = getattr(entity, "contact_phone", "")
    if not redact:
        return ", ".join(part for part in (name, email, phone) if part)
    if not email or not is_role_mailbox(email):
        return REDACTED if (name or email or phone) else ""
    return f"{REDACTED}, {email}" if (name or phone) else email


# The local parts of the addresses that name a function, not a person. A rule kept short on
# purpose: anything else is treated as a person's address and redacted.
ROLE_MAILBOXES = frozenset(
    {
        "privacy",
        "dpo",
        "dataprotection",
        "data-protection",
        "data.protection",
        "gdpr",
        "legal",
        "compliance",
        "datenschutz",
    }
)


def is_role_mailbox(email: str) -> bool:
    """Whether the address is a functional mailbox (``privacy@``, ``dpo@``...), not a person's."""
    local = email.strip().lower().partition("@")[0]
    return local in ROLE_MAILBOXES


def _dpo(entity: Affiliate | Vendor, redact: bool) -> str:
    """The DPO's name is personal data, left out of the data-subject copy; the DPO's contact
    e-mail is published by law (Art. 37(7) GDPR), so data subjects get it."""
    name = "" if redact else entity.dpo_name
    return ", ".join(part for part in (name, entity.dpo_email) if part)


# ---------------------------------------------------------------------- Annex I.B: transfers


def _transfer(transfer: Transfer) -> dict[str, Any]:
    return {
        "reference": transfer.reference,
        "name": transfer.name,
        "destination": transfer.destination_country.name if transfer.destination_country_id else "",
        "data_subjects": [category.name for category in transfer.data_subject_categories.all()],
        "data_categories": [category.name for category in transfer.data_categories.all()],
        "special_category_data": transfer.special_category_data,
        "special_categories": [
            category.name
            for category in transfer.data_categories.all()
            if category.special_category
        ],
        "special_category_safeguards": transfer.special_category_safeguards,
        "frequency": transfer.get_frequency_display(),
        "nature": transfer.nature,
        "purposes": [purpose.name for purpose in transfer.purposes.all()],
        "retention": transfer.retention,
        "subject_matter_and_duration": transfer.subject_matter_and_duration,
    }


# ---------------------------------------------------------------------- Annex I.C: authority


def _competent_authorities(agreement: SccAgreement, module: int) -> list[dict[str, str]]:
    """Clause 13's authority (Modules One to Three), plus the FDPIC under the Swiss adaptations.

    Established exporter: the authority of its country. Art. 3(2) exporter with an Art. 27
    representative: the authority of the representative's country. Without one: the authority
    of a Member State where the data subjects are; the register does not record where they
    are, so the Member State of the Clause 18 courts (else of the Clause 17 law) stands in for
    it, and the legal team confirms it on the cover's drafting notes."""
    if module not in MODULES_WITH_COMPETENT_AUTHORITY:
        return []
    country, basis = _clause_13_country(agreement)
    authorities = [_authority(country, basis)]
    if agreement.swiss_adaptation:
        swiss = read_reference(SWISS_ADAPTATIONS_PATH)
        swiss_country = Country.objects.get(code=swiss["authority_country"])
        authorities.append(_authority(swiss_country, swiss["authority_basis"]))
    return authorities


def _clause_13_country(agreement: SccAgreement) -> tuple[Country, str]:
    exporter = agreement.exporter
    variant = agreement.clause_13_variant
    if variant == Clause13Variant.ESTABLISHED:
        return exporter.country, "Member State in which the data exporter is established"
    if variant == Clause13Variant.REPRESENTATIVE:
        representative = getattr(exporter, "eu_representative", None)
        if representative is None:
            raise DocumentInputError(
                f"Clause 13 says the data exporter {exporter} has an Art. 27 representative, "
                "but the register names none: set the exporter's EU representative."
            )
        return (
            representative.country,
            "Member State in which the data exporter's representative (Art. 27) is established",
        )
    for country in (agreement.courts_country, agreement.governing_law_country):
        if country is not None and _is_eu_member(country):
            return country, NO_REPRESENTATIVE_BASIS
    raise DocumentInputError(
        "Clause 13 (no representative) needs a Member State where the data subjects are: set the "
        "Clause 18 courts to an EU Member State."
    )


EXPORTER_AREAS = {"GB": "the United Kingdom", "CH": "Switzerland"}


def _exporter_area(country: Country) -> str:
    """The area the data leaves, as the data subject's law draws it: the UK GDPR and the Swiss
    FADP look at their own territory; the GDPR at the European Economic Area."""
    return EXPORTER_AREAS.get(country.code, "the European Economic Area")


def _is_eu_member(country: Country) -> bool:
    today = timezone.localdate()
    started = country.eu_from is not None and country.eu_from <= today
    return started and (country.eu_until is None or country.eu_until >= today)


def _authority(country: Country, basis: str) -> dict[str, str]:
    authority = SupervisoryAuthority.objects.filter(country=country).first()
    if authority is None:
        raise DocumentInputError(
            f"No supervisory authority for {country} in the register: add it under "
            "Transfers > Supervisory authorities."
        )
    return {
        "name": authority.name,
        "address": authority.address,
        "website": authority.website,
        "country": country.name,
        "basis": basis,
    }


# ---------------------------------------------------------------------- Annexes II and III


def _annex_ii(agreement: SccAgreement, redact: bool) -> dict[str, str]:
    if redact:
        return {"summary": agreement.technical_measures_summary.strip()}
    return {"measures": agreement.technical_measures.strip()}


def _sub_processors(agreement: SccAgreement, module: int, redact: bool) -> list[dict[str, str]]:
    """The importer's sub-processors (Annex III, Modules Two and Three)."""
    if module not in MODULES_WITH_SUB_PROCESSORS or agreement.importer_vendor_id is None:
        return []
    engaged = SubProcessor.objects.filter(vendor_id=agreement.importer_vendor_id).select_related(
        "sub_processor__country"
    )
    return [
        {
            "name": link.sub_processor.legal_name,
            "address": ", ".join(
                part
                for part in (link.sub_processor.address, link.sub_processor.country.name)
                if part
            ),
            "contact": _contact_details(link.sub_processor, redact),
            "description": link.services,
            "since": _iso(link.since),
        }
        for link in engaged.order_by("sub_processor__legal_name")
    ]


# ---------------------------------------------------------------------- UK Addendum


def _uk_addendum(agreement: SccAgreement, module: int) -> dict[str, Any] | None:
    if not agreement.uk_addendum:
        return None
    return {
        "reference": read_reference(UK_ADDENDUM_PATH),
        "start_date": _iso(agreement.uk_addendum_start_date),
        "ending_party": agreement.get_uk_addendum_ending_party_display()
        if agreement.uk_addendum_ending_party
        else "",
    }


def _drafting_notes(inputs: dict[str, Any]) -> list[str]:
    """What the legal team must confirm before signing (shown on the full edition's cover)."""
    notes = [
        f"Annex I.C names {authority['name']} as the authority of the {NO_REPRESENTATIVE_BASIS}: "
        "the register does not record where the data subjects are, so the Member State of the "
        "Clause 18 courts (else of the Clause 17 law) stands in for it. Confirm it."
        for authority in inputs["authorities"]
        if authority["basis"] == NO_REPRESENTATIVE_BASIS
    ]
    if inputs["uk_addendum"] and not inputs["uk_addendum"]["reference"]["lawyer_checked"]:
        notes.append(f"UK Addendum: {inputs['uk_addendum']['reference']['lawyer_check']}")
    if inputs["swiss"] and not inputs["swiss"]["lawyer_checked"]:
        notes.append(f"Swiss adaptations: {inputs['swiss']['lawyer_check']}")
    return notes


def _cover_notes(agreement: SccAgreement) -> list[dict[str, str]]:
    """The cover notes (wording from the data file) for the findings that the register's stored
    evaluation of the covered transfers carries, so the cover says what the register says."""
    notes = read_reference(COVER_NOTES_PATH)
    stored = {
        finding.get("code")
        for transfer in agreement.transfers.all()
        for finding in transfer.findings or []
    }
    return [
        {"title": note["title"], "text": note["text"]}
        for code, note in notes.items()
        if code in stored
    ]


def _long_dates(inputs: dict[str, Any]) -> dict[str, str]:
    document = inputs.get(DOCUMENT_META_KEY, {})
    requested = document.get("requested_at", "")[:10]
    return {"requested": long_date(requested) if requested else ""}


register_renderer(SccRenderer())
