"""Creating and changing flows outside the admin (the API): the same validation as the admin,
in one transaction, recorded in the history with who and why."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from affiliates.services import Actor, register_save, register_set_relations
from transfers.register.models import Transfer

RELATIONS = ("data_categories", "data_subject_categories", "purposes")


@transaction.atomic
def transfer_create(
    *,
    fields: dict[str, Any],
    relations: dict[str, Iterable[models.Model]],
    actor: Actor,
    reason: str,
) -> Transfer:
    """A new flow; ``relations`` must give every required many-to-many list."""
    transfer = Transfer(**fields)
    register_save(transfer, actor=actor, reason=reason)
    register_set_relations(
        transfer, {name: relations.get(name, ()) for name in RELATIONS}, actor=actor, reason=reason
    )
    return transfer


@transaction.atomic
def transfer_update(
    *,
    transfer: Transfer,
    fields: dict[str, Any],
    relations: dict[str, Iterable[models.Model]],
    actor: Actor,
    reason: str,
) -> Transfer:
    """Change the given fields and replace the given many-to-many lists."""
    for name, value in fields.items():
        setattr(transfer, name, value)
    register_save(transfer, actor=actor, reason=reason)
    if relations:
        register_set_relations(transfer, relations, actor=actor, reason=reason)
    return transfer
