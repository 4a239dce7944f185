"""Plain words for common YAML mistakes (the golden cases show them in kairos check)."""

from __future__ import annotations

import pytest

from kairos.core.yaml_hints import YamlHint, yaml_hint


def test_a_colon_in_a_value_with_double_quotes_suggests_single_quotes() -> None:
    text = 'title: The "quiet" hour: a night\n'
    assert yaml_hint(text, 0, 2) == YamlHint(
        0,
        "found a colon inside the title, which YAML reads as the start of another field; put "
        "the title in quotes: title: 'The \"quiet\" hour: a night'",
        "'The \"quiet\" hour: a night'",  # the file's own text, masked where it may identify
    )


def test_a_tab_below_the_error_is_not_blamed() -> None:
    text = "title: a: b\nsummary: |\n\tindented by a tab\n"
    hint = yaml_hint(text, 0, 2)
    assert hint is not None
    assert hint.message.startswith("found a colon inside the title")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: [unclosed\nsummary: x\n", 1),  # not one of the known mistakes
        ("  - item: x\n", 0),
        ("title: x\n", None),
        ("title: x\n", 7),
    ],
)
def test_other_mistakes_keep_the_parser_message(text: str, line: int | None) -> None:
    assert yaml_hint(text, line, 2) is None
