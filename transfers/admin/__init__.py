"""The legal team's admin for the transfers app, one module per subject."""

from . import assessments, documents, reference, register, requests  # noqa: F401
