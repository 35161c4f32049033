"""The legal team's admin for the transfers app, one module per subject."""

from transfers.admin import api_keys, assessments, documents, reference, register, requests  # noqa: F401
