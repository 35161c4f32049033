"""Evaluate the register: turn stored transfers into the rules' facts, decide, store the answer.

Each transfer gets its status (compliant, action required, not permitted), its findings and the
decision, with the time it was evaluated; each vendor the worst status of the current (not
ended) transfers it takes part in, as importer or as exporter, so that a procurement officer
asking about a vendor sees every flow with it (the API's vendor status reads the same flows).
A vendor without current transfers is compliant: nothing to act on (`rules.worst_status` of
nothing). A transfer not evaluated yet counts as worse than compliant and better than action
required.

How rows become facts (the choices the rules module leaves to the register):
- The importer's country is the country where the importer party (affiliate or vendor) is
  established: the EDPB's third criterion looks at where the importer is. A different recorded
  destination is a finding (`destination-differs`), and so is a recorded legal tool that
  contradicts the decision (`legal-tool-contradicted`).
- The exporter is subject to the law through an establishment when it is in the regime's area
  on the date (the EEA, the UK, Switzerland); otherwise an affiliate as recorded in
  `subject_to_gdpr`, and a vendor by Art. 3(2) when `subject_to_gdpr_art3_2` is ticked, else
  not. Its Art. 27 representative is the affiliate's EU or UK representative, by regime.
- "Same legal entity" is the exporter's own employee abroad (`employee_access`); affiliates are
  commercial organisations; special category data is the transfer's flag or any special data
  category it lists.
- The safeguard is the covering SCC agreement that is best on the date: not terminated, then
  concluded by the date, then usable under the regime, then the latest concluded; under the UK
  GDPR an agreement with the UK Addendum is the `uk-addendum` instrument. A transfer recorded as
  relying on binding corporate rules has the `bcr` instrument, binding on the date asked (the
  register records no approval date; the rules' condition finding says what makes BCRs count).
- The TIA and the supplementary measures each come from one function (`tia_facts_for`,
  `supplementary_measures_for`), fed in bulk by `prefetch_tias`.

Stored are the status, the findings and the decision without its date (`evaluated_at` says when),
and only for today: a date in the past or the future is a question (`what_changes_on`), never
the register's state. Evaluation results are computed, not edited, so writing them adds no
history entry and leaves `updated_at` alone; only rows whose result changed are rewritten.

Speed: a batch costs a fixed number of queries whatever its size (transfers with their parties,
certifications, agreements, special categories, then two updates for the transfers and one for
their vendors), and identical facts are decided once per run.
"""

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from affiliates.choices import LawApplicability
from affiliates.models import Affiliate
from transfers import rules
from transfers.assessments.models import TransferImpactAssessment
from transfers.assessments.selectors import tia_state_from_versions
from transfers.reference.models import DataCategory
from transfers.reference.selectors import reference_data_from_db
from transfers.register.choices import AgreementStatus, LegalTool, TransferState
from transfers.register.models import SccAgreement, Transfer
from transfers.rules.contract import decision_to_json
from vendors.choices import ComplianceStatus
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation

STORED_FIELDS = ["compliance_status", "findings", "decision"]
UK_ADDENDUM = "uk-addendum"
BCR = "bcr"
# Vendor status: the worst of its transfers, in this order (not evaluated is unknown: worse than
# compliant, better than a known problem).
STATUS_ORDER = (
    ComplianceStatus.COMPLIANT,
    ComplianceStatus.NOT_EVALUATED,
    ComplianceStatus.ACTION_REQUIRED,
    ComplianceStatus.NOT_PERMITTED,
)


@dataclass(frozen=True)
class Evaluation:
    """What the register stores for one transfer."""

    status: str
    findings: list[dict[str, str]]
    decision: dict[str, Any]

    @classmethod
    def of(cls, decision: rules.Decision) -> "Evaluation":
        stored = decision_to_json(decision)
        del stored["date"]
        return cls(rules.status_for(decision), stored.pop("findings"), stored)

    def differs_from(self, transfer: Transfer) -> bool:
        return (self.status, self.findings, self.decision) != (
            transfer.compliance_status,
            transfer.findings,
            transfer.decision,
        )


