"""API keys the legal team hands to other systems (procurement tools, engineers' scripts).

Only a SHA-256 hash of each key is stored: the key is shown once, when it is created, and cannot
be read back. A key has 256 random bits, so a plain (unsalted, fast) hash is enough to make a
leaked table useless, and it keeps authentication to one indexed lookup per request."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

THROTTLE_RATE_PATTERN = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")
ENDPOINT_PATTERN = re.compile(r"^[a-z0-9-]+(/([a-z0-9-]+|\*))*$")


class ApiKeyAccess(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read_write", "Read and write"


def validate_throttle_rate(value: str) -> None:
    if value and not THROTTLE_RATE_PATTERN.match(value):
        raise ValidationError(
            'Write a rate as a number of requests per unit, e.g. "100/minute" or "5000/hour".',
            code="invalid_rate",
        )


def validate_allowed_endpoints(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Give a list of endpoint paths.", code="invalid_endpoints")
    for item in value:
        if not ENDPOINT_PATTERN.match(item):
            raise ValidationError(
                f'"{item}" is not an endpoint path under /api/v1/ such as "vendors" or '
                '"vendors/*/status".',
                code="invalid_endpoint",
            )


class ApiKey(models.Model):
    """One caller's credential: what it may do (read or read-write) and where (endpoints)."""

    name = models.CharField(
        max_length=100, unique=True, help_text="Who or what uses this key, e.g. 'Procurement'."
    )
    prefix = models.CharField(
        max_length=12,
        unique=True,
        editable=False,
        help_text="The start of the key, to recognise it in logs; the rest is never stored.",
    )
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    access = models.CharField(
        max_length=20, choices=ApiKeyAccess.choices, default=ApiKeyAccess.READ
    )
    allowed_endpoints = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_allowed_endpoints],
        help_text='Paths under /api/v1/ this key may call, e.g. "vendors" or "vendors/*/status" '
        "(one per line). Empty: every endpoint.",
    )
    throttle_rate = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_throttle_rate],
        help_text='Overrides the default request rate, e.g. "100/minute". Empty: the default.',
    )
    may_download_confidential = models.BooleanField(
        "may download full copies",
        default=False,
        help_text="Whether the key may download full (confidential) SCC copies and TIA reports. "
        "Without it, only data-subject (redacted) copies; read or read-write access alone is "
        "not enough.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(
                condition=Q(access__in=ApiKeyAccess.values),
                name="api_key_access_valid",
                violation_error_message="Choose read or read-write access.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def can_write(self) -> bool:
        return self.access == ApiKeyAccess.READ_WRITE

    def allows_path(self, path: str) -> bool:
        """Whether the key may call ``path`` (relative to /api/v1/, e.g. "vendors/12/status/").

        An entry matches the path's leading segments; "*" matches any one segment."""
        if not self.allowed_endpoints:
            return True
        segments = [segment for segment in path.strip("/").split("/") if segment]
        return any(
            _segments_start_with(segments, entry.split("/")) for entry in self.allowed_endpoints
        )


def _segments_start_with(segments: list[str], pattern: list[str]) -> bool:
    if len(segments) < len(pattern):
        return False
    return all(want in ("*", got) for want, got in zip(pattern, segments, strict=False))
