"""Codes and words of the rules: regimes, roles, statuses, finding codes (a public contract),
and the phrases messages are built from."""

RULESET_VERSION = "1.1.0"  # 1.1: legs, and `permitted` beside `lawful`

# Regimes, roles and other codes used in facts and reference data.
EU, UK, CH = "EU", "UK", "CH"
REGIMES = (EU, UK, CH)
CONTROLLER, PROCESSOR = "controller", "processor"
ROLES = (CONTROLLER, PROCESSOR)
ESTABLISHMENT, ART3_2, NOT_SUBJECT = "establishment", "art3_2", "no"
SUBJECT_TO_LAW = (ESTABLISHMENT, ART3_2, NOT_SUBJECT)
TIA_NONE, TIA_DRAFT, TIA_APPROVED, TIA_OUTDATED, TIA_NEGATIVE = (
    "none",
    "draft",
    "approved",
    "outdated",
    "negative",
)
TIA_STATUSES = (TIA_NONE, TIA_DRAFT, TIA_APPROVED, TIA_OUTDATED, TIA_NEGATIVE)
FULL, PARTIAL = "full", "partial"
SCOPES = (FULL, PARTIAL)
NO_CONDITION = "none"
CERTIFIED_ORGANISATIONS = "certified_organisations"
COMMERCIAL_ORGANISATIONS = "commercial_organisations"
SECTOR_EXCLUSIONS = "sector_exclusions"
SCOPE_CONDITIONS = (
    NO_CONDITION,
    CERTIFIED_ORGANISATIONS,
    COMMERCIAL_ORGANISATIONS,
    SECTOR_EXCLUSIONS,
)
EEA = "EEA"  # adequacy row country meaning "every EU or EEA state on the date asked"
MODULES = (1, 2, 3, 4)
# The legal tool the register records for a flow (what the legal team believes makes it lawful).
TOOL_ADEQUACY, TOOL_SCC, TOOL_BCR, TOOL_DEROGATION, TOOL_NONE_NEEDED = (
    "adequacy",
    "scc",
    "bcr",
    "derogation",
    "none_needed",
)
LEGAL_TOOLS = (TOOL_ADEQUACY, TOOL_SCC, TOOL_BCR, TOOL_DEROGATION, TOOL_NONE_NEEDED)

INFO, WARNING, ERROR = "info", "warning", "error"
SEVERITIES = (INFO, WARNING, ERROR)
COMPLIANT, ACTION_REQUIRED, NOT_PERMITTED = "compliant", "action_required", "not_permitted"
STATUSES = (COMPLIANT, ACTION_REQUIRED, NOT_PERMITTED)