@dataclass
class EvaluationSummary:
    """What a run did: how many transfers it evaluated, how many changed (and were written, when
    storing), the statuses it found, and how many vendors it refreshed."""

    on_date: dt.date
    stored: bool
    evaluated: int = 0
    changed: int = 0
    vendors: int = 0
    statuses: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class TransferChange:
    """A transfer whose status or findings on a date differ from the stored ones. Findings are
    compared by code and severity, since a message may quote the date asked."""

    transfer_id: int
    reference: str
    name: str
    stored_status: str
    status: str
    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]


# ------------------------------------------------------------------- TIA and measures


def prefetch_tias(
    transfers: Sequence[Transfer], on_date: dt.date
) -> dict[int, list[TransferImpactAssessment]]:
    """The assessment versions of a batch of transfers (their own, and their SCC agreements'
    for their destination), assessed by the date, in three queries whatever the batch size;
    keyed by transfer id for `tia_facts_for` and `supplementary_measures_for`."""
    by_id = {t.pk: t for t in transfers}
    links = SccAgreement.transfers.through.objects.filter(transfer_id__in=by_id).values_list(
        "sccagreement_id", "transfer_id"
    )
    covered: dict[int, list[int]] = {}
    for agreement_id, transfer_id in links:
        covered.setdefault(agreement_id, []).append(transfer_id)
    assessments = TransferImpactAssessment.objects.filter(
        Q(transfer_id__in=by_id) | Q(scc_agreement_id__in=covered), assessed_on__lte=on_date
    ).annotate(measure_count=Count("measures"))
    found: dict[int, list[TransferImpactAssessment]] = {pk: [] for pk in by_id}
    for assessment in assessments:
        if assessment.transfer_id is not None:
            found[assessment.transfer_id].append(assessment)
            continue
        for transfer_id in covered.get(assessment.scc_agreement_id, []):
            if by_id[transfer_id].destination_country_id == assessment.destination_country_id:
                found[transfer_id].append(assessment)
    return found


def assessment_in_use(
    transfer: Transfer, on_date: dt.date, prefetched: list[TransferImpactAssessment] | None
) -> tuple[str, dt.date | None, TransferImpactAssessment | None]:
    """The TIA state on the date and the assessment it comes from; one transfer alone reads its
    versions itself."""
    if prefetched is None:
        prefetched = prefetch_tias([transfer], on_date)[transfer.pk]
    return tia_state_from_versions(prefetched, on_date)


def tia_facts_for(
    transfer: Transfer, on_date: dt.date, *, prefetched: Any = None
) -> rules.TiaFacts:
    """The transfer's impact assessment as it stood on the date. `prefetched` is what
    `prefetch_tias` read for this transfer in the bulk path."""
    state, assessed_on, assessment = assessment_in_use(transfer, on_date, prefetched)
    review_due = assessment.next_review_on if assessment is not None else None
    return rules.TiaFacts(status=state, assessed_on=assessed_on, review_due=review_due)


def supplementary_measures_for(
    transfer: Transfer, on_date: dt.date, *, prefetched: Any = None
) -> bool:
    """Whether supplementary measures (EDPB Recommendations 01/2020) protect the transfer on the
    date: the assessment in force records at least one."""
    state, _, assessment = assessment_in_use(transfer, on_date, prefetched)
    if state not in ("approved", "negative") or assessment is None:
        return False
    count = getattr(assessment, "measure_count", None)
    return bool(count if count is not None else assessment.measures.exists())


# ---------------------------------------------------------------------- rows to facts


