"""The consent paperwork (paperwork/) matches the story model choice for choice.

Every consent field and every scope value must be on the consent form, each ticked choice must
name one front-matter field and value the model has, and no two choices the same; placeholders
must be the ones paperwork/README.md maps to options of mkdocs.yml. The model is read from
kairos.core, so a new scope or field fails here until the form offers it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pytest
from mkdocs.config.defaults import MkDocsConfig
from pydantic import BaseModel

from kairos.core.privacy_notice import PRIVACY_FIELDS
from kairos.core.story import Consent, Story
from kairos.site.config import KairosConfig, PrivacyConfig

ROOT = Path(__file__).resolve().parent.parent
PAPERWORK = ROOT / "paperwork"
FORMS = ("information-sheet.md", "consent-form.md", "withdrawal-form.md")

# A front-matter reference in the editors' column: `consent.scope: website`, `consent.record`.
REFERENCE = re.compile(r"`((?:consent|storyteller)\.[a-z_]+)(?:: ([^`]+))?`")
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z ]+\]")


def text(name: str) -> str:
    return (PAPERWORK / name).read_text(encoding="utf-8")


def references(markdown: str) -> list[tuple[str, str | None]]:
    return [(path, value or None) for path, value in REFERENCE.findall(markdown)]


def annotation_of(path: str) -> Any:
    """The model's type for a dotted field path; KeyError for a field the model lacks."""
    model: type[BaseModel] = Story
    annotation: Any = None
    for part in path.split("."):
        annotation = model.model_fields[part].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return annotation


def leaf_types(annotation: Any) -> list[Any]:
    """Unwrap ``X | None``, ``list[X]`` and ``Annotated``; the types a value may take."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list):
        return [t for arg in get_args(annotation) for t in leaf_types(arg)]
    if origin is not None and origin is not Literal and get_args(annotation):
        return leaf_types(get_args(annotation)[0])  # Annotated[str, ...]
    return [annotation]


def allowed(path: str) -> set[str] | None:
    """The values the model allows, as written on the form; None for free text."""
    values: set[str] = set()
    for leaf in leaf_types(annotation_of(path)):
        if get_origin(leaf) is Literal:
            values |= set(get_args(leaf))
        elif leaf is bool:
            values |= {"true", "false"}
        elif leaf is dt.date:
            values.add("YYYY-MM-DD")
        elif leaf is not type(None):
            return None
    return values


def literal_values(path: str) -> set[str]:
    return {v for leaf in leaf_types(annotation_of(path)) for v in get_args(leaf)}


def tick_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|") and "| [ ] |" in line]


# The consent form and the model


def test_every_consent_field_is_on_the_consent_form() -> None:
    on_form = {path for path, _ in references(text("consent-form.md"))}
    assert {f"consent.{name}" for name in Consent.model_fields} <= on_form


@pytest.mark.parametrize("field", ["consent.scope", "consent.given_by", "consent.status"])
def test_every_value_of_a_choice_field_is_on_the_consent_form(field: str) -> None:
    offered = {value for path, value in references(text("consent-form.md")) if path == field}
    assert offered == literal_values(field)


@pytest.mark.parametrize("form", FORMS)
def test_nothing_a_form_offers_is_missing_from_the_model(form: str) -> None:
    for path, value in references(text(form)):
        try:
            values = allowed(path)
        except KeyError:
            pytest.fail(f"{form}: `{path}` is not a field of the story model")
        if value is not None:
            assert values is not None and value in values, f"{form}: `{path}: {value}`"


def test_each_tick_box_is_one_field_and_value_and_no_two_the_same() -> None:
    chosen = []
    for row in tick_rows(text("consent-form.md")):
        found = references(row)
        assert len(found) == 1, row
        chosen.append(found[0])
    assert len(chosen) == len(set(chosen))
    scope_boxes = {value for path, value in chosen if path == "consent.scope"}
    assert scope_boxes == literal_values("consent.scope")
    assert ("consent.final_text_approved", "true") in chosen


def test_the_consent_form_has_a_box_for_the_record_reference() -> None:
    office = text("consent-form.md").split("### Office use only")[1]
    assert "`consent.record`" in office


def test_the_withdrawal_form_becomes_a_tombstone() -> None:
    found = set(references(text("withdrawal-form.md")))
    assert {("consent.status", "withdrawn"), ("consent.withdrawn_on", "YYYY-MM-DD")} <= found
    assert ("consent.record", None) in found


# Placeholders and the options of mkdocs.yml


def placeholder_options() -> dict[str, str]:
    rows = re.findall(r"^\| `(\[[A-Z ]+\])` \| `([a-z_.]+)`", text("README.md"), re.MULTILINE)
    return dict(rows)


def test_every_placeholder_is_mapped_to_an_option_that_exists() -> None:
    mapped = placeholder_options()
    used = {p for form in FORMS for p in PLACEHOLDER.findall(text(form))}
    assert used and used <= set(mapped), used - set(mapped)
    kairos = {name for name, _ in KairosConfig._schema}
    privacy = {name for name, _ in PrivacyConfig._schema}
    mkdocs = {name for name, _ in MkDocsConfig._schema}
    for option in mapped.values():
        section, _, name = option.partition(".")
        assert (name in privacy) if section == "privacy" else (option in kairos | mkdocs), option
    assert {f"privacy.{name}" for name in PRIVACY_FIELDS} <= set(mapped.values())


@pytest.mark.parametrize("form", FORMS)
def test_each_form_asks_for_a_review_by_the_data_protection_lead(form: str) -> None:
    assert "data protection lead review" in " ".join(text(form).split())


def test_the_paperwork_never_reaches_the_site() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir" not in config  # docs/ is the default, and paperwork/ is beside it
    assert not (ROOT / "docs" / "paperwork").exists()
