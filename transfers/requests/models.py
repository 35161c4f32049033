"""Data subjects' requests for a copy of the SCCs, with every step and every e-mail recorded.

Art. 12(3) GDPR: answer within one month of receipt, extendable by two further months with the
reasons given within the first month. The privacy policy (section 4) lists the grounds for a
rejection and promises a formal explanation; section 7 promises the copies."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from affiliates.models import Affiliate
from transfers.requests.choices import (
    RejectionGround,
    RequestEmailKind,
    RequestEmailState,
    RequestEventKind,
    RequestState,
)
from vendors.models import Vendor


class DataSubjectRequest(models.Model):
    """One person's request for copies of the SCCs covering some or all public recipients."""

    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail", max_length=254, db_index=True)
    all_recipients = models.BooleanField(
        "all recipients", default=False, help_text="Copies for every recipient with SCCs."
    )
    affiliates = models.ManyToManyField(Affiliate, blank=True, related_name="data_subject_requests")
    vendors = models.ManyToManyField(Vendor, blank=True, related_name="data_subject_requests")
    state = models.CharField(
        max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(
        null=True, blank=True, help_text="One month from receipt (Art. 12(3) GDPR)."
    )
    extended_until = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for an automatic approval.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_ground = models.CharField(max_length=30, choices=RejectionGround.choices, blank=True)
    rejection_text = models.TextField(blank=True)
    documents = models.ManyToManyField(
        "transfers.Document",
        blank=True,
        related_name="data_subject_requests",
        help_text="The data-subject copies sent on approval.",
    )
    is_repeat = models.BooleanField(
        "repeat", default=False, help_text="Same person, nothing changed since their last copy."
    )
    repeat_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats"
    )
    assessed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the repeat check and auto-approval ran."
    )
    # SHA-256 of the random nonces inside the signed links: the database alone mints no link.
    verification_nonce_hash = models.CharField(max_length=64, blank=True, db_index=True)
    download_nonce_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "data subject's request"
        verbose_name_plural = "data subjects' requests"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RequestState.values), name="dsr_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(rejection_ground="") | Q(rejection_ground__in=RejectionGround.values),
                name="dsr_rejection_ground_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.REJECTED) | ~Q(rejection_ground=""),
                name="dsr_rejected_has_ground",
                violation_error_message="A rejection needs a ground.",
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("due_on")),
                name="dsr_extension_after_due_date",
                violation_error_message="An extension must end after the original due date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk} from {self.email}"

    @property
    def deadline(self) -> date | None:
        """The date the answer is due, extension included."""
        return self.extended_until or self.due_on

    def days_left(self, today: date | None = None) -> int | None:
        """Days until the deadline while the request awaits a decision; negative when overdue."""
        if self.state != RequestState.VERIFIED or self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class RequestEvent(models.Model):
    """One step in a request's life: who, when, what (and from which address, for downloads)."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=RequestEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the requester or the system.",
    )
    detail = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RequestEventKind.values), name="request_event_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class RequestEmail(models.Model):
    """An e-mail to the requester, stored as sent; the row is the truth until it is delivered."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=RequestEmailKind.choices)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(
        max_length=10, choices=RequestEmailState.choices, default=RequestEmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = "e-mail to the requester"
        verbose_name_plural = "e-mails to the requester"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RequestEmailKind.values), name="request_email_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RequestEmailState.values), name="request_email_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to} ({self.get_state_display()})"


class RateLimitHit(models.Model):
    """Hits on the request form counted in the database while the cache (Redis) is down, so the
    form stays rate-limited. The key is a salted hash of scope, period and address or e-mail:
    neither is stored in clear. Rows whose window has ended are purged by the requests sweep."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(help_text="When the window ends and the row may go.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rate limit hit (cache outage)"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_limit_hit_unique")
        ]
        indexes = [models.Index(fields=["expires_at"], name="rate_limit_hit_expires")]

    def __str__(self) -> str:
        return f"{self.count} hits from {timezone.localtime(self.window_start):%Y-%m-%d %H:%M}"
