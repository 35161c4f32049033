"""Formatting for PDF reports whose inputs are JSON (dates as ISO strings)."""

from datetime import date, datetime

from django import template

register = template.Library()


@register.filter
def long_date(value: str | None) -> str:
    """ "2026-11-29" (or an ISO date-time) → "29 November 2026"; empty stays empty."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


@register.filter
def long_datetime(value: str | None) -> str:
    """An ISO date-time → "29 November 2026, 10:31 UTC+01:00" (as stored, never converted)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    offset = moment.strftime("%z")
    zone = f" UTC{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment.day} {moment:%B %Y, %H:%M}{zone}"