def evaluation_queryset(queryset: QuerySet[Transfer] | None = None) -> QuerySet[Transfer]:
    """Transfers with everything their facts need, in a fixed number of queries per batch. The
    related lists are plain attributes (`agreement_list`, the importer vendor's
    `certification_list`, `special_data_categories`): reading a prefetched `.all()` builds a
    queryset each time, which a run over the whole register notices."""
    queryset = Transfer.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "exporter_affiliate__eu_representative",
        "exporter_affiliate__uk_representative",
        "exporter_vendor",
        "importer_affiliate",
        "importer_vendor",
    ).prefetch_related(
        Prefetch(
            "importer_vendor__certifications",
            queryset=VendorCertification.objects.only(
                "vendor_id", "scheme", "valid_from", "valid_until"
            ),
            to_attr="certification_list",
        ),
        Prefetch(
            "scc_agreements",
            queryset=SccAgreement.objects.order_by("pk"),
            to_attr="agreement_list",
        ),
        Prefetch(
            "data_categories",
            queryset=DataCategory.objects.filter(special_category=True).only("id"),
            to_attr="special_data_categories",
        ),
    )


def exporter_facts(
    transfer: Transfer, regime: str, on_date: dt.date, reference: rules.ReferenceData
) -> rules.ExporterFacts | None:
    exporter = transfer.exporter
    if exporter is None or not transfer.exporter_role:
        return None
    if rules.is_in_area(exporter.country_id, regime, on_date, reference):
        subject_to_law = rules.ESTABLISHMENT
    elif isinstance(exporter, Affiliate):
        subject_to_law = exporter.subject_to_gdpr
    else:
        subject_to_law = rules.ART3_2 if exporter.subject_to_gdpr_art3_2 else rules.NOT_SUBJECT
    return rules.ExporterFacts(
        country=exporter.country_id,
        role=transfer.exporter_role,
        subject_to_law=subject_to_law,
        representative_country=_representative_country(exporter, regime),
    )


def _representative_country(exporter: Affiliate | Vendor, regime: str) -> str | None:
    if not isinstance(exporter, Affiliate):
        return None
    representative = {rules.EU: exporter.eu_representative, rules.UK: exporter.uk_representative}
    chosen = representative.get(regime)
    return chosen.country_id if chosen is not None else None


def importer_facts(transfer: Transfer) -> rules.ImporterFacts:
    importer = transfer.importer
    if isinstance(importer, Affiliate):
        art3_2, certifications, commercial = (
            importer.subject_to_gdpr == LawApplicability.ART3_2,
            (),
            True,
        )
    else:
        art3_2 = importer.subject_to_gdpr_art3_2
        certifications = tuple(
            rules.Certification(c.scheme, c.valid_from, c.valid_until)
            for c in importer.certification_list
        )
        commercial = importer.is_commercial_organisation
    return rules.ImporterFacts(
        country=importer.country_id,
        role=transfer.importer_role,
        same_legal_entity_as_exporter=transfer.employee_access,
        subject_to_gdpr_art3_2=art3_2,
        certifications=certifications,
        commercial_organisation=commercial,
    )


def flow_facts(transfer: Transfer, supplementary_measures: bool) -> rules.FlowFacts:
    return rules.FlowFacts(
        remote_access_only=transfer.remote_access_only,
        employee_access=transfer.employee_access,
        direct_collection=transfer.direct_collection,
        returns_only_data_received_from_importer=transfer.returns_only_received_data,
        special_category_data=transfer.special_category_data
        or bool(transfer.special_data_categories),
        supplementary_measures=supplementary_measures,
    )


def _terminated_on(agreement: SccAgreement, on_date: dt.date) -> bool:
    if agreement.terminated_on is not None:
        return agreement.terminated_on <= on_date
    return agreement.status == AgreementStatus.TERMINATED


def _concluded_on(agreement: SccAgreement) -> dt.date | None:
    if agreement.exporter_signed_on is None or agreement.importer_signed_on is None:
        return None
    return max(agreement.exporter_signed_on, agreement.importer_signed_on)


