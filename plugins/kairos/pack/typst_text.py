"""Editors' text as Typst source: nothing they write can become Typst markup or code.

Typst markup gives meaning to most ASCII punctuation (``*strong*``, ``_emph_``, ``#code``,
``$math$``, ``= heading`` and ``- list`` at a line's start, ``//`` comments, ``<label>``,
``@ref``, ``https://`` links, ``1.`` numbered lists), and to any ``(`` ``[`` or ``.`` right after
a function call. Every such character is escaped with a backslash, which Typst accepts before
any character; only straight quotes stay as written, so that Typst sets them as typographic
quotes in the document's language.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"""([\\*_#$`<>@\[\]~/=+\-().{}:])""")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def escape_markup(text: str) -> str:
    """``text`` as Typst markup; each run of white space becomes one space (kept at the edges,
    where it separates ``text`` from the markup around it)."""
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", _CONTROL.sub(" ", text)))


def markup_text(text: str) -> str:
    """``text`` as Typst markup showing exactly that text, trimmed, its white space collapsed."""
    return escape_markup(text.strip())


def string_literal(text: str) -> str:
    """``text`` as a Typst string literal, on one line (for metadata and arguments)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
