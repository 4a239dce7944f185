"""Story text as the page shows it: markup taken out, so an identifier cannot hide behind it.

A reader of ``943 *476* 5919``, ``robin@exam<!-- -->ple.net`` or ``07700 <span>900123</span>``
sees a plain NHS number, e-mail address and phone number, and so does the search index; the
source, scanned as written, shows none. :func:`shown_text` is a light reader's view of the
source, not a rendering: HTML comments and tags are removed (inline elements joined, block
elements separate, a ``<br>`` is a space), and in Markdown the markers of emphasis, code and
strike-through (``*``, ``_``, `````, ``~~``) and the link syntax around a link's text (``[``,
``](url)``, ``][ref]``) go too, and ``--`` is the one dash it is printed as. Entities, line
wraps and spaces are left to :mod:`kairos.safety.reader_text`. Every character keeps a map
back to the source, so a finding is reported where it starts in the file.

:func:`scan_as_shown` scans the source as read and, only where the source holds markup, this
view of it too, reporting each identifier once.
"""

from __future__ import annotations

import re
from typing import Final

from kairos.safety.identifiers import IdentifierFinding
from kairos.safety.reader_text import ReaderText, scan_as_read

__all__ = ["scan_as_shown", "shown_text"]

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

# An HTML open or closing tag as CommonMark defines raw HTML (attributes may span lines).
# Possessive quantifiers keep a '<' that is not a tag from being tried more than once.
_ATTRIBUTE: Final = (
    r"\s++[A-Za-z_:][A-Za-z0-9_.:-]*+"
    r"""(?:\s*+=\s*+(?:[^\s"'=<>`]++|'[^']*+'|"[^"]*+"))?+"""
)
_TAG: Final = rf"(?P<tag></?+(?P<name>[A-Za-z][A-Za-z0-9-]*+)(?:{_ATTRIBUTE})*+\s*+/?>)"
_COMMENT: Final = r"(?P<comment><!--)"
# What a browser reads as a comment although it is not one: '<!x ...>', '<?x ...>', '</ ...>'.
_BOGUS_COMMENT: Final = r"(?P<bogus><[!?][^>]*+>|</[^A-Za-z>][^>]*+>)"
_ESCAPE: Final = r"(?P<escape>\\[!-/:-@\[-`{-~])"  # kept: not markup, read by reader_text

_LINK_DESTINATION: Final = (
    r"\(\s*+(?:<[^<>\n]*+>|[^\s()]*+(?:\([^\s()]*+\)[^\s()]*+)*+)"
    r"""(?:\s++(?:"[^"]*+"|'[^']*+'|\([^()]*+\)))?+\s*+\)"""
)
_MARKDOWN_MARKUP: Final = re.compile(
    "|".join(
        (
            _ESCAPE,
            _COMMENT,
            _TAG,
            _BOGUS_COMMENT,
            r"(?P<bullet>^[ \t]*+\*[ \t])",  # kept: a list item, not emphasis
            r"(?P<code>`++)",
            r"(?P<star>\*++)",
            r"(?P<underscore>(?<!\w)_++|(?<!_)_++(?!\w))",  # not inside a word (snake_case)
            r"(?P<strike>~~++)",
            r"(?P<dash>(?<=[^\s-])-{2,3}(?=[^\s-]))",  # printed as an en or em dash
            r"(?P<link_open>!?\[(?=[^\[\]]*+\][(\[]))",
            rf"(?P<link_close>\](?:{_LINK_DESTINATION}|\[[^\[\]]*+\]))",
        )
    ),
    re.MULTILINE,
)
_HTML_MARKUP: Final = re.compile("|".join((_COMMENT, _TAG, _BOGUS_COMMENT)))

#: Characters one of which every piece of markup above holds.
_MARKDOWN_SIGNS: Final = ("<", "*", "_", "`", "[", "~", "--")


def _may_hold_markup(source: str, *, markdown: bool) -> bool:
    if not markdown:
        return "<" in source
    return any(sign in source for sign in _MARKDOWN_SIGNS)


def _comment_end(source: str, start: int) -> int:
    """Where the comment opened at ``start`` ends, or -1 when it is never closed.

    ``<!-->`` and ``<!--->`` are whole (empty) comments to an HTML parser.
    """
    for empty in ("<!-->", "<!--->"):
        if source.startswith(empty, start):
            return start + len(empty)
    close = source.find("-->", start + 4)
    return -1 if close < 0 else close + 3


def _replacement(match: re.Match[str], *, markdown: bool) -> str | None:
    """What the page shows for ``match``: None where the source is shown as it is."""
    kind = match.lastgroup
    if kind in ("escape", "bullet"):
        return None
    if kind == "tag":
        name = match["name"].lower()
        if name == "br":
            return " "  # a line break inside a paragraph, read on like a wrapped line
        return "\n\n" if markdown and name in _BLOCK_TAGS else ""
    if kind == "dash":
        return "-"
    return ""


def shown_text(source: str, *, markdown: bool = True) -> ReaderText | None:
    """``source`` without its markup, or None when it holds none.

    ``markdown`` False for a plain value (a title): only HTML comments and tags are removed
    there (search indexes and feeds treat titles as HTML), every tag as an inline one.
    An HTML comment that is never closed is left as text, so nothing after it is hidden.
    """
    if not _may_hold_markup(source, markdown=markdown):
        return None
    pattern = _MARKDOWN_MARKUP if markdown else _HTML_MARKUP
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[tuple[int, bool]] = []
    length = copied_to = position = 0
    comments_close = True  # False once one comment is never closed: then no later one is
    while (match := pattern.search(source, position)) is not None:
        start, end = match.span()
        position = end
        if match.lastgroup == "comment":
            end = _comment_end(source, start) if comments_close else -1
            if end < 0:
                comments_close = False
                continue
            position, replacement = end, ""
        else:
            replaced = _replacement(match, markdown=markdown)
            if replaced is None:
                continue
            replacement = replaced
        if start > copied_to:  # the source since the last markup, as it is
            starts.append(length)
            origins.append((copied_to, True))
            pieces.append(source[copied_to:start])
            length += start - copied_to
        if replacement:
            starts.append(length)
            origins.append((start, False))
            pieces.append(replacement)
            length += len(replacement)
        copied_to = end
    if not origins and copied_to == 0:
        return None
    if copied_to < len(source):
        starts.append(length)
        origins.append((copied_to, True))
        pieces.append(source[copied_to:])
    return ReaderText("".join(pieces), starts, origins)


def _normal(text: str) -> str:
    return " ".join(text.split())


def scan_as_shown(source: str, *, markdown: bool = True) -> list[IdentifierFinding]:
    """Identifiers in ``source`` as read (:func:`~kairos.safety.reader_text.scan_as_read`)
    and in :func:`shown_text` of it, sorted by where they start in ``source``.

    An identifier found both ways (at the same place, of the same kind, read the same) is
    reported once; one read differently in the two (``robin_@example.net`` in the source,
    ``robin@example.net`` where ``_`` was taken for emphasis) is reported as each reads.
    """
    found = scan_as_read(source, markdown=markdown)
    shown = shown_text(source, markdown=markdown)
    if shown is None:
        return found
    seen = {(finding.kind, finding.start, _normal(finding.text)) for finding in found}
    extra = []
    for finding in scan_as_read(shown.text, markdown=markdown):
        start = shown.source_offset(finding.start)
        if (finding.kind, start, _normal(finding.text)) not in seen:
            extra.append(IdentifierFinding(finding.kind, finding.text, start, finding.severity))
    if not extra:
        return found
    return sorted(found + extra, key=lambda finding: finding.start)
