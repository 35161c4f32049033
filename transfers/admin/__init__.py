"""The legal team's admin for the transfers app, one module per subject."""

from . import documents, reference, register, requests  # noqa: F401