def agreement_instrument(agreement: SccAgreement, regime: str) -> str:
    """Under the UK GDPR, EU clauses with the UK Addendum rest on the Addendum."""
    if regime == rules.UK and agreement.uk_addendum:
        return UK_ADDENDUM
    return agreement.instrument


def covering_agreement(
    agreements: Iterable[SccAgreement],
    regime: str,
    on_date: dt.date,
    reference: rules.ReferenceData,
) -> SccAgreement | None:
    """The agreement that best covers the flow on the date: one not terminated by then,
    preferring one concluded by the date, then one usable under the regime, then the latest."""

    def rank(agreement: SccAgreement) -> tuple:
        concluded = _concluded_on(agreement)
        instrument = reference.instruments_by_code.get(agreement_instrument(agreement, regime))
        return (
            concluded is not None and concluded <= on_date,
            instrument is not None and instrument.terms_for(regime) is not None,
            concluded or dt.date.min,
            agreement.pk,
        )

    in_place = [a for a in agreements if not _terminated_on(a, on_date)]
    return max(in_place, key=rank, default=None)


def safeguard_facts(
    transfer: Transfer, regime: str, on_date: dt.date, reference: rules.ReferenceData
) -> rules.SafeguardFacts | None:
    if transfer.legal_tool == LegalTool.BCR:
        return rules.SafeguardFacts(BCR, exporter_signed_on=on_date, importer_signed_on=on_date)
    agreement = covering_agreement(transfer.agreement_list, regime, on_date, reference)
    if agreement is None:
        return None
    return rules.SafeguardFacts(
        instrument=agreement_instrument(agreement, regime),
        module=agreement.module,
        exporter_signed_on=agreement.exporter_signed_on,
        importer_signed_on=agreement.importer_signed_on,
        processing_changed_since_signature=agreement.processing_changed_since_signature,
    )


MAX_LEG_DEPTH = 5


def prefetch_legs(transfers: Sequence[Transfer]) -> dict[int, tuple[rules.LegFacts, ...]]:
    """The legs of a batch's importer vendors: their own locations, then their sub-processors'
    (recursively, each vendor once, at most `MAX_LEG_DEPTH` levels down). One query for the
    chain links and one for the vendors they reach per level: the count follows the depth of
    the chains, never the batch size. Keyed by importer vendor id."""
    frontier = {t.importer_vendor_id for t in transfers if t.importer_vendor_id is not None}
    vendors: dict[int, Vendor] = {}
    children: dict[int, list[int]] = {}
    depth = 0
    while frontier and depth <= MAX_LEG_DEPTH:
        loaded = (
            Vendor.objects.filter(pk__in=frontier)
            .only("id", "legal_name", "country_id", "is_commercial_organisation")
            .prefetch_related(
                Prefetch(
                    "locations",
                    queryset=VendorLocation.objects.only("vendor_id", "country_id", "activity"),
                    to_attr="location_list",
                ),
                Prefetch(
                    "certifications",
                    queryset=VendorCertification.objects.only(
                        "vendor_id", "scheme", "valid_from", "valid_until"
                    ),
                    to_attr="certification_list",
                ),
            )
        )
        vendors.update({v.pk: v for v in loaded})
        links = SubProcessor.objects.filter(vendor_id__in=frontier).values_list(
            "vendor_id", "sub_processor_id"
        )
        reached = set()
        for parent, child in links:
            children.setdefault(parent, []).append(child)
            reached.add(child)
        frontier = reached - vendors.keys()
        depth += 1
    return {
        vendor_id: _legs_of(vendor_id, vendors, children)
        for vendor_id in {
            t.importer_vendor_id for t in transfers if t.importer_vendor_id is not None
        }
    }


def _leg_certifications(vendor: Vendor) -> tuple[rules.Certification, ...]:
    return tuple(
        rules.Certification(c.scheme, c.valid_from, c.valid_until)
        for c in vendor.certification_list
    )


