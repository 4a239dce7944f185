"""The vocabulary file: its labels and descriptions are free text that readers see."""

from __future__ import annotations

from pathlib import Path

import pytest

from kairos.core.vocabulary import load_vocabulary

VOCABULARY = """\
themes:
  kindness:
    label: Kindness
    description: "Small acts of care; thanks to the ward, 07700
      900123."
content_notes:
  death:
    label: "Death (ask robin&#64;example.net)"
"""


def test_labels_and_descriptions_are_scanned_as_read(tmp_path: Path) -> None:
    (tmp_path / "vocabulary.yml").write_text(VOCABULARY, encoding="utf-8")
    vocabulary, problems = load_vocabulary(tmp_path, "stories")
    assert [str(p) for p in problems] == [
        "stories/vocabulary.yml:4:59: identifiers: looks like a phone number ('07700 900123'); "
        "remove it or mark it reviewed",
        "stories/vocabulary.yml:8:24: identifiers: looks like an e-mail address "
        "('robin@example.net'); remove it or mark it reviewed",
    ]
    assert list(vocabulary.themes) == ["kindness"]


@pytest.mark.parametrize(
    "comment",
    ["07700 900123", "07700&nbsp;900123"],  # as in a story's text: read as the page shows it
    ids=["as-written", "as-read"],
)
def test_a_reviewed_value_is_marked_in_a_comment(tmp_path: Path, comment: str) -> None:
    marked = VOCABULARY + f"# <!-- kairos: reviewed {comment} -->\n"
    (tmp_path / "vocabulary.yml").write_text(marked, encoding="utf-8")
    _, problems = load_vocabulary(tmp_path, "stories")
    assert [p.message for p in problems] == [
        "looks like an e-mail address ('robin@example.net'); remove it or mark it reviewed"
    ]


def test_a_value_yaml_cannot_read_is_told_once(tmp_path: Path) -> None:
    """YAML's own problem says it all: the model's complaint about the value would repeat it."""
    (tmp_path / "vocabulary.yml").write_text(
        "themes:\n  kindness:\n    label: !!binary aGVsbG8=\n", encoding="utf-8"
    )
    vocabulary, problems = load_vocabulary(tmp_path, "stories")
    assert [str(p) for p in problems] == [
        "stories/vocabulary.yml:3: themes.kindness.label: found the YAML tag '!!binary'; "
        "tags are not allowed, write the value as plain text"
    ]
    assert not vocabulary.themes
