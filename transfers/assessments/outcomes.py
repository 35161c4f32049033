"""Which outcomes a TIA may end in, given its residual risk (the risk after the supplementary
measures): the one place the service, the admin and the demo take the rule from.

At a high or very high residual risk the measures do not bring protection up to an essentially
equivalent level, so the transfer must not go ahead: the exporter suspends it (or does not start
it), or adds measures and assesses again before deciding (EDPB Recommendations 01/2020, step 4,
paras 52-54; SCC Clauses 14(f) and 16(b))."""

from transfers.assessments.choices import AssessmentOutcome, RiskLevel

STOP_RISKS = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})
OUTCOMES_AT_STOP_RISK = frozenset({AssessmentOutcome.SUSPEND})


def allowed_outcomes(risk_after: str) -> frozenset[str]:
    """The outcomes a TIA with this residual risk may be submitted and approved with."""
    if risk_after in STOP_RISKS:
        return OUTCOMES_AT_STOP_RISK
    return frozenset(AssessmentOutcome.values)


def outcome_refusal(risk_after: str, outcome: str) -> str | None:
    """Why this outcome cannot follow this residual risk, or None if it can (or either is not
    given yet: the completeness check asks for them)."""
    if not risk_after or not outcome or outcome in allowed_outcomes(risk_after):
        return None
    return (
        f"The risk after supplementary measures is {RiskLevel(risk_after).label.lower()}: the "
        f'outcome cannot be "{AssessmentOutcome(outcome).label}". Suspend (or do not start) '
        "the transfer, or add measures that lower the residual risk and assess again."
    )
