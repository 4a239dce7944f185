"""Text as a reader sees it: line wraps, entities, escapes and special spaces are undone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.identifiers import (
    EMAIL,
    NHS,
    PHONE,
    URL,
    IdentifierFinding,
    scan_identifiers,
)
from kairos.core.reader_text import (
    _MARKDOWN,
    _PLAIN,
    _matches,
    _replacements,
    reader_text,
    rewrite,
    scan_as_read,
)


@pytest.mark.parametrize(
    ("source", "read"),
    [
        # A line end inside a paragraph is a space; spaces around it and runs of spaces are one.
        ("Call 07700\n900789 now", "Call 07700 900789 now"),
        ("Call 07700  \n   900789", "Call 07700 900789"),
        ("two  spaces\tand a tab", "two spaces and a tab"),
        # A line end before or after a blank line, or before a new block, stays.
        ("07700\n\n900789", "07700\n900789"),
        ("Call 07700\n- 900789", "Call 07700\n- 900789"),
        ("Call 07700\n1. 900789", "Call 07700\n1. 900789"),
        ("Call 07700\n# 900789", "Call 07700\n# 900789"),
        ("Call 07700\n> 900789", "Call 07700\n> 900789"),
        ("Call 07700\n<!-- kairos: reviewed x -->", "Call 07700\n<!-- kairos: reviewed x -->"),
        # Entities are the characters they stand for.
        ("robin&#64;example.net", "robin@example.net"),
        ("robin&#x40;example.net", "robin@example.net"),
        ("robin&commat;example.net", "robin@example.net"),
        ("07700&nbsp;900321", "07700 900321"),
        ("fish &amp; chips &bogus;", "fish & chips &bogus;"),
        # Backslash escapes are the character escaped.
        (r"robin\.smith@example\.net", "robin.smith@example.net"),
        # Spaces of every width are spaces; invisible characters are nothing.
        ("943\u00a0476\u20095919\u202f!", "943 476 5919 !"),
        ("077\u200b00 900\u00ad123", "07700 900123"),
        # Dashes are hyphens; full-width digits and signs are ASCII.
        ("07700\u2013900123", "07700-900123"),
        (
            "\uff10\uff17\uff17\uff10\uff10 900123 robin\uff20example.net",
            "07700 900123 robin@example.net",
        ),
        # Letters with accents are left alone.
        ("Caf\u00e9 \u2013 na\u00efve", "Caf\u00e9 - na\u00efve"),
    ],
)
def test_markdown_as_read(source: str, read: str) -> None:
    assert reader_text(source).text == read


def test_a_plain_value_joins_every_line_and_keeps_backslashes() -> None:
    assert reader_text("Call 07700\n\n900789 \\.", markdown=False).text == "Call 07700 900789 \\."


def test_every_character_maps_back_to_the_source() -> None:
    source = "a&#64;b\nc  d\u200be"
    read = reader_text(source)
    assert read.text == "a@b c de"
    assert [read.source_offset(i) for i in range(len(read.text))] == [
        0, 1, 6, 7, 8, 9, 11, 13,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "kind", "text", "start"),
    [
        ("Her mobile was 07700\n900789.", PHONE, "07700 900789", 15),
        ("Mum's was 943 476\n5919.", NHS, "943 476 5919", 10),
        ("Write to robin&#64;example.net.", EMAIL, "robin@example.net", 9),
        ("x &nbsp; 07700&nbsp;900321", PHONE, "07700 900321", 9),
    ],
)
def test_findings_are_as_read_and_start_in_the_source(
    source: str, kind: str, text: str, start: int
) -> None:
    [finding] = scan_as_read(source)
    assert (finding.kind, finding.text, finding.start) == (kind, text, start)


def test_a_number_split_across_paragraphs_is_two_numbers() -> None:
    assert scan_as_read("Ring 07700\n\n900789 was the bus.") == []


#: Text made of the pieces the rules care about, so that most drawn texts have some of them.
_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\n\n", " \n ", "&", "&#64;", "&nbsp;", "&amp;", "&bogus;", "\\",
     "\\.", "\\a", "- ", "1. ", "# ", "> ", "<", "```", "===", "---", "|", "\u00a0", "\u2009",
     "\u200b", "\u2013", "\uff10", "\u00e9", "07700", "robin", "@", "a", "Z", "9", ".", "!"]
)  # fmt: skip
#: Text with no tab, no two spaces in a row and no space before a line end: the shortcut regex.
_SINGLE_SPACED = st.lists(
    st.tuples(
        _PIECES.filter(lambda piece: not piece.isspace() and piece.strip() == piece)
        | st.text(alphabet=st.characters(exclude_characters=" \t\n"), max_size=5),
        st.sampled_from(["", " ", "\n", "\n ", "\n\n", "\n\n ", "\n\n\n"]),
    ),
    max_size=25,
).map(lambda parts: "".join(piece + gap for piece, gap in parts))
_TEXTS = st.one_of(
    st.text(max_size=40), st.lists(_PIECES, max_size=25).map("".join), _SINGLE_SPACED
)


@settings(max_examples=600, deadline=None)
@given(source=_TEXTS, markdown=st.booleans())
def test_the_faster_regex_finds_what_the_full_one_finds(source: str, markdown: bool) -> None:
    pattern = _MARKDOWN if markdown else _PLAIN
    assert [m.span() for m in _matches(source, markdown=markdown)] == [
        m.span() for m in pattern.finditer(source)
    ]


@settings(max_examples=400, deadline=None)
@given(source=_TEXTS, markdown=st.booleans())
def test_the_shortcut_for_text_read_as_written_gives_what_the_full_rewrite_gives(
    source: str, markdown: bool
) -> None:
    """``reader_text`` returns text with nothing to rewrite as it is, without the rewrite loop;
    the result (text and map back to the source) is the one the loop would give."""
    pattern = _MARKDOWN if markdown else _PLAIN
    fast = reader_text(source, markdown=markdown)
    slow = rewrite(source, _replacements(source, pattern.finditer(source), markdown=markdown))
    assert fast == slow
    assert [fast.source_offset(i) for i in range(len(fast.text) + 1)] == [
        slow.source_offset(i) for i in range(len(slow.text) + 1)
    ]


@pytest.mark.parametrize(
    "source", ["", "Teller 1", "Synthetic story 1: she minutes", "SYN-00001", "a b. c, d!"]
)
def test_text_read_as_written_is_one_copied_piece(source: str) -> None:
    assert re.search(_PLAIN, source) is None
    read = reader_text(source, markdown=False)
    assert read == rewrite(source, ())
    assert read.text == source
    assert [read.source_offset(i) for i in range(len(source))] == list(range(len(source)))


def _scanned_after_reading(source: str, markdown: bool) -> list[IdentifierFinding]:
    """``scan_as_read`` without its shortcut: read the text, then scan it."""
    read = reader_text(source, markdown=markdown)
    return [
        IdentifierFinding(f.kind, f.text, read.source_offset(f.start), f.severity)
        for f in scan_identifiers(read.text)
    ]


_ASCII_PIECES = st.sampled_from(
    ["www", "WwW", ".", ":", "/", "//", ":/", "\n", "\n\n", " ", "  ", "\t", "@", "7", "0", "a",
     "example", "org", "http", "s", "&", "#64;", "\\", "-", "<!--", "kairos: reviewed", "-->"]
)  # fmt: skip


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("see www\\.example\\.org", URL),  # an escape hides the address's start
        ("write to robin&commat;example.net", EMAIL),  # so does an entity
        ("ring 07700  900123", PHONE),  # two spaces, a tab or a line end read as one space
        ("ring 07700\t900123", PHONE),
        ("ring 07700\n900123", PHONE),
        ("ring \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13", PHONE),
    ],  # (and full-width digits)
)
def test_an_identifier_hidden_by_how_it_was_typed_is_still_found(source: str, kind: str) -> None:
    [finding] = scan_as_read(source)
    assert finding.kind == kind
    assert scan_as_read(source) == _scanned_after_reading(source, markdown=True)


@settings(max_examples=600, deadline=None)
@given(
    source=st.one_of(
        st.lists(_ASCII_PIECES, max_size=20).map("".join), st.text(max_size=30), _TEXTS
    ),
    markdown=st.booleans(),
)
def test_text_without_digits_at_signs_or_addresses_is_not_read_and_nothing_is_missed(
    source: str, markdown: bool
) -> None:
    """ASCII text without '&' or '\\' in which no identifier can start is not read."""
    assert scan_as_read(source, markdown=markdown) == _scanned_after_reading(source, markdown)
