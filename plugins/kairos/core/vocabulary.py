"""The controlled vocabularies: themes and content notes, from ``stories/vocabulary.yml``."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, StringConstraints, ValidationError

from kairos.core.front_matter import Location, read_yaml_mapping
from kairos.core.identifier_problems import reviewed_values, value_identifier_problems
from kairos.core.problems import Problem
from kairos.core.source_file import read_source_text
from kairos.core.story import SLUG_PATTERN, STRICT
from kairos.core.validation_messages import problems_from_validation_error

VOCABULARY_FILE = "vocabulary.yml"
_SECTIONS = ("themes", "content_notes")


class Term(BaseModel):
    """One theme or content note: a label for readers and an optional one-line description."""

    model_config = STRICT

    label: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"\S")]
    description: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None


Key = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class Vocabulary(BaseModel):
    """Known keys, in the order the vocabulary file lists them."""

    model_config = STRICT

    themes: dict[Key, Term] = {}
    content_notes: dict[Key, Term] = {}


class _VocabularyFile(Vocabulary):
    themes: dict[Key, Term]  # (a vocabulary file must have its themes)


def load_vocabulary(stories_dir: Path, display_dir: str) -> tuple[Vocabulary, list[Problem]]:
    """Read the vocabulary; on any problem, keep only the entries that are themselves valid.

    A missing or broken vocabulary never lets a story through: its themes then count as unknown.
    """
    path = f"{display_dir}/{VOCABULARY_FILE}"
    text, problems = read_source_text(stories_dir / VOCABULARY_FILE, path)
    if text is None:
        return Vocabulary(), problems
    document, problems = read_yaml_mapping(text, path, 1, field_name="vocabulary")
    if document is None:
        return Vocabulary(), problems
    # Labels and descriptions are free text shown on every page that lists a theme or note. A
    # reviewed false positive is marked as in a story, in a YAML comment:
    # ``# <!-- kairos: reviewed 0300 123 4567 -->``.
    entries = [  # (section, key, value) as YAML read them
        (section, key, value)
        for section in _SECTIONS
        if isinstance(section_entries := document.data.get(section), dict)
        for key, value in section_entries.items()
    ]
    fields = tuple(
        ((section, key, name), f"{section}.{key}.{name}")
        for section, key, _ in entries
        for name in ("label", "description")
    )
    problems += value_identifier_problems(path, text, document, fields, reviewed_values(text))
    try:
        return _VocabularyFile.model_validate(document.data), problems
    except ValidationError as error:
        known: dict[Location, tuple[str, ...]] = {(): _SECTIONS}
        for section, key, _ in entries:
            known[(section, key)] = ("label", "description")
        problems += problems_from_validation_error(error, document, path, known)
    # Only the entries that are valid on their own.
    valid: dict[str, dict[str, Any]] = {section: {} for section in _SECTIONS}
    for section, key, value in entries:
        with suppress(ValidationError):
            Vocabulary.model_validate({section: {key: value}})
            valid[section][key] = value
    return Vocabulary.model_validate(valid), problems