def _legs_of(
    root: int, vendors: dict[int, Vendor], children: dict[int, list[int]]
) -> tuple[rules.LegFacts, ...]:
    """Depth first from the importer; a vendor already visited (a cycle) is not walked again."""
    legs: list[rules.LegFacts] = []
    seen = {root}
    stack: list[tuple[int, str | None, int]] = [(root, None, 0)]
    while stack:
        vendor_id, via, depth = stack.pop()
        vendor = vendors.get(vendor_id)
        if vendor is None:
            continue
        certifications = _leg_certifications(vendor)
        if via is not None:
            legs.append(
                rules.LegFacts(
                    vendor.legal_name,
                    vendor.country_id,
                    rules.SUB_PROCESSOR,
                    certifications,
                    vendor.is_commercial_organisation,
                    via,
                )
            )
        for location in vendor.location_list:
            legs.append(
                rules.LegFacts(
                    vendor.legal_name,
                    location.country_id,
                    location.activity,
                    certifications,
                    vendor.is_commercial_organisation,
                    via,
                )
            )
        if depth >= MAX_LEG_DEPTH:
            continue
        for child in reversed(children.get(vendor_id, [])):
            if child not in seen:
                seen.add(child)
                stack.append((child, vendor.legal_name, depth + 1))
    return tuple(legs)


def transfer_facts(
    transfer: Transfer,
    on_date: dt.date,
    reference: rules.ReferenceData,
    *,
    prefetched_tia: Any = None,
    legs: tuple = (),
) -> rules.TransferFacts:
    """The rules' facts for a transfer loaded with `evaluation_queryset`; `legs` from
    `prefetch_legs`."""
    regime = rules.governing_regime(transfer.regime, on_date, reference)
    measures = supplementary_measures_for(transfer, on_date, prefetched=prefetched_tia)
    return rules.TransferFacts(
        regime=transfer.regime,
        date=on_date,
        exporter=exporter_facts(transfer, regime, on_date, reference),
        importer=importer_facts(transfer),
        flow=flow_facts(transfer, measures),
        safeguard=safeguard_facts(transfer, regime, on_date, reference),
        tia=tia_facts_for(transfer, on_date, prefetched=prefetched_tia),
        recorded=rules.RecordedFacts(transfer.legal_tool, transfer.destination_country_id),
        legs=legs,
    )


# ------------------------------------------------------------------------- evaluating


class Evaluator:
    """Decides transfers on one date against one reference data set; identical facts (common in
    a register: many flows to the same kind of vendor) are decided once."""

    def __init__(self, reference: rules.ReferenceData, on_date: dt.date) -> None:
        self.reference = reference
        self.on_date = on_date
        self._known: dict[rules.TransferFacts, Evaluation] = {}

    def evaluate(
        self, transfer: Transfer, prefetched_tia: Any = None, legs: tuple = ()
    ) -> Evaluation:
        facts = transfer_facts(
            transfer, self.on_date, self.reference, prefetched_tia=prefetched_tia, legs=legs
        )
        evaluation = self._known.get(facts)
        if evaluation is None:
            evaluation = self._known[facts] = Evaluation.of(rules.decide(facts, self.reference))
        return evaluation

    def evaluate_batch(self, transfers: Sequence[Transfer]) -> list[Evaluation]:
        tias = prefetch_tias(transfers, self.on_date)
        legs = prefetch_legs(transfers)
        return [
            self.evaluate(t, tias.get(t.pk), legs.get(t.importer_vendor_id, ())) for t in transfers
        ]


def _batches(queryset: QuerySet[Transfer], batch_size: int) -> Iterator[list[Transfer]]:
    """Keyset pages by primary key: each page is one query plus the prefetches."""
    ordered = evaluation_queryset(queryset).order_by("pk")
    last = 0
    while True:
        batch = list(ordered.filter(pk__gt=last)[:batch_size])
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        last = batch[-1].pk


