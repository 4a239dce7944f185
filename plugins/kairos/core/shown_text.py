"""Story text as the page shows it: markup taken out, so an identifier cannot hide behind it.

``943 *476* 5919`` or ``robin@exam<!-- -->ple.net`` reads as an NHS number or an e-mail address.
:func:`shown_text` is a light reader's view of the source, not a rendering (HTML comments and
tags, Markdown's emphasis, code, strike-through and link syntax taken out; MAINTAINERS.md, "The
identifier scan", lists each), mapped back to the source character by character.
:func:`scan_as_shown` scans the source as read and, where it holds markup, this view too,
reporting each identifier once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from kairos.core.identifiers import IdentifierFinding
from kairos.core.reader_text import ReaderText, rewrite, scan_as_read

#: Elements a browser lays out as blocks of their own (CommonMark's list of HTML block names,
#: with ``pre``): what is on either side of one is not read as one run of text.
_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption",
        "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2",
        "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link",
        "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param",
        "pre", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "title", "tr", "track", "ul",
    }
)  # fmt: skip

# An HTML open or closing tag as CommonMark defines raw HTML (attributes may span lines), after
# its '<'. Possessive quantifiers keep a '<' that is not a tag from being tried more than once.
_ATTRIBUTE: Final = (
    r"\s++[A-Za-z_:][A-Za-z0-9_.:-]*+"
    r"""(?:\s*+=\s*+(?:[^\s"'=<>`]++|'[^']*+'|"[^"]*+"))?+"""
)
_AFTER_LESS_THAN: Final = (
    r"(?P<comment>!--)"
    rf"|(?P<tag>/?+(?P<name>[A-Za-z][A-Za-z0-9-]*+)(?:{_ATTRIBUTE})*+\s*+/?>)"
    # What a browser reads as a comment although it is not one: '<!x>', '<?x>', '</ x>'.
    r"|(?P<bogus>[!?][^>]*+>|/[^A-Za-z>][^>]*+>)"
)
_LINK_DESTINATION: Final = (
    r"\(\s*+(?:<[^<>\n]*+>|[^\s()]*+(?:\([^\s()]*+\)[^\s()]*+)*+)"
    r"""(?:\s++(?:"[^"]*+"|'[^']*+'|\([^()]*+\)))?+\s*+\)"""
)
# Every piece of Markdown markup starts with one of a few characters (see _MARKDOWN_STARTS):
# the pattern takes that character first, and a lookbehind on it picks the alternatives that
# can start with it. It is only tried where one of those characters is.
_MARKDOWN_MARKUP: Final = re.compile(
    r"[\\<`*_~\[\]-](?:"
    + "|".join(
        (
            r"(?<=\\)(?P<escape>[!-/:-@\[-`{-~])",  # kept: not markup, read by reader_text
            rf"(?<=<)(?:{_AFTER_LESS_THAN})",
            r"(?<=`)(?P<code>`*+)",
            r"(?<=\*)(?P<star>\**+)",
            # '_' inside a word (snake_case) is not emphasis
            r"(?<=_)(?P<underscore>(?<!\w_)_*+|(?<!__)_*+(?!\w))",
            r"(?<=~)(?P<strike>~++)",
            r"(?<=[^\s-]-)(?P<dash>-{1,2})(?=[^\s-])",  # '--', '---': printed as one dash
            r"(?<=\[)(?P<link_open>)(?=[^\[\]]*+\][(\[])",
            rf"(?<=\])(?P<link_close>{_LINK_DESTINATION}|\[[^\[\]]*+\])",
        )
    )
    + ")"
)
_HTML_MARKUP: Final = re.compile(f"<(?:{_AFTER_LESS_THAN})")
#: A whole comment; ``<!-->`` and ``<!--->`` are whole (empty) comments to an HTML parser.
_COMMENT: Final = re.compile(r"<!--(?:->|>|.*?-->)", re.DOTALL)

#: Where a match of _MARKDOWN_MARKUP can start: a character of its markup, or a backslash (an
#: escape, kept).
_MARKDOWN_STARTS: Final = ("\\", "<", "*", "_", "`", "[", "]", "~~", "--")


def _candidates(source: str, *, markdown: bool) -> list[int]:
    """Where in ``source`` a piece of markup may start, in order.

    A regular expression starting with a set of characters still visits every character of
    a story (about 40 us for 3 KB on a busy machine); finding each of the few characters a
    match can start with (``str.find``, C speed) and trying the pattern only there is
    several times faster.
    """
    found = []
    for sign in _MARKDOWN_STARTS if markdown else ("<",):
        at = source.find(sign)
        while at >= 0:
            found.append(at)
            at = source.find(sign, at + 1)
    return sorted(found)


def _is_bullet(source: str, match: re.Match[str]) -> bool:
    """Whether a '*' starts a list item (alone, first on its line, before a space or tab)."""
    start, end = match.span()
    if end - start > 1 or source[end : end + 1] not in (" ", "\t"):
        return False
    return not source[source.rfind("\n", 0, start) + 1 : start].strip(" \t")


def shown_text(source: str, *, markdown: bool = True) -> ReaderText | None:
    """``source`` without its markup, or None when it holds none.

    ``markdown`` False for a plain value (a title): only HTML comments and tags are removed
    there (the search index treats titles as HTML), every tag as an inline one.
    An HTML comment that is never closed is left as text, so nothing after it is hidden.
    """
    shown = rewrite(source, _markup(source, markdown=markdown))
    return shown if shown.edits else None


def _markup(source: str, *, markdown: bool) -> Iterator[tuple[int, int, str]]:
    """Each piece of markup in ``source`` and what the page shows for it."""
    pattern = _MARKDOWN_MARKUP if markdown else _HTML_MARKUP
    copied_to = position = 0
    comments_close = True  # False once one comment is never closed: then no later one is
    for candidate in _candidates(source, markdown=markdown):
        if candidate < position or (match := pattern.match(source, candidate)) is None:
            continue  # inside the markup just taken out, or no markup
        start, end = match.span()
        position = end
        kind, replacement = match.lastgroup, ""  # what the page shows for the markup
        if kind == "comment":
            comment = _COMMENT.match(source, start) if comments_close else None
            if comment is None:
                comments_close = False
                continue
            position = end = comment.end()
        elif kind == "escape" or (kind == "star" and _is_bullet(source, match)):
            continue  # shown as it is
        elif kind == "tag":
            name = match["name"].lower()
            if name == "br":
                replacement = " "  # a line break inside a paragraph, read on like a wrapped line
            elif markdown and name in _BLOCK_TAGS:
                replacement = "\n\n"
        elif kind == "dash":
            replacement = "-"
        elif kind == "link_open" and start > copied_to and source[start - 1] == "!":
            start -= 1  # an image: its alt text is read too
        yield start, end, replacement
        copied_to = end


#: A blank line (or several): no identifier is read across one.
_BLANK_LINES: Final = re.compile(r"\n(?:[ \t]*+\n)++")


def _changed_paragraphs(text: str, edits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of ``text`` between blank lines that hold one of ``edits``, merged."""
    breaks = [match.span() for match in _BLANK_LINES.finditer(text)]
    break_starts = [start for start, _ in breaks]
    break_ends = [end for _, end in breaks]
    spans: list[tuple[int, int]] = []
    for left, right in edits:  # in order
        if spans and right <= spans[-1][1]:
            continue  # in the paragraph of the edit before
        before = bisect_right(break_ends, left) - 1
        after = bisect_left(break_starts, right)
        start = break_ends[before] if before >= 0 else 0
        end = break_starts[after] if after < len(break_starts) else len(text)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def scan_as_shown(source: str, *, markdown: bool = True) -> list[IdentifierFinding]:
    """Identifiers in ``source`` as read (:func:`~kairos.core.reader_text.scan_as_read`)
    and in :func:`shown_text` of it, sorted by where they start in ``source``.

    Only the paragraphs of the view that markup was taken out of are scanned again: no
    identifier is read across a blank line, and the others read as the source does.
    An identifier found both ways (at the same place, of the same kind, read the same) is
    reported once; one read differently in the two (``robin_@example.net`` in the source,
    ``robin@example.net`` where ``_`` was taken for emphasis) is reported as each reads.
    """
    found = scan_as_read(source, markdown=markdown)
    view = shown_text(source, markdown=markdown)
    if view is None:
        return found
    seen = {(finding.kind, finding.start, *finding.text.split()) for finding in found}
    extra = []
    for start, end in (
        _changed_paragraphs(view.text, view.edits) if markdown else [(0, len(view.text))]
    ):
        for finding in scan_as_read(view.text[start:end], markdown=markdown):
            where = view.source_offset(start + finding.start)
            if (finding.kind, where, *finding.text.split()) not in seen:
                extra.append(replace(finding, start=where))
    return sorted(found + extra, key=lambda finding: finding.start)
