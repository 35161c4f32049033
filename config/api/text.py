"""Which characters the API accepts in text, in one place.

Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) have no business in a
register that ends up in PDFs, CSV exports, e-mails and the admin: they hide text, break lines
and terminals, and PostgreSQL refuses U+0000 outright. Tab, line feed and carriage return are
text in multi-line fields (descriptions, notes) and nowhere else. Lone surrogates (U+D800-U+DFFF,
which JSON's ``\\ud800`` escapes can produce) are not text at all: no database can store them."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import fields as drf_fields

CONTROL_CODE = "control_character"
SURROGATE_CODE = "surrogate_characters_not_allowed"  # DRF's own code for the same refusal

SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def forbidden_character(text: str, *, multiline: bool) -> str | None:
    """The first character of ``text`` the API refuses, or None."""
    pattern = MULTI_LINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    found = pattern.search(text) or SURROGATE.search(text)
    return found.group() if found else None


def refusal(character: str) -> tuple[str, str]:
    """(message, code) saying why this character is refused."""
    point = f"U+{ord(character):04X}"
    if SURROGATE.match(character):
        return f"Surrogate characters are not allowed: {point}.", SURROGATE_CODE
    if character in "\t\n\r":
        return f"Tabs and line breaks are not allowed in this field ({point}).", CONTROL_CODE
    return f"Control characters are not allowed: {point}.", CONTROL_CODE


class TextCharactersValidator:
    """A serializer field's validator: refuses the characters above in its text."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        if character := forbidden_character(value, multiline=self.multiline):
            message, code = refusal(character)
            raise ValidationError(message, code=code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextCharactersValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def with_text_validator(
    field_class: type[drf_fields.Field], field_kwargs: dict, model_field: models.Field
) -> dict:
    """A ModelSerializer's keyword arguments for a text field, with the validator for its kind:
    a model TextField takes multi-line text, every other text field a single line."""
    if not issubclass(field_class, drf_fields.CharField):
        return field_kwargs
    multiline = isinstance(model_field, models.TextField)
    validators = [*field_kwargs.get("validators", []), TextCharactersValidator(multiline=multiline)]
    return {**field_kwargs, "validators": validators}
