"""The API's JSON parser (DEFAULT_PARSER_CLASSES): DRF's, made safe against hostile bodies.

- **Size.** A body longer than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 (ApiErrorMiddleware refuses
  it by its Content-Length before any view runs; this reads no more than the limit either way).
- **Depth.** Python's decoder recurses once per level, so 5,000 ``[`` in 10 KB end in a
  RecursionError (a 500). The nesting is measured on the raw text first, without recursion,
  and a body nested deeper than API_JSON_MAX_DEPTH is a 400 before it is decoded.
- **Characters.** A string anywhere in the body (value or member name) with a control character
  other than tab and line breaks, or a lone surrogate, is a 400 naming its field: the rule of
  text.py, applied once for every endpoint. Single-line fields are stricter still (their
  validator, see ``RegisterModelSerializer``)."""

import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from rest_framework import exceptions, parsers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils import json

from .text import forbidden_character, refusal

DEFAULT_MAX_DEPTH = 32
# A JSON string (skipped whole, so brackets inside text do not count) or a bracket.
TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
# What a refused character can look like in JSON text: an escape of a control character or a
# surrogate, or a raw DEL/C1 character (JSON allows those unescaped). Raw U+0000-U+001F are
# invalid JSON already. A match only means "look closer" (an escaped backslash also matches).
SUSPECT = re.compile(r"\\u00[0-1]|\\u007[fF]|\\u00[89]|\\u[dD][89a-fA-F]|\\[bf]|[\x7f-\x9f]")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def too_large_message(limit: int) -> str:
    return f"The request body is larger than the limit of {limit} bytes."


def max_depth() -> int:
    return getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels, without recursing."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def strings_in(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every string of a decoded body with the path of its field (a member name counts as a
    string of its object). The depth is bounded already, so recursion is safe here."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield path, key
            yield from strings_in(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_in(value, (*path, str(index)))


def refuse_forbidden_characters(data: Any) -> None:
    for path, text in strings_in(data):
        character = forbidden_character(text, multiline=True)
        if character is None:
            continue
        message, code = refusal(character)
        detail = ErrorDetail(message, code=code)
        # The path is made of member names already checked on the way down, so it is clean.
        raise exceptions.ValidationError({".".join(path): [detail]} if path else [detail])


class RegisterJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        text = self.read_text(stream, encoding)
        limit = max_depth()
        if nested_deeper_than(text, limit):
            raise exceptions.ParseError(
                f"JSON nested deeper than {limit} levels is not accepted.", code="too_deep"
            )
        try:
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError as exc:  # cannot happen below the limit; never a 500 if it does
            raise exceptions.ParseError("JSON nested too deeply.", code="too_deep") from exc
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        if SUSPECT.search(text):
            refuse_forbidden_characters(data)
        return data

    @staticmethod
    def read_text(stream, encoding: str) -> str:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise RequestTooLarge(too_large_message(limit))
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
