"""Typographic quotes for text the site shows from front-matter: titles, summaries, questions.

Story text goes through Python-Markdown's ``smarty`` extension (mkdocs.yml); front-matter
fields are shown by the templates as they are written, so ``Parkinson's`` and ``"yes"`` would
keep typewriter quotes beside curly ones. :func:`curly_quotes` gives them the same
typography: an apostrophe inside or at the end of a word is ’, a quote that opens (at the
start, or after a space or an opening bracket or dash) is ‘ or “, and any other closes.
"""

from __future__ import annotations

import re

_OPENS_BEFORE = re.compile(r"(^|[\s(\[{\u2014\u2013-])$")


def curly_quotes(text: str) -> str:
    """``text`` with every ``'`` and ``"`` turned into its typographic form."""
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in "'\"":
            out.append(char)
            continue
        before = text[index - 1] if index else ""
        opens = bool(_OPENS_BEFORE.search(before))
        if char == "'":
            out.append("\u2018" if opens else "\u2019")
        else:
            out.append("\u201c" if opens else "\u201d")
    return "".join(out)
