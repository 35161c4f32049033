"""Non-trivial reads of the transfers app, one module per subject.

Callers import from here (``from transfers.selectors import reference_data_from_db``)."""

from .reference import reference_data_from_db, reference_tables_version, transfer_check

__all__ = ["reference_data_from_db", "reference_tables_version", "transfer_check"]
