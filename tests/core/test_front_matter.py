"""Reading the front-matter block: the values are PyYAML's safe loader's, whatever is remembered.

``read_yaml_mapping`` remembers the tag of each plain scalar and the value of each number, date,
boolean and null between stories; these tests compare what it reads, first and again, with
PyYAML's pure-Python safe loader, which remembers nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.front_matter import (
    FrontMatter,
    InvalidScalar,
    read_yaml_mapping,
    split_front_matter,
)

_TRICKY = [
    "yes", "No", "on", "OFF", "y", "true", "False", "~", "null", "Null", "", "0", "-0", "+1",
    "007", "0o17", "017", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "1.5", "1e3", "1.0e+3",
    ".inf", "-.Inf", "6.8523015e+5", "2024-02-29", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10", "2002-12-14", "2024-1-5", "!!float 1", "!!int 12", "!!str 12",
    "!!bool yes", "!!null ''", "'yes'", '"2024-02-29"', "12 March", "Teller 1", "a: b",
]  # fmt: skip
_SCALARS = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(alphabet="0123456789-:.+_eExob TtYyNn", min_size=1, max_size=12).map(str.strip),
)


def _as_read(value: Any) -> Any:
    """A value as the reader keeps it: dates with a time zone lose it."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    return type(left) is type(right) and left == right


@settings(max_examples=300, deadline=None)
@given(st.lists(_SCALARS, min_size=1, max_size=8))
def test_values_read_first_and_again_are_pyyaml_safe_loader_values(values: list[str]) -> None:
    text = "".join(f"field{index}: {value}\n" for index, value in enumerate(values))
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)  # pure Python: remembers nothing
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return  # reported as a problem, see the golden cases
    for _ in range(2):  # the second time the remembered tags and values are used
        document, problems = read_yaml_mapping(text, "stories/x.md", 2)
        assert document is not None
        for key, value in document.data.items():
            if isinstance(value, InvalidScalar):
                assert problems
                continue
            assert _same(value, _as_read(expected[key])), (key, value, expected[key])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("!!float 1", 1.0),
        ("'1'", "1"),
        ("yes", True),
        ("!!str yes", "yes"),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ('"2024-02-29"', "2024-02-29"),
        ("2001-12-14t21:59:43.10-05:00", dt.datetime(2001, 12, 14, 21, 59, 43, 100000)),
    ],
)
def test_the_same_text_with_another_tag_is_another_value(text: str, value: object) -> None:
    for _ in range(2):
        document, _problems = read_yaml_mapping(f"a: 1\nb: {text}\n", "stories/x.md", 2)
        assert document is not None
        assert _same(document.data["b"], value)


def test_an_impossible_date_is_told_every_time() -> None:
    for _ in range(2):
        document, problems = read_yaml_mapping("published: 2023-02-29\n", "stories/x.md", 2)
        assert document is not None
        assert document.data["published"] == InvalidScalar("2023-02-29")
        assert [(p.line, p.field, p.message) for p in problems] == [
            (
                2,
                "published",
                "found '2023-02-29', which is not a real date; use a date YYYY-MM-DD",
            )
        ]


def _split_line_by_line(text: str) -> FrontMatter | None:
    """The block found by reading every line (what ``split_front_matter`` did before it
    searched for closing lines)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return FrontMatter(
                "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
            )
    return None


_LINES = st.sampled_from(
    ["---", "--- ", "---\t", "---\u2003", "----", " ---", "--", "-- -", "title: x", "", " ",
     "a: ---", "---x", "text"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.lists(_LINES, max_size=10).map("\n".join),
        st.lists(_LINES, max_size=10).map(lambda lines: "\n".join(lines) + "\n"),
        st.text(alphabet="-\n x\t", max_size=20),
    )
)
def test_the_block_is_the_one_found_line_by_line(text: str) -> None:
    block, problems = split_front_matter(text, "stories/x.md")
    assert block == _split_line_by_line(text)
    assert bool(problems) == (block is None)
