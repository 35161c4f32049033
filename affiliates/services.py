"""Writing register rows the one way every app writes them: full validation (fields,
uniqueness and the database constraints' own messages) before save, and the history told who
changed the row and why. Callers wrap several such writes in one transaction."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

Actor = AbstractBaseUser | None


def register_save(instance: models.Model, *, actor: Actor, reason: str, path: str = "") -> None:
    """full_clean() then save(), recording the actor and the reason in the history.

    ``path`` prefixes the fields of any error ("locations.1") so a caller that sent a nested
    list learns which item was wrong."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise prefixed(error, path) from error
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()


def register_delete(instance: models.Model, *, actor: Actor, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = reason
    instance.delete()


def prefixed(error: ValidationError, path: str) -> ValidationError:
    if not path:
        return error
    by_field = (
        error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    )
    return ValidationError(
        {
            (path if field == NON_FIELD_ERRORS else f"{path}.{field}"): errors
            for field, errors in by_field.items()
        }
    )


def register_set_relations(
    instance: models.Model,
    relations: dict[str, Iterable[models.Model]],
    *,
    actor: Actor,
    reason: str,
) -> None:
    """Set many-to-many relations, refusing to leave a required one (blank=False) empty, as the
    admin's form refuses it."""
    relations = {name: list(values) for name, values in relations.items()}
    missing = {
        name: ValidationError("Choose at least one.", code="required")
        for name, values in relations.items()
        if not values and not instance._meta.get_field(name).blank
    }
    if missing:
        raise ValidationError(missing)
    instance._history_user = actor
    instance._change_reason = reason
    for name, values in relations.items():
        getattr(instance, name).set(values)
