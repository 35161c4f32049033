"""What the public may see: ONLY recipients, transfers and SCC agreements the legal team marked
public. Every public page, the request form's choices and the choice of SCC copies for a request
read through here, so "public" is decided in one place.

Public means: an affiliate with is_public; a vendor with is_public whose status is active or
onboarding; a transfer with is_public that has not ended, received by a public recipient; a
signed SCC agreement between two public parties that covers at least one public transfer.

What the page says protects a recipient's data comes from the register's stored evaluation,
never from the recorded legal tool alone: a tool is named only for public transfers whose stored
status is compliant (permitted now); any other public transfer makes the recipient "under
review". A recipient without a copy to offer gets the reason (no clauses, or not signed yet)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from affiliates.models import Affiliate, Country
from transfers.register.choices import AgreementStatus, LegalTool, TransferState
from transfers.register.models import SccAgreement, Transfer
from transfers.requests.models import DataSubjectRequest
from transfers.requests.wording import public_wording
from vendors.choices import ComplianceStatus, VendorStatus
from vendors.models import Vendor

PUBLIC_VENDOR_STATUSES = (VendorStatus.ACTIVE, VendorStatus.ONBOARDING)
# Only these columns are read for the public page: internal notes, contacts and contract
# details are never even loaded, so no template change can show them by mistake.
PUBLIC_PARTY_FIELDS = ("legal_name", "public_description", "country__code", "country__name")
PUBLIC_TRANSFER_FIELDS = (
    "importer_affiliate",
    "importer_vendor",
    "importer_role",
    "legal_tool",
    "compliance_status",
    "destination_country__code",
    "destination_country__name",
)
NO_CLAUSES = "no_clauses"
NOT_SIGNED = "not_signed"
AFFILIATE = "affiliate"
VENDOR = "vendor"


@dataclass(frozen=True)
class PublicCountry:
    code: str
    name: str


@dataclass(frozen=True)
class PublicLegalTool:
    code: str
    title: str
    explanation: str


@dataclass(frozen=True)
class PublicRecipient:
    key: str  # "affiliate-3", "vendor-7": the value the request form posts
    category: str  # AFFILIATE or VENDOR
    pk: int
    name: str
    kind: str
    country: PublicCountry
    roles: tuple[str, ...]
    description: str
    destinations: tuple[PublicCountry, ...]
    legal_tools: tuple[PublicLegalTool, ...]
    under_review: bool
    scc_copy_available: bool
    no_copy_reason: str  # "" when a copy is offered, else the words saying why not

    @property
    def receives_data_elsewhere(self) -> bool:
        """Its public transfers go somewhere other than (or besides) where it is established."""
        return any(country != self.country for country in self.destinations)

    @property
    def countries(self) -> tuple[PublicCountry, ...]:
        """Where it is established and where its public transfers go, without repeats."""
        return tuple(dict.fromkeys((self.country, *self.destinations)))


@dataclass(frozen=True)
class PublicRegister:
    affiliates: tuple[PublicRecipient, ...]
    vendors: tuple[PublicRecipient, ...]

    @property
    def recipients(self) -> tuple[PublicRecipient, ...]:
        return self.affiliates + self.vendors

    @property
    def scc_recipients(self) -> tuple[PublicRecipient, ...]:
        """Recipients a data subject can request a copy of the SCCs for."""
        return tuple(recipient for recipient in self.recipients if recipient.scc_copy_available)

    @property
    def countries(self) -> tuple[PublicCountry, ...]:
        found = {country for r in self.recipients for country in r.countries}
        return tuple(sorted(found, key=lambda country: country.name))

    @property
    def under_review(self) -> bool:
        return any(recipient.under_review for recipient in self.recipients)

    @property
    def legal_tools(self) -> tuple[PublicLegalTool, ...]:
        found = {t for r in self.recipients if not r.under_review for t in r.legal_tools}
        return tuple(sorted(found, key=lambda tool: LegalTool.values.index(tool.code)))


def public_affiliates() -> QuerySet[Affiliate]:
    return Affiliate.objects.filter(is_public=True)


def public_vendors() -> QuerySet[Vendor]:
    return Vendor.objects.filter(is_public=True, status__in=PUBLIC_VENDOR_STATUSES)


def public_party(prefix: str) -> Q:
    """The exporter or importer (prefix) of a transfer or agreement is a public recipient."""
    return Q(**{f"{prefix}_affiliate__is_public": True}) | Q(
        **{
            f"{prefix}_vendor__is_public": True,
            f"{prefix}_vendor__status__in": PUBLIC_VENDOR_STATUSES,
        }
    )


def public_transfers() -> QuerySet[Transfer]:
    return Transfer.objects.filter(public_party("importer"), is_public=True).exclude(
        state=TransferState.ENDED
    )


def public_scc_agreements() -> QuerySet[SccAgreement]:
    return public_party_agreements().filter(status=AgreementStatus.SIGNED)


def public_party_agreements() -> QuerySet[SccAgreement]:
    """Agreements in any state between two public parties covering a public transfer: the
    signed ones are offered as copies, the drafts explain why a copy is not offered yet."""
    covers_public_transfer = Exists(
        public_transfers().filter(scc_agreements=OuterRef("pk")).values("pk")
    )
    return SccAgreement.objects.filter(
        public_party("importer"), public_party("exporter"), covers_public_transfer
    )


def public_register() -> PublicRegister:
    """Everything the public page shows, in a fixed number of queries."""
    imports = Prefetch(
        "imported_transfers",
        queryset=public_transfers()
        .select_related("destination_country")
        .only(*PUBLIC_TRANSFER_FIELDS),
        to_attr="public_imports",
    )
    copies = copy_states()
    affiliates = (
        public_affiliates()
        .select_related("country")
        .only(*PUBLIC_PARTY_FIELDS)
        .prefetch_related("roles", imports)
    )
    vendors = (
        public_vendors()
        .select_related("country")
        .only(*PUBLIC_PARTY_FIELDS, "kind")
        .prefetch_related(imports)
    )
    return PublicRegister(
        affiliates=tuple(
            affiliate_recipient(a, copies.get((AFFILIATE, a.pk), NO_CLAUSES)) for a in affiliates
        ),
        vendors=tuple(vendor_recipient(v, copies.get((VENDOR, v.pk), NO_CLAUSES)) for v in vendors),
    )


def copy_states() -> dict[tuple[str, int], str]:
    """Per importer, "" when a signed public agreement offers a copy, NOT_SIGNED when only
    drafts exist (one query; terminated agreements count as no clauses)."""
    states: dict[tuple[str, int], str] = {}
    rows = (
        public_party_agreements()
        .exclude(status=AgreementStatus.TERMINATED)
        .values_list("importer_affiliate", "importer_vendor", "status")
    )
    for affiliate, vendor, status in rows:
        key = (AFFILIATE, affiliate) if affiliate else (VENDOR, vendor)
        if status == AgreementStatus.SIGNED or states.get(key) == "":
            states[key] = ""
        else:
            states[key] = NOT_SIGNED
    return states


def no_copy_wording(copy_state: str) -> str:
    return public_wording()["no_copy"][copy_state] if copy_state else ""


def affiliate_recipient(affiliate: Affiliate, copy_state: str) -> PublicRecipient:
    roles = public_wording()["group_roles"]
    return PublicRecipient(
        key=f"{AFFILIATE}-{affiliate.pk}",
        category=AFFILIATE,
        pk=affiliate.pk,
        name=affiliate.legal_name,
        kind="Group company",
        country=public_country(affiliate.country),
        roles=tuple(roles[role.role] for role in affiliate.roles.all()),
        description=affiliate.public_description,
        destinations=transfer_destinations(affiliate.public_imports),
        legal_tools=transfer_legal_tools(affiliate.public_imports),
        under_review=any(not permitted(t) for t in affiliate.public_imports),
        scc_copy_available=not copy_state,
        no_copy_reason=no_copy_wording(copy_state),
    )


def vendor_recipient(vendor: Vendor, copy_state: str) -> PublicRecipient:
    roles = public_wording()["flow_roles"]
    flow_roles = dict.fromkeys(t.importer_role for t in vendor.public_imports)
    return PublicRecipient(
        key=f"{VENDOR}-{vendor.pk}",
        category=VENDOR,
        pk=vendor.pk,
        name=vendor.legal_name,
        kind=vendor.get_kind_display(),
        country=public_country(vendor.country),
        roles=tuple(roles[role] for role in sorted(flow_roles)),
        description=vendor.public_description,
        destinations=transfer_destinations(vendor.public_imports),
        legal_tools=transfer_legal_tools(vendor.public_imports),
        under_review=any(not permitted(t) for t in vendor.public_imports),
        scc_copy_available=not copy_state,
        no_copy_reason=no_copy_wording(copy_state),
    )


def public_country(country: Country) -> PublicCountry:
    return PublicCountry(code=country.code, name=country.name)


def transfer_destinations(transfers: list[Transfer]) -> tuple[PublicCountry, ...]:
    countries = {public_country(t.destination_country) for t in transfers}
    return tuple(sorted(countries, key=lambda country: country.name))


def permitted(transfer: Transfer) -> bool:
    """The stored evaluation says the transfer may take place now."""
    return transfer.compliance_status == ComplianceStatus.COMPLIANT


def transfer_legal_tools(transfers: list[Transfer]) -> tuple[PublicLegalTool, ...]:
    """The tools of the permitted transfers only: a recorded tool the register does not rate
    as permitted is no protection to promise the public."""
    tools: dict[str, Any] = public_wording()["legal_tools"]
    codes = sorted({t.legal_tool for t in transfers if permitted(t)}, key=LegalTool.values.index)
    return tuple(
        PublicLegalTool(code, tools[code]["title"], tools[code]["explanation"]) for code in codes
    )


def scc_agreements_for_request(dsr: DataSubjectRequest) -> QuerySet[SccAgreement]:
    """The public SCC agreements whose data-subject copy answers this request: those with one
    of the requested recipients as importer, or all of them."""
    agreements = public_scc_agreements()
    if not dsr.all_recipients:
        agreements = agreements.filter(
            Q(importer_affiliate__in=dsr.affiliates.all())
            | Q(importer_vendor__in=dsr.vendors.all())
        )
    return agreements.select_related(
        "exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor"
    ).order_by("reference")
