"""Turn pydantic's validation errors into problems an editor can act on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from kairos.core.front_matter import LoadedFile, Location, Model, YamlDocument, dotted_field
from kairos.core.problems import Problem, did_you_mean, plural, private_part


def describe_value(value: Any) -> str:
    """A short phrase for a value as an editor wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        if not value.strip():
            return "only spaces" if value else "empty text"
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    if isinstance(value, list):
        return f"a list of {plural(len(value), 'item')}"
    if isinstance(value, Mapping):
        return "a group of fields"
    return type(value).__name__


_SHORT_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_text_message(found: str, quoted: bool) -> str:
    """A date YAML read as text: say why, in terms of what the editor wrote."""
    if quoted:
        try:
            dt.date.fromisoformat(found)
        except ValueError:
            return f"found the text '{found}' in quotes; write a date as YYYY-MM-DD, without quotes"
        return f"found '{found}' in quotes, which makes it text; remove the quotes"
    short = _SHORT_DATE.fullmatch(found)
    try:
        written = dt.date(*(int(part) for part in short.groups())) if short else None
    except ValueError:
        written = None
    if written:
        return (
            f"found '{found}'; write a date as YYYY-MM-DD, with two digits for the month "
            f"and the day: {written.isoformat()}"
        )
    return f"found the text '{found}'; write a date as YYYY-MM-DD (year, month, day)"


_DATE_KINDS = ("date_type", "date_from_datetime_inexact", "date_from_datetime_parsing")
#: What is allowed, by the kind of pydantic error, where the message is "found X; <this>".
_EXPECTED = {
    "string_type": "expected text (put it in quotes)",
    "string_too_short": "expected some text",
    "bool_type": "expected true or false",
    "list_type": "expected a list, e.g. [a, b]",
    "model_type": "expected a group of indented fields",
    "model_attributes_type": "expected a group of indented fields",
    "dict_type": "expected a group of indented fields",
    **dict.fromkeys(_DATE_KINDS, "expected a date written YYYY-MM-DD"),
}


def _allowed(
    error: Mapping[str, Any], field: str, known_fields: Iterable[str], quoted: bool = False
) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = error.get("input")
    if kind == "missing":
        return "missing; this field is required"
    if kind == "extra_forbidden":
        known = sorted(known_fields)
        name = field.rsplit(".", 1)[-1]
        return (
            f"'{name}' is not a known field{did_you_mean(name, known)}"
            f" (known fields here: {', '.join(known)})"
        )
    if kind == "literal_error":
        listed = str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        choices = [part.strip().strip("'") for part in listed]
        return f"found {describe_value(found)}; expected one of: {', '.join(choices)}" + (
            did_you_mean(found, choices) if isinstance(found, str) else ""
        )
    if kind in _DATE_KINDS and isinstance(found, str):
        return _date_text_message(found, quoted)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S":
        kind = "string_too_short"  # only spaces
    if kind == "string_too_long":
        return (
            f"found {len(str(found))} characters; at most {ctx.get('max_length')} are allowed, "
            "shorten it"
        )
    if kind == "string_pattern_mismatch" and field == "consent.record":
        return (
            f"found {describe_value(found)}; expected the reference of the signed form kept "
            "offline, e.g. KF-2026-014: up to 40 letters, digits and . _ / - with no spaces, "
            "never a name or contact detail"
        )
    if kind in ("too_short", "too_long"):
        items = f"found {plural(ctx['actual_length'], 'item')}"
        if kind == "too_short":
            return f"{items}; at least {ctx['min_length']} required"
        return f"{items}; at most {ctx['max_length']} allowed"
    if kind == "string_pattern_mismatch":
        expected = f"expected text matching {ctx.get('pattern')}"
    else:
        expected = _EXPECTED.get(kind, error.get("msg", "not allowed"))
    return f"found {describe_value(found)}; {expected}"


def _private(error: Mapping[str, Any], message: str) -> tuple[int, int] | None:
    """Where ``message`` quotes the value (or, for an unknown field, the name) as written."""
    if error["type"] == "extra_forbidden":
        name = dotted_field(tuple(error["loc"])).rsplit(".", 1)[-1]
        return private_part(message, f"'{name}'")
    found = error.get("input")
    if isinstance(found, bool) or not isinstance(found, str | int | float):
        return None  # (a YAML number can be a phone or NHS number written without quotes)
    return private_part(message, describe_value(found), source=str(found)) or private_part(
        message, f"'{found}'"
    )


def problems_from_validation_error(
    error: ValidationError,
    document: YamlDocument,
    path: str,
    known_fields: Mapping[Location, Iterable[str]],
) -> list[Problem]:
    """One problem per pydantic error, placed on the line of the value it concerns.

    None for a value YAML itself could not read: the editor was already told of it.
    """
    problems = []
    for item in error.errors():
        location: Location = tuple(item["loc"])
        if any(location[: len(told)] == told for told in document.invalid):
            continue
        field = dotted_field(location)
        names = tuple(part for part in location if isinstance(part, str))  # (no list items)
        parent = names[:-1] if item["type"] in {"missing", "extra_forbidden"} else names
        quoted = location in document.quoted
        message = _allowed(item, field, known_fields.get(parent, ()), quoted)
        line = document.line_of(location)
        problems.append(Problem(path, line, field, message, private=_private(item, message)))
    return problems


def validated(loaded: LoadedFile, model: type[Model], document: YamlDocument) -> Model | None:
    """The front-matter as ``model``, or None and a problem per field it refuses in ``loaded``."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        # Where a name is unknown, the names allowed there: the model's, or a nested model's.
        known: dict[Location, tuple[str, ...]] = {(): tuple(model.model_fields)}
        for name, info in model.model_fields.items():
            for inner in (info.annotation, *get_args(info.annotation)):  # (Consent, list[Entry])
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    known[(name,)] = tuple(inner.model_fields)
        loaded.problems += problems_from_validation_error(error, document, loaded.path, known)
        return None
