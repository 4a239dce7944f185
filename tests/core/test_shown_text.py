"""Text as the page shows it: identifiers hidden by markup are found where they start."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.identifiers import EMAIL, NHS, PHONE, IdentifierFinding
from kairos.core.reader_text import scan_as_read
from kairos.core.shown_text import scan_as_shown, shown_text


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        # HTML comments and inline tags are nothing; a <br> is a space.
        ("robin@exam<!-- -->ple.net", "robin@example.net"),
        ("robin@exam<!---->ple.net and <!-->x<!--->", "robin@example.net and x"),
        ("07700 <span>900123</span>", "07700 900123"),
        ('07700 <span\nclass="a>b">900123</SPAN >', "07700 900123"),
        ("943 476 <?x?>5919</ x>", "943 476 5919"),
        ("07700<br>900123<br/>", "07700 900123 "),
        # Block elements stand apart, as paragraphs do.
        ("07700</p><p>900123", "07700\n\n\n\n900123"),
        ("x\n<div>07700</div>", "x\n\n\n07700\n\n"),
        # Markdown emphasis, code and strike-through markers, and the syntax around link text.
        ("943 *476* 5919, **0**7700, `1`, ~~2~~", "943 476 5919, 07700, 1, 2"),
        ("_a_ __b__ snake_case robin_smith", "a b snake_case robin_smith"),
        ('[07700](#) 9, [x](<a b> "t") ![alt](p.jpg) [y][ref]', "07700 9, x alt y"),
        # Dashes are printed as one dash.
        ("07700--900123 and 1---2", "07700-900123 and 1-2"),
        # Entities, line ends and escapes are left for reader_text.
        (r"robin&#64;ex*am*ple.net \*7\* \<b>", r"robin&#64;example.net \*7\* \<b>"),
        # A list bullet is not emphasis; an unclosed comment hides nothing.
        ("* 07700\n  * 900123 *x*", "* 07700\n  * 900123 x"),
        ("<b>x</b> <!-- never closed 07700 <i>900123</i>", "x <!-- never closed 07700 900123"),
    ],
)
def test_markdown_as_shown(source: str, shown: str) -> None:
    view = shown_text(source)
    assert view is not None
    assert view.text == shown


@pytest.mark.parametrize(
    "source", ["", "plain text 07700 900123", "snake_case and 3 < 4", "a <3 b", "* item\n- x"]
)
def test_text_without_markup_has_no_view_of_its_own(source: str) -> None:
    assert shown_text(source) is None


def test_a_plain_value_loses_only_html() -> None:
    view = shown_text("Ring 07700 <i>900123</i>, *not* [emphasis](#)", markdown=False)
    assert view is not None
    assert view.text == "Ring 07700 900123, *not* [emphasis](#)"
    assert shown_text("943 *476* 5919", markdown=False) is None


@pytest.mark.parametrize(
    ("source", "kind", "text", "written"),
    [
        # The three cases of issue 16.
        ("My NHS number was 943 *476* 5919.", NHS, "943 476 5919", "943 *"),
        ("Write to robin@exam<!-- -->ple.net.", EMAIL, "robin@example.net", "robin@exam<"),
        ("Ring 07700 <span>900123</span> now", PHONE, "07700 900123", "07700 <"),
        # And the ways around them an attacker would try next.
        ("No. 9434<b></b>765919.", NHS, "9434765919", "9434<"),
        ("Mail robin&#64;exam<!---->ple.net", EMAIL, "robin@example.net", "robin&#64;"),
        ("Ring **0**7700 900123", PHONE, "07700 900123", "0**7700"),
        ("Ring [07700](#) 900123", PHONE, "07700 900123", "07700]"),
        ("Ring 07700<br>900123", PHONE, "07700 900123", "07700<br>"),
        ("Ring 07700--900123", PHONE, "07700-900123", "07700--"),
        ("Ring `07700` ~~900123~~", PHONE, "07700 900123", "07700`"),
        # Markup across a line wrap: the wrap is a space once the markup is gone.
        ("Ring 07700\n<span>900123</span>", PHONE, "07700 900123", "07700\n"),
        ("Ring 07700\n_900123_ now", PHONE, "07700 900123", "07700\n"),
        ('Ring 07700 <span\nclass="x">900123</span>', PHONE, "07700 900123", "07700 <span\n"),
        ("Ring 07700<!--\n-->900123", PHONE, "07700900123", "07700<!--"),
    ],
)
def test_an_identifier_hidden_by_markup_is_found_where_it_starts(
    source: str, kind: str, text: str, written: str
) -> None:
    assert kind not in {finding.kind for finding in scan_as_read(source)}  # as written: hidden
    [finding] = scan_as_shown(source)
    assert (finding.kind, finding.text) == (kind, text)
    assert finding.start == source.index(written)


def test_an_entity_space_was_found_before_and_still_is() -> None:
    [finding] = scan_as_shown("It was 943&#32;476 5919.")
    assert (finding.kind, finding.text, finding.start) == (NHS, "943 476 5919", 7)


@pytest.mark.parametrize(
    "source",
    [
        "Ring 07700</p><p>900123",
        "Ring 07700\n<div>900123</div>",
        "Ring 07700\n\n<b>900123</b>",
        "Ring 07700\n* *900123*",
        "Ring 07700 <td>900123</td>",
        r"No. 9434\*765919",  # an escaped star is shown
        "<!-- kairos: reviewed 07700 900123 -->",  # gone from the page, and read before
    ],
)
def test_markup_that_separates_keeps_numbers_apart(source: str) -> None:
    assert scan_as_shown(source) == []


def test_an_identifier_found_as_written_and_as_shown_is_reported_once() -> None:
    source = "Ring [07700 900123](tel:07700900123) or *write*."
    assert [(f.text, f.start) for f in scan_as_shown(source)] == [
        ("07700 900123", source.index("07700 ")),
        ("07700900123", source.index("07700900123")),
    ]
    assert scan_as_shown(source) == scan_as_read(source)


def test_an_identifier_read_differently_is_reported_as_each_reads() -> None:
    source = "__robin__@example.net"
    assert [(f.text, f.start) for f in scan_as_shown(source)] == [
        ("__robin__@example.net", 0),
        ("robin@example.net", 2),
    ]


def test_pathological_markup_stays_fast() -> None:
    texts = [
        "<!--" * 20_000,
        "<!-- x --" * 10_000,
        '<a title="' * 10_000,
        "<a b=c " * 10_000,
        "<a" + " " * 50_000,
        "[" * 50_000 + "](",
        "[x" * 25_000,
        "](" * 25_000,
        "*_`~" * 20_000,
        "a_" * 25_000,
        "-" * 50_000,
        "<b>1</b>" * 10_000,
    ]
    # Behaviour only: each finishes and finds nothing (a pattern that backtracks would hang the
    # suite). How fast: bench/identifiers.py, "pathological inputs".
    assert [scan_as_shown(text) for text in texts[:-1]] == [[]] * (len(texts) - 1)


_PIECES = st.sampled_from(
    ["<", ">", "</", "<b>", "</b>", "<br>", "<p>", "</p>", "<span\nclass='x'>", "<!--", "-->",
     "<!-->", "<?x?>", "*", "**", "_", "`", "~~", "--", "[", "]", "](#)", "](", ")", "][r]",
     "\\", "\\*", "&#64;", "&nbsp;", " ", "\n", "\n\n", "- ", "* ", "07700", "900123", "943",
     "476", "5919", "robin", "@", "example", ".net", "a", "9"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=30), st.lists(_PIECES, max_size=25).map("".join))


@settings(max_examples=500, deadline=None)
@given(source=_TEXTS, markdown=st.booleans())
def test_the_view_maps_back_to_the_source(source: str, markdown: bool) -> None:
    view = shown_text(source, markdown=markdown)
    if view is None:
        return
    offsets = [view.source_offset(index) for index in range(len(view.text))]
    assert offsets == sorted(offsets)
    assert all(0 <= offset < len(source) for offset in offsets)
    # A character the view did not make (a space or line end for a tag) is the source's own.
    for index, offset in enumerate(offsets):
        assert view.text[index] == source[offset] or view.text[index] in " \n-"


@settings(max_examples=500, deadline=None)
@given(source=_TEXTS, markdown=st.booleans())
def test_the_view_adds_findings_and_loses_none(source: str, markdown: bool) -> None:
    as_read = scan_as_read(source, markdown=markdown)
    found = scan_as_shown(source, markdown=markdown)
    assert [f for f in found if f in as_read] == as_read
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(0 <= f.start < len(source) for f in found)
    if shown_text(source, markdown=markdown) is None:
        assert found == as_read


def _scanned_whole(source: str, markdown: bool) -> list[IdentifierFinding]:
    """``scan_as_shown`` without its shortcut: the whole view scanned, not only the paragraphs
    markup was taken out of."""
    found = scan_as_read(source, markdown=markdown)
    view = shown_text(source, markdown=markdown)
    if view is None:
        return found
    seen = {(f.kind, f.start, " ".join(f.text.split())) for f in found}
    for f in scan_as_read(view.text, markdown=markdown):
        start = view.source_offset(f.start)
        if (f.kind, start, " ".join(f.text.split())) not in seen:
            found.append(IdentifierFinding(f.kind, f.text, start, f.severity))
    return sorted(found, key=lambda f: f.start)


_PARAGRAPHS = st.lists(st.lists(_PIECES, max_size=8).map("".join), min_size=1, max_size=6).map(
    lambda paragraphs: "\n\n".join(paragraphs)
)


@settings(max_examples=500, deadline=None)
@given(source=st.one_of(_TEXTS, _PARAGRAPHS), markdown=st.booleans())
def test_scanning_only_the_changed_paragraphs_finds_what_scanning_all_finds(
    source: str, markdown: bool
) -> None:
    assert scan_as_shown(source, markdown=markdown) == _scanned_whole(source, markdown)


def test_a_paragraph_without_markup_is_not_scanned_again_but_its_neighbour_is() -> None:
    source = "Ring 07700 900123.\n\nOr 07700 <b>900456</b>.\n\n  \nMail *robin*@example.net"
    assert [(f.text, f.start) for f in scan_as_shown(source)] == [
        ("07700 900123", 5),
        ("07700 900456", source.index("07700 <b>")),
        ("robin@example.net", source.index("robin")),
    ]
