from django.db import models


class Regime(models.TextChoices):
    EU = "EU", "EU GDPR"
    UK = "UK", "UK GDPR"
    CH = "CH", "Swiss FADP"


class PartyRole(models.TextChoices):
    """A role in one flow: a reseller may be controller in one flow and processor in another."""

    CONTROLLER = "controller", "Controller"
    PROCESSOR = "processor", "Processor"


class LegalTool(models.TextChoices):
    ADEQUACY = "adequacy", "Adequacy decision (Art. 45)"
    SCC = "scc", "Standard Contractual Clauses (Art. 46(2)(c))"
    BCR = "bcr", "Binding corporate rules (Art. 47)"
    DEROGATION = "derogation", "Derogation (Art. 49)"
    NONE_NEEDED = "none_needed", "None needed (not a restricted transfer)"


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    PERIODIC = "periodic", "Periodic"
    CONTINUOUS = "continuous", "Continuous"


class TransferState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class SccInstrument(models.TextChoices):
    SCC_2021 = "scc-2021/914", "EU SCCs 2021/914"
    SCC_2010 = "scc-2010/87", "EU SCCs 2010/87 (controller to processor, repealed)"
    SCC_2004 = "scc-2004/915", "EU SCCs 2004/915 (set II, repealed)"
    SCC_2001 = "scc-2001/497", "EU SCCs 2001/497 (set I, repealed)"
    UK_IDTA = "uk-idta", "UK International Data Transfer Agreement"


class SccModule(models.IntegerChoices):
    ONE = 1, "Module One: controller to controller"
    TWO = 2, "Module Two: controller to processor"
    THREE = 3, "Module Three: processor to processor"
    FOUR = 4, "Module Four: processor to controller"


class Clause9Option(models.IntegerChoices):
    SPECIFIC = 1, "Option 1: specific prior authorisation"
    GENERAL = 2, "Option 2: general written authorisation"


class Clause13Variant(models.TextChoices):
    ESTABLISHED = "established", "Exporter established in an EU Member State"
    REPRESENTATIVE = "representative", "Art. 3(2) exporter with an Art. 27 representative"
    NO_REPRESENTATIVE = "no_representative", "Art. 3(2) exporter without a representative"


class Clause17Option(models.IntegerChoices):
    OPTION_1 = 1, "Option 1: law of the Member State named"
    OPTION_2 = 2, "Option 2: law of the exporter's Member State, else the one named"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    TERMINATED = "terminated", "Terminated"


class UkAddendumEndingParty(models.TextChoices):
    IMPORTER = "importer", "Importer"
    EXPORTER = "exporter", "Exporter"
    BOTH = "both", "Importer and exporter"
    NEITHER = "neither", "Neither party"


class RequestState(models.TextChoices):
    """Where a data subject's request for a copy of the SCCs stands."""

    SUBMITTED = "submitted", "Submitted, e-mail not verified"
    VERIFIED = "verified", "Verified, awaiting decision"
    APPROVED = "approved", "Approved, copy sent"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired unverified"


class RejectionGround(models.TextChoices):
    """The grounds the privacy policy (section 4) gives for rejecting a request; the formal
    explanation sent for each is in transfers/reference/request_rejection_grounds.yaml."""

    NO_RIGHT = "no_right", "Applicable law grants no such right"
    IDENTITY_NOT_VERIFIED = "identity_not_verified", "Identity of the requester not verified"
    OUT_OF_SCOPE = "out_of_scope", "Request cannot be verified or is out of scope"
    REPEATED = "repeated", "Repeated request, nothing changed since the last copy"
    ONGOING_DISPUTE = "ongoing_dispute", "Related to an ongoing dispute"
    OTHER_LEGAL = "other_legal", "Other situation stipulated by law"


class RequestEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    VERIFIED = "verified", "E-mail verified"
    REPEAT_FLAGGED = "repeat_flagged", "Flagged as a repeat"
    EXTENDED = "extended", "Deadline extended"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired unverified"
    EMAIL_QUEUED = "email_queued", "E-mail queued"
    EMAIL_SENT = "email_sent", "E-mail sent"
    EMAIL_FAILED = "email_failed", "E-mail failed"
    DOWNLOADED = "downloaded", "Copy downloaded"


class RequestEmailKind(models.TextChoices):
    VERIFICATION = "verification", "Verification link"
    RECEIVED = "received", "Request received, due date"
    EXTENDED = "extended", "Deadline extended, with reason"
    APPROVED = "approved", "Copy ready, download link"
    REJECTED = "rejected", "Rejection, with explanation"


class RequestEmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be retried"


class DocumentKind(models.TextChoices):
    """What a stored document is; each kind has one renderer (transfers.rendering)."""

    SCC = "scc", "SCC copy"
    TIA = "tia", "TIA report"


class DocumentEdition(models.TextChoices):
    FULL = "full", "Full (legal team)"
    DATA_SUBJECT = "data_subject", "Data-subject copy"


class DocumentState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class DownloadChannel(models.TextChoices):
    ADMIN = "admin", "Admin"
    API = "api", "API"
    PUBLIC = "public", "Public page"
    COMMAND = "command", "Management command"


class AssessmentState(models.TextChoices):
    """Life of one version of a transfer impact assessment (EDPB Recommendations 01/2020)."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    OUTDATED = "outdated", "Outdated"


class RiskLevel(models.TextChoices):
    """The scale a TIA rates risk on, before and after supplementary measures."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class AssessmentOutcome(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    PROCEED_WITH_MEASURES = "proceed_with_measures", "Proceed with the supplementary measures"
    SUSPEND = "suspend", "Suspend (or do not start) the transfer"


class MeasureKind(models.TextChoices):
    """The three families of supplementary measures in Annex 2 of EDPB Recommendations 01/2020."""

    TECHNICAL = "technical", "Technical"
    CONTRACTUAL = "contractual", "Contractual"
    ORGANISATIONAL = "organisational", "Organisational"


class AccessRisk(models.TextChoices):
    """How a public authority may get at transferred data: what a law allows and what a
    supplementary measure is effective against, so each measure can be linked to a risk."""

    COMPELLED_DISCLOSURE = "compelled_disclosure", "Order compelling the importer to disclose"
    IN_TRANSIT = "in_transit", "Interception in transit"
    DIRECT_ACCESS = "direct_access", "Access without the importer's cooperation"


class LawNature(models.TextChoices):
    ACCESS_POWER = "access_power", "Allows public authorities to access data"
    SAFEGUARD = "safeguard", "Limits access or gives redress"