def _store_batch(
    transfers: Sequence[Transfer],
    evaluations: Sequence[Evaluation],
    now: dt.datetime,
    *,
    refresh_vendors: bool = True,
) -> int:
    """Write the changed results, stamp every transfer and (unless the caller refreshes every
    vendor at the end) refresh its vendors: a fixed number of queries. Returns how many
    transfers changed."""
    changed = []
    for transfer, evaluation in zip(transfers, evaluations, strict=True):
        if evaluation.differs_from(transfer):
            transfer.compliance_status = evaluation.status
            transfer.findings = evaluation.findings
            transfer.decision = evaluation.decision
            changed.append(transfer)
        transfer.evaluated_at = now
    with transaction.atomic():
        Transfer.objects.filter(pk__in=[t.pk for t in transfers]).update(evaluated_at=now)
        if changed:
            _write_results(changed)
        if refresh_vendors:
            vendor_statuses_refresh(vendor_ids=_vendor_ids(transfers), now=now)
    return len(changed)


def _write_results(transfers: Sequence[Transfer]) -> None:
    """Store the results of many transfers in one query. On PostgreSQL, one UPDATE joins the
    rows to a single JSON parameter (`jsonb_to_recordset`): Django's `bulk_update` builds a
    CASE expression per row and field, which costs more than the evaluation itself. Elsewhere
    (SQLite, the embedded default with a small register) `bulk_update` does."""
    if connection.vendor != "postgresql":
        Transfer.objects.bulk_update(transfers, STORED_FIELDS)
        return
    rows = json.dumps(
        [
            {
                "id": t.pk,
                "status": t.compliance_status,
                "findings": t.findings,
                "decision": t.decision,
            }
            for t in transfers
        ]
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Transfer._meta.db_table)} AS t "
            "SET compliance_status = v.status, findings = v.findings, decision = v.decision "
            "FROM jsonb_to_recordset(%s::jsonb) "
            "AS v(id bigint, status text, findings jsonb, decision jsonb) "
            "WHERE t.id = v.id",
            [rows],
        )


def _vendor_ids(transfers: Iterable[Transfer]) -> set[int]:
    return {
        vendor_id
        for t in transfers
        for vendor_id in (t.importer_vendor_id, t.exporter_vendor_id)
        if vendor_id is not None
    }


