"""The codes of data subjects' requests: states, rejection grounds, events and e-mails."""

from django.db import models


class RequestState(models.TextChoices):
    """Where a data subject's request for a copy of the SCCs stands."""

    SUBMITTED = "submitted", "Submitted, e-mail not verified"
    VERIFIED = "verified", "Verified, awaiting decision"
    APPROVED = "approved", "Approved, copy sent"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired unverified"


class RejectionGround(models.TextChoices):
    """The grounds the privacy policy (section 4) gives for rejecting a request; the formal
    explanation sent for each is in transfers/data/request_rejection_grounds.yaml."""

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
