"""Text as a reader sees it, so that an identifier cannot hide in how it was typed.

A line wrap inside a paragraph is a space, an entity (``&#64;``, ``&nbsp;``) a character, a
backslash escape the character it escapes, runs of spaces one space, and special spaces a space
or nothing (MAINTAINERS.md, "The identifier scan"). :func:`scan_as_read` scans the text after
those changes, keeping a map from each character back to the source, so that a finding is
reported where it starts in the file.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import itemgetter
from typing import Final

from kairos.core.identifiers import IdentifierFinding, may_hold_identifier, scan_identifiers

_ENTITY: Final = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_SPACES: Final = r"[ \t]*\n(?:[ \t]*\n)*[ \t]*|[ \t]{2,}|\t"
_OTHER: Final = r"[^\x00-\x7f]"
_MARKDOWN: Final = re.compile(rf"{_ENTITY}|\\[!-/:-@\[-`{{-~]|{_SPACES}|{_OTHER}")
_PLAIN: Final = re.compile(rf"{_ENTITY}|{_SPACES}|{_OTHER}")


# The same matches as _MARKDOWN and _PLAIN in text where none can start at a space or a tab
# (see _matches), several times faster: each match starts with a character from one set, so the
# regex engine skips every other character without trying the pattern there; a lookbehind on
# that character then picks the alternatives that can start with it, in the original order.
# The sets are written negated (all but the rest of ASCII), which compiles 20 times faster.
_LINE_ENDS: Final = r"(?<=\n)(?:[ \t]*\n)*[ \t]*"
_AMPERSAND_BACKSLASH_LINE_END_OR_OTHER: Final = r"[^\x00-\x09\x0b-\x25\x27-\x5b\x5d-\x7f]"
_AMPERSAND_LINE_END_OR_OTHER: Final = r"[^\x00-\x09\x0b-\x25\x27-\x7f]"
_LINE_END_RUNS: Final = re.compile(r"\n(?:[ \t]*\n)*[ \t]*")  # as _LINE_ENDS, found faster
_MARKDOWN_NOT_AT_SPACES: Final = re.compile(
    rf"{_AMPERSAND_BACKSLASH_LINE_END_OR_OTHER}(?:(?<=&){_ENTITY[1:]}|(?<=\\)[!-/:-@\[-`{{-~]"
    rf"|{_LINE_ENDS}|(?<={_OTHER}))"
)
_PLAIN_NOT_AT_SPACES: Final = re.compile(
    rf"{_AMPERSAND_LINE_END_OR_OTHER}(?:(?<=&){_ENTITY[1:]}|{_LINE_ENDS}|(?<={_OTHER}))"
)

#: A line that starts a new Markdown block, so the line end before it is not a space.
_BLOCK_START: Final = re.compile(
    r"[ \t]*(?:$|#|>|[-*+][ \t]|[0-9]{1,9}[.)][ \t]|```|~~~|\||<|=+[ \t]*$|-+[ \t]*$)",
    re.MULTILINE,
)
_INVISIBLE: Final = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
_DASHES: Final = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


def _plain_character(char: str) -> str:
    """A space for every kind of space, nothing for invisible characters, '-' for dashes, and
    the ASCII character that a full-width or compatibility form stands for."""
    if char in _INVISIBLE:
        return ""
    if char in _DASHES:
        return "-"
    if unicodedata.category(char) == "Zs":
        return " "
    compatible = unicodedata.normalize("NFKC", char)
    return compatible if len(compatible) == 1 and compatible.isascii() else char


@dataclass
class ReaderText:
    """``text`` as read, and where each of its characters came from in the source."""

    text: str
    #: The pieces the text was made of, in order: where each starts in ``text`` and in the
    #: source, and whether it is a copy of the source (offsets inside it map one to one) or a
    #: replacement (all map to its start).
    pieces: list[tuple[int, int, bool]] = field(default_factory=list)
    #: Where in ``text`` each replacement made is (start, end), in order.
    edits: list[tuple[int, int]] = field(default_factory=list)

    def source_offset(self, index: int) -> int:
        """The offset in the source of the character at ``index`` in ``text``."""
        piece = bisect_right(self.pieces, index, key=itemgetter(0)) - 1
        if piece < 0:
            return index
        start, origin, copied = self.pieces[piece]
        return origin + (index - start) if copied else origin


def rewrite(source: str, replacements: Iterable[tuple[int, int, str]]) -> ReaderText:
    """``source`` with each ``(start, end, replacement)`` made (in order, none overlapping)."""
    read = ReaderText("")
    texts: list[str] = []
    length = copied_to = 0
    for start, end, replacement in replacements:
        if start > copied_to:  # the source since the last replacement, as it is
            read.pieces.append((length, copied_to, True))
            texts.append(source[copied_to:start])
            length += start - copied_to
        read.edits.append((length, length + len(replacement)))
        if replacement:  # (an invisible character or a comment is replaced by nothing)
            read.pieces.append((length, start, False))
            texts.append(replacement)
            length += len(replacement)
        copied_to = end
    if copied_to < len(source):
        read.pieces.append((length, copied_to, True))
        texts.append(source[copied_to:])
    read.text = "".join(texts)
    return read


def _joins(source: str, match: re.Match[str]) -> bool:
    """Whether a line end inside a paragraph, which Markdown renders as a space."""
    before = source.rfind("\n", 0, match.start()) + 1
    if not source[before : match.start()].strip():
        return False  # the line before is blank: a paragraph ends here
    return not _BLOCK_START.match(source, match.end())


def _matches(source: str, *, markdown: bool) -> Iterator[re.Match[str]]:
    """What :data:`_MARKDOWN` (or :data:`_PLAIN`) finds in ``source``, in order.

    A match starts at a space or tab only where spaces and tabs run into a line end or into
    each other; without a tab, two spaces or a space before a line end, none does.
    """
    if "\t" in source or "  " in source or " \n" in source:
        return (_MARKDOWN if markdown else _PLAIN).finditer(source)
    if source.isascii() and "&" not in source and (not markdown or "\\" not in source):
        return _LINE_END_RUNS.finditer(source)  # then only line ends are left to find
    return (_MARKDOWN_NOT_AT_SPACES if markdown else _PLAIN_NOT_AT_SPACES).finditer(source)


def reader_text(source: str, *, markdown: bool = True) -> ReaderText:
    """``source`` as a reader sees it; ``markdown`` False for a plain value (a title).

    In Markdown a line end stays a line end where a block ends or starts; in a plain value
    every line end is a space.
    """
    matches = _matches(source, markdown=markdown)
    first = next(matches, None)
    if first is None:
        # Nothing a reader sees differently (most titles, names and summaries): the text as it
        # is, as one copied piece, exactly what rewriting it with no match would give.
        return ReaderText(source, [(0, 0, True)]) if source else ReaderText("")
    return rewrite(source, _replacements(source, chain((first,), matches), markdown=markdown))


def _replacements(
    source: str, matches: Iterable[re.Match[str]], *, markdown: bool
) -> Iterator[tuple[int, int, str]]:
    """Each of ``matches`` (of the pattern for ``markdown``) as read, where that differs."""
    for match in matches:
        found = match[0]
        if found[0] == "&":
            decoded = html.unescape(found)
            replacement = "".join(_plain_character(c) if ord(c) > 127 else c for c in decoded)
        elif found[0] == "\\":
            replacement = found[1]
        elif "\n" in found:
            joins = markdown and found.count("\n") == 1 and _joins(source, match)
            replacement = " " if joins or not markdown else "\n"
        elif found[0] in " \t":
            replacement = " "
        else:
            replacement = _plain_character(found)
        if replacement != found:
            yield match.start(), match.end(), replacement


def scan_as_read(source: str, *, markdown: bool = True) -> list[IdentifierFinding]:
    """Identifiers in ``source`` as a reader sees it.

    Each finding's ``text`` is the value as read (``robin@example.net``, ``07700 900789``)
    and its ``start`` is the offset in ``source`` where it begins.
    """
    # ASCII text without entities or backslash escapes is read as written but for its runs of
    # spaces, tabs and line ends (one space or line end, never nothing): a digit, an '@', '://'
    # or 'www.' is in the text as read only where it is in the source.
    if source.isascii() and "&" not in source and "\\" not in source:
        if not may_hold_identifier(source):
            return []  # e.g. a story's text without a digit, '@' or web address
        if "\n" not in source and "\t" not in source and "  " not in source:
            return scan_identifiers(source)  # e.g. a title: read character for character
    read = reader_text(source, markdown=markdown)
    return [replace(f, start=read.source_offset(f.start)) for f in scan_identifiers(read.text)]
