"""Typographic quotes for front-matter text."""

from __future__ import annotations

import pytest

from kairos.site.pages.typography import curly_quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no quotes at all", "no quotes at all"),
        ("her husband's Parkinson's medicines", "her husband’s Parkinson’s medicines"),
        ('"You\'re doing everything right." I did', "“You’re doing everything right.” I did"),
        ('He said "yes" (or "maybe")', "He said “yes” (or “maybe”)"),
        ("the nurses' station", "the nurses’ station"),
        ("'Not coffee, then.'", "‘Not coffee, then.’"),
        ("a word—'quoted'", "a word—‘quoted’"),
        ("“already curly”", "“already curly”"),
    ],
)
def test_curly_quotes(text: str, expected: str) -> None:
    assert curly_quotes(text) == expected