def _today_only(on_date: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if on_date is not None and on_date != today:
        raise ValueError(
            f"Only today's evaluation is stored; ask about {on_date} with store=False or "
            "what_changes_on()."
        )
    return today


def transfers_evaluate(
    *,
    queryset: QuerySet[Transfer] | None = None,
    on_date: dt.date | None = None,
    batch_size: int = 1000,
    store: bool = True,
) -> EvaluationSummary:
    """Evaluate many transfers (the whole register by default) in batches. With `store`, write
    today's results and refresh the vendors' statuses: those of each batch, or, for the whole
    register, every vendor at the end (so that one without transfers is refreshed too)."""
    on = _today_only(on_date) if store else (on_date or timezone.localdate())
    evaluator = Evaluator(reference_data_from_db(), on)
    summary = EvaluationSummary(on_date=on, stored=store)
    whole_register = queryset is None
    now = timezone.now()
    vendors: set[int] = set()
    for batch in _batches(Transfer.objects.all() if whole_register else queryset, batch_size):
        evaluations = evaluator.evaluate_batch(batch)
        summary.evaluated += len(batch)
        summary.statuses.update(e.status for e in evaluations)
        if store:
            summary.changed += _store_batch(
                batch, evaluations, now, refresh_vendors=not whole_register
            )
            vendors |= _vendor_ids(batch)
        else:
            summary.changed += sum(
                e.differs_from(t) for t, e in zip(batch, evaluations, strict=True)
            )
    if store and whole_register:
        summary.vendors = vendor_statuses_refresh(vendor_ids=None, now=now)
    else:
        summary.vendors = len(vendors)
    return summary


def transfer_evaluate(
    *, transfer: Transfer, on_date: dt.date | None = None, store: bool = True
) -> rules.Decision:
    """Evaluate one transfer; with `store`, write today's result on it (and on the instance
    given) and refresh its vendors' statuses. Returns the rules' decision."""
    on = _today_only(on_date) if store else (on_date or timezone.localdate())
    reference = reference_data_from_db()
    loaded = evaluation_queryset().get(pk=transfer.pk)
    tias = prefetch_tias([loaded], on)
    legs = prefetch_legs([loaded]).get(loaded.importer_vendor_id, ())
    facts = transfer_facts(loaded, on, reference, prefetched_tia=tias.get(loaded.pk), legs=legs)
    decision = rules.decide(facts, reference)
    if store:
        _store_batch([loaded], [Evaluation.of(decision)], timezone.now())
        for name in [*STORED_FIELDS, "evaluated_at"]:
            setattr(transfer, name, getattr(loaded, name))
    return decision


def what_changes_on(
    *, on_date: dt.date, queryset: QuerySet[Transfer] | None = None, batch_size: int = 1000
) -> list[TransferChange]:
    """The transfers whose status or findings on the date would differ from the stored ones,
    most severe first. Writes nothing. Only the flows that existed on the date are judged by
    its law: one that started later (or had ended) is absent then, not "not permitted"."""
    evaluator = Evaluator(reference_data_from_db(), on_date)
    changes = []
    selected = queryset if queryset is not None else Transfer.objects.all()
    for batch in _batches(selected.filter(existed_on(on_date)), batch_size):
        for transfer, evaluation in zip(batch, evaluator.evaluate_batch(batch), strict=True):
            change = _change(transfer, evaluation)
            if change is not None:
                changes.append(change)
    return sorted(changes, key=lambda c: (-STATUS_ORDER.index(c.status), c.reference))


def existed_on(on_date: dt.date) -> Q:
    """The flow existed on the date: started by then (or no start recorded) and not ended
    before it (the end date is its last day)."""
    started = Q(started_on__isnull=True) | Q(started_on__lte=on_date)
    not_ended = Q(ended_on__isnull=True) | Q(ended_on__gte=on_date)
    return started & not_ended


def _finding_keys(findings: Iterable[dict]) -> Counter:
    return Counter((f.get("code", ""), f.get("severity", "")) for f in findings or [])


def _change(transfer: Transfer, evaluation: Evaluation) -> TransferChange | None:
    stored, new = _finding_keys(transfer.findings), _finding_keys(evaluation.findings)
    if transfer.compliance_status == evaluation.status and stored == new:
        return None
    return TransferChange(
        transfer_id=transfer.pk,
        reference=transfer.reference,
        name=transfer.name,
        stored_status=transfer.compliance_status,
        status=evaluation.status,
        added=tuple(sorted((new - stored).elements())),
        removed=tuple(sorted((stored - new).elements())),
    )


# ----------------------------------------------------------------------------- vendors


def _worst_transfer_status() -> Subquery:
    rank = Case(
        *(When(compliance_status=s, then=Value(n)) for n, s in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    current = (
        Transfer.objects.filter(
            Q(importer_vendor=OuterRef("pk")) | Q(exporter_vendor=OuterRef("pk"))
        )
        .exclude(state=TransferState.ENDED)
        .annotate(rank=rank)
        .order_by("-rank")
        .values("compliance_status")[:1]
    )
    return Subquery(current)


def vendor_statuses_refresh(
    *, vendor_ids: Iterable[int] | None, now: dt.datetime | None = None
) -> int:
    """Set each vendor's status (every vendor's for None) to the worst of its current
    transfers' stored statuses, compliant when it has none, in one query. Returns how many
    vendors it updated."""
    vendors = Vendor.objects.all()
    if vendor_ids is not None:
        ids = list(vendor_ids)
        if not ids:
            return 0
        vendors = vendors.filter(pk__in=ids)
    return vendors.update(
        compliance_status=Coalesce(_worst_transfer_status(), Value(ComplianceStatus.COMPLIANT)),
        evaluated_at=now or timezone.now(),
    )
