"""The legal team's admin for the transfers app, one module per subject."""

from . import register, requests  # noqa: F401
