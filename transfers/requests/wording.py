"""The plain-language texts shipped in transfers/data/: what the public page says about
legal tools and roles, and the formal explanation e-mailed for each ground of rejection.
They are data the legal team edits, read once per process."""

from functools import cache
from typing import Any

import yaml

from transfers import DATA_DIR

REFERENCE_DIR = DATA_DIR


@cache
def read_reference(name: str) -> dict[str, Any]:
    return yaml.safe_load((REFERENCE_DIR / name).read_text(encoding="utf-8"))


def public_wording() -> dict[str, Any]:
    """legal_tools (title, explanation, source), group_roles and flow_roles keyed by choice;
    under_review (title, explanation) and no_copy (why no copy is offered)."""
    return read_reference("public_wording.yaml")


def rejection_explanation(ground: str) -> str:
    """The formal explanation sent to the requester for one RejectionGround value."""
    return read_reference("request_rejection_grounds.yaml")[ground]["explanation"]
