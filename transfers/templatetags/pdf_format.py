"""Formatting for the PDF templates."""

from django import template

from transfers.documents.scc_annexes import long_date as long_date_text

register = template.Library()


@register.filter
def long_date(iso: str | None) -> str:
    """ "2024-03-01" -> "1 March 2024"; empty stays empty."""
    return long_date_text(iso)
