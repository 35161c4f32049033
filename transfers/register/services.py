"""Creating and changing flows and SCC agreements: the same validation from the admin, the API
and the import, in one transaction, recorded in the history with who and why."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from affiliates.services import Actor, register_save, register_set_relations
from transfers import rules
from transfers.reference.selectors import reference_data_from_db
from transfers.register.models import SccAgreement, Transfer

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


def scc_module_problems(
    instrument_code: str | None, module: int | None, transfers: Iterable[Transfer]
) -> list[str]:
    """One message per covered transfer whose roles call for another module, or for a module
    the instrument does not have: an agreement with the wrong module protects none of them."""
    instrument = reference_data_from_db().instruments_by_code.get(instrument_code or "")
    problems = []
    for transfer in transfers:
        if not transfer.exporter_role:
            continue
        required = rules.required_scc_module(transfer.exporter_role, transfer.importer_role)
        roles = f"{transfer.exporter_role} to {transfer.importer_role}"
        needs = f"{rules.MODULE_NAMES[required]}"
        if module is not None and module != required:
            problems.append(
                f"Transfer {transfer.reference} ({roles}) needs {needs}, not "
                f"{rules.MODULE_NAMES[module]}: cover it with another agreement or correct "
                "the roles."
            )
        elif instrument is not None and required not in instrument.modules:
            problems.append(
                f"Transfer {transfer.reference} ({roles}) needs {needs}, which the "
                f"{instrument.name} does not cover."
            )
    return problems


def scc_agreement_check_module(
    *, instrument_code: str | None, module: int | None, transfers: Iterable[Transfer]
) -> None:
    """Raise a ValidationError on ``module`` (on ``transfers`` when no module is chosen) if a
    covered transfer's roles call for another module."""
    problems = scc_module_problems(instrument_code, module, transfers)
    if problems:
        raise ValidationError({"transfers" if module is None else "module": problems})


@transaction.atomic
def scc_agreement_save(
    *,
    agreement: SccAgreement,
    fields: dict[str, Any],
    transfers: Iterable[Transfer] | None,
    actor: Actor,
    reason: str,
) -> SccAgreement:
    """Create or change an agreement; ``transfers`` (None: keep them) replaces the covered
    transfers. The module must be the one every covered transfer's roles call for."""
    for name, value in fields.items():
        setattr(agreement, name, value)
    covered = list(transfers) if transfers is not None else (
        list(agreement.transfers.all()) if agreement.pk else []
    )
    scc_agreement_check_module(
        instrument_code=agreement.instrument, module=agreement.module, transfers=covered
    )
    register_save(agreement, actor=actor, reason=reason)
    if transfers is not None:
        register_set_relations(agreement, {"transfers": covered}, actor=actor, reason=reason)
    return agreement
