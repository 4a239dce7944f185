"""Text as the audit compares it: the same steps for a story's source and for a site's files.

A file's text is JSON-unescaped (``\\u00e9``, ``\\"``) and HTML-unescaped twice (feeds escape
HTML inside XML, so ``&lt;p&gt;`` becomes a tag), HTML comments are opened (their text is read),
tags are taken out with their attribute values kept apart (``alt``, ``title``, ``content``,
``aria-label`` and every other quoted value), then Unicode NFKC is applied, case folded,
apostrophes dropped (typographic or straight: ``Mother's`` is ``mothers``) and the words kept:
runs of letters and digits, so punctuation and quotes of any kind never count.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
#: Words are runs of ``\w`` once underscores are spaces (faster than ``[^\W_]+``, the same).
_WORD = re.compile(r"\w+")
_TAG_SPLIT = re.compile(r"(<[^<>]*>)")
_ATTRIBUTE_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_APOSTROPHES = ("'", "\u2018", "\u2019", "\u02bc", "\u2032")
#: A run of JSON escapes (read together: a surrogate pair is one character).
_JSON_ESCAPES = re.compile(r"(?:\\(?:u[0-9a-fA-F]{4}|[\"\\/bfnrt]))+")
#: Control characters escaped in JSON read as spaces, or a newline.
_JSON_CONTROLS = str.maketrans("\b\f\r\t", "  \n ")


def _json_escapes(escapes: re.Match[str]) -> str:
    return str(json.loads(f'"{escapes[0]}"')).translate(_JSON_CONTROLS)


def unescape(text: str) -> str:
    """JSON escapes, then HTML entities twice; comments opened so their text is read."""
    if "\\" in text:
        text = _JSON_ESCAPES.sub(_json_escapes, text)
    text = html.unescape(html.unescape(text))
    return text.replace("<!--", " ").replace("-->", " ") if "<!--" in text else text


def fold(text: str) -> str:
    """NFKC, case folded, apostrophes dropped, underscores as spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("_", " ")
    for apostrophe in _APOSTROPHES:  # str.replace is many times faster than str.translate
        folded = folded.replace(apostrophe, "")
    return folded


def grams(found: Sequence[T], size: int) -> zip[tuple[T, ...]]:
    """Every run of ``size`` consecutive items of ``found``, in order."""
    return zip(*(found[start:] for start in range(size)), strict=False)


def words(text: str) -> list[str]:
    """The words of text that has no markup (a title, a file name)."""
    return _WORD.findall(fold(text))


def split_markup(unescaped: str) -> tuple[str, str]:
    """Text already :func:`unescape`\\ d: its text, tags taken out, and the values of its
    tags' attributes."""
    if "<" not in unescaped:
        return unescaped, ""
    # One pass of the tag pattern: text and tags alternate (text, tag, text, ..., text).
    parts = _TAG_SPLIT.split(unescaped)
    tags = " ".join(parts[1::2])
    values = " ".join(a or b for a, b in _ATTRIBUTE_VALUE.findall(tags))
    values = _TAG_SPLIT.sub(" ", values) if "<" in values else values
    return " ".join(parts[0::2]), values
