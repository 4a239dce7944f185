"""Typographic quotes for text the site shows from front-matter: titles, summaries, questions.

Story text goes through Python-Markdown's ``smarty`` extension (mkdocs.yml); front-matter
fields are shown by the templates as they are written, so ``Parkinson's`` and ``"yes"`` would
keep typewriter quotes beside curly ones. :func:`curly_quotes` gives them the same
typography: an apostrophe inside or at the end of a word is ’, a quote that opens (at the
start, or after a space or an opening bracket or dash) is ‘ or “, and any other closes.
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"(?:^|(?<=[\s(\[{\u2014\u2013-]))['\"]")


def curly_quotes(text: str) -> str:
    """``text`` with every ``'`` and ``"`` turned into its typographic form."""
    text = _OPENING.sub(lambda quote: "\u2018" if quote[0] == "'" else "\u201c", text)
    return text.replace("'", "\u2019").replace('"', "\u201d")