# Finding codes: stable, part of the public contract.
GOVERNED_BY_EU_GDPR = "governed-by-eu-gdpr"
PROCESSING_ABROAD = "processing-abroad"
SAFEGUARD_NOT_REQUIRED = "safeguard-not-required"
SAFEGUARD_FALLBACK = "safeguard-fallback"
ADEQUACY_SECTOR_EXCLUSIONS = "adequacy-sector-exclusions"
ADEQUACY_SCOPE_UNCONFIRMED = "adequacy-scope-unconfirmed"
ADEQUACY_SCOPE_NOT_MET = "adequacy-scope-not-met"
CERTIFICATION_MISSING = "certification-missing"
CERTIFICATION_LAPSED = "certification-lapsed"
CERTIFICATION_NOT_YET_VALID = "certification-not-yet-valid"
CERTIFICATION_WRONG_PROGRAMME = "certification-wrong-programme"
ADEQUACY_ENDED = "adequacy-ended"
ADEQUACY_NOT_YET_IN_FORCE = "adequacy-not-yet-in-force"
NO_SAFEGUARD = "no-safeguard"
SAFEGUARD_UNKNOWN = "safeguard-unknown"
SAFEGUARD_WRONG_REGIME = "safeguard-wrong-regime"
SAFEGUARD_UNSIGNED = "safeguard-unsigned"
SAFEGUARD_NOT_YET_SIGNED = "safeguard-not-yet-signed"
SAFEGUARD_NOT_AVAILABLE = "safeguard-not-available"
SAFEGUARD_REPEALED = "safeguard-repealed"
SAFEGUARD_PROCESSING_CHANGED = "safeguard-processing-changed"
SAFEGUARD_EXPIRED = "safeguard-expired"
SAFEGUARD_TRANSITIONAL = "safeguard-transitional"
SAFEGUARD_CONDITION = "safeguard-condition"
MODULE_MISMATCH = "module-mismatch"
MODULE_MISSING = "module-missing"
TIA_MISSING = "tia-missing"
TIA_OUTDATED_FINDING = "tia-outdated"
TIA_NEGATIVE_FINDING = "tia-negative"
SPECIAL_CATEGORY_WITHOUT_MEASURES = "special-category-without-measures"
IMPORTER_SUBJECT_TO_GDPR = "importer-subject-to-gdpr"
CLAUSE_13_AUTHORITY = "clause-13-authority"
REPRESENTATIVE_OUTSIDE_AREA = "representative-outside-area"
LEGAL_TOOL_CONTRADICTED = "legal-tool-contradicted"
DESTINATION_DIFFERS = "destination-differs"
FINDING_CODES = (
    GOVERNED_BY_EU_GDPR,
    PROCESSING_ABROAD,
    SAFEGUARD_NOT_REQUIRED,
    SAFEGUARD_FALLBACK,
    ADEQUACY_SECTOR_EXCLUSIONS,
    ADEQUACY_SCOPE_UNCONFIRMED,
    ADEQUACY_SCOPE_NOT_MET,
    CERTIFICATION_MISSING,
    CERTIFICATION_LAPSED,
    CERTIFICATION_NOT_YET_VALID,
    CERTIFICATION_WRONG_PROGRAMME,
    ADEQUACY_ENDED,
    ADEQUACY_NOT_YET_IN_FORCE,
    NO_SAFEGUARD,
    SAFEGUARD_UNKNOWN,
    SAFEGUARD_WRONG_REGIME,
    SAFEGUARD_UNSIGNED,
    SAFEGUARD_NOT_YET_SIGNED,
    SAFEGUARD_NOT_AVAILABLE,
    SAFEGUARD_REPEALED,
    SAFEGUARD_PROCESSING_CHANGED,
    SAFEGUARD_EXPIRED,
    SAFEGUARD_TRANSITIONAL,
    SAFEGUARD_CONDITION,
    MODULE_MISMATCH,
    MODULE_MISSING,
    TIA_MISSING,
    TIA_OUTDATED_FINDING,
    TIA_NEGATIVE_FINDING,
    SPECIAL_CATEGORY_WITHOUT_MEASURES,
    IMPORTER_SUBJECT_TO_GDPR,
    CLAUSE_13_AUTHORITY,
    REPRESENTATIVE_OUTSIDE_AREA,
    LEGAL_TOOL_CONTRADICTED,
    DESTINATION_DIFFERS,
    "leg-covered",
    "leg-no-safeguard",
)

# Wording used in messages.
REGIME_LAW = {EU: "EU GDPR", UK: "UK GDPR", CH: "Swiss FADP"}
REGIME_AREA = {EU: "the EEA", UK: "the United Kingdom", CH: "Switzerland"}
REGIME_HOME_COUNTRY = {UK: "GB", CH: "CH"}
MODULE_FOR_ROLES = {
    (CONTROLLER, CONTROLLER): 1,
    (CONTROLLER, PROCESSOR): 2,
    (PROCESSOR, PROCESSOR): 3,
    (PROCESSOR, CONTROLLER): 4,
}
MODULE_NAMES = {1: "Module One", 2: "Module Two", 3: "Module Three", 4: "Module Four"}
MODULE_ROLE_TEXT = {
    1: "a controller to a controller",
    2: "a controller to a processor",
    3: "a processor to a processor",
    4: "a processor to its controller",
}
PROGRAMME_NAMES = {
    "EU-US DPF": "EU-US Data Privacy Framework",
    "UK Extension": "UK Extension to the EU-US Data Privacy Framework",
    "Swiss-US DPF": "Swiss-US Data Privacy Framework",
    "EU-US Privacy Shield": "EU-US Privacy Shield",
    "Safe Harbor": "Safe Harbor privacy principles",
}
LEGAL_TOOL_TEXT = {
    TOOL_ADEQUACY: "an adequacy decision (Art. 45)",
    TOOL_SCC: "standard contractual clauses (Art. 46(2)(c))",
    TOOL_BCR: "binding corporate rules (Art. 47)",
    TOOL_DEROGATION: "a derogation (Art. 49)",
    TOOL_NONE_NEEDED: "that no transfer tool is needed",
}
SUBJECTION_TEXT = {
    ESTABLISHMENT: "through an establishment",
    ART3_2: (
        "without an establishment, because it offers goods or services to, or monitors, people "
        "there (Art. 3(2) or its counterpart)"
    ),
}
