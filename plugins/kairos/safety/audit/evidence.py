"""What the audit looks for, story by story: computed from the story's source alone.

:func:`story_evidence` turns one held-back story's slug, title, summary, body and media folder
into a :class:`StoryEvidence` that is plain data (it pickles, so that the audit's process
pool can take it).

Text is fingerprinted by winnowing, as MOSS does (MAINTAINERS.md, "What it looks for"): a
field shorter than :data:`RUN_WORDS` words is one window, found when quoted whole, and one of
fewer than :data:`GRAM_WORDS` words is indexed by its first :data:`SHORT_GRAM_WORDS` words.
Placeholder text (``kairos new``'s paragraph, the guide's example title and summary) is never
evidence.
"""

from __future__ import annotations

import hashlib
import re
import sys
import zlib
from collections import deque
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kairos.core.photo_metadata import read_photo
from kairos.core.photo_tags import DamagedPhoto
from kairos.safety.audit.normalise import grams, split_markup, unescape, words

#: A quote of this many consecutive words of a title, summary or text is always found.
RUN_WORDS = 25
#: Words per hashed run: a window of RUN_WORDS - GRAM_WORDS + 1 runs holds a quote of RUN_WORDS.
GRAM_WORDS = 8
#: Fields shorter than GRAM_WORDS are indexed by this many first words; every indexed run is
#: looked up in a site by its first KEY_WORDS words (a 4-word title is the shortest field).
SHORT_GRAM_WORDS = 4
KEY_WORDS = 4
#: Titles of fewer words are found only where they stand alone (a heading, a quoted value):
#: a phrase of three words is common prose (the guide says "a withdrawn story").
TITLE_ANYWHERE_WORDS = 4
#: A summary, or a body as a whole, of fewer words is not fingerprinted.
MIN_FIELD_WORDS = 5
#: A paragraph of at least this many (and fewer than RUN_WORDS) words is found when quoted whole.
MIN_PARAGRAPH_WORDS = 12

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_ATTRS = re.compile(r"\{\s*[:#.][^}]*\}")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class TextSequence:
    """Words to look for: found when ``threshold`` consecutive ones are quoted."""

    evidence: str  # "title", "summary" or "text"
    words: tuple[str, ...]
    threshold: int


@dataclass(frozen=True)
class StoryEvidence:
    """Everything the audit looks for of one story; plain data (see the module docstring)."""

    slug: str
    title: str | None
    #: The title's words, as compared (see kairos.safety.audit.normalise).
    title_words: tuple[str, ...]
    sequences: tuple[TextSequence, ...]
    #: Indexed runs: (words, index into ``sequences``, position of the run there).
    fingerprints: tuple[tuple[tuple[str, ...], int, int], ...]
    #: Its media files as looked for: each by name (lower case, without its folder) and hash.
    media: frozenset[str]


def _shared(found: Iterable[str]) -> tuple[str, ...]:
    """Words as a tuple of interned strings: a held-back story's words are kept several
    times (its paragraphs, its whole text, its fingerprints), and common words in many."""
    return tuple(map(sys.intern, found))


def _gram_hashes(found: tuple[str, ...]) -> list[int]:
    """The order winnowing keeps the smallest of, for each run of GRAM_WORDS words of
    ``found``: runs whose first KEY_WORDS words are longest first (long words are rare, so the
    site has few runs starting like it), then the CRC-32 of the run's words joined by spaces
    in UTF-8 (the same in every process and run, which ``hash()`` of a str is not). Any order
    keeps the guarantee: each window keeps one of its runs."""
    firsts = map(sum, grams([len(word) for word in found], KEY_WORDS))
    return [
        ((64 - min(63, first)) << 32) | zlib.crc32(" ".join(gram).encode("utf-8"))
        for gram, first in zip(grams(found, GRAM_WORDS), firsts, strict=False)
    ]


def winnow(hashes: list[int], window: int) -> list[int]:
    """Positions of the smallest hash of every window of ``window`` hashes (the rightmost of
    equals), each once, in order; in linear time (a deque of candidates)."""
    window = min(window, len(hashes))
    chosen: list[int] = []
    candidates: deque[int] = deque()
    for position, value in enumerate(hashes):
        while candidates and hashes[candidates[-1]] >= value:
            candidates.pop()
        candidates.append(position)
        if candidates[0] <= position - window:
            candidates.popleft()
        if position >= window - 1 and (not chosen or chosen[-1] != candidates[0]):
            chosen.append(candidates[0])
    return chosen


def _fingerprints(sequence: TextSequence) -> list[tuple[tuple[str, ...], int]]:
    found = sequence.words
    if len(found) < GRAM_WORDS:
        return [(found[:SHORT_GRAM_WORDS], 0)]
    window = sequence.threshold - GRAM_WORDS + 1
    return [(found[p : p + GRAM_WORDS], p) for p in winnow(_gram_hashes(found), window)]


@cache
def _placeholder() -> tuple[re.Pattern[str], frozenset[tuple[str, ...]]]:
    """A pattern of the words of each sentence of ``kairos new``'s placeholder paragraph,
    and the words of the editors' guide's example title and summary."""
    # Imported here: the story rules load the story model, which the audit's worker
    # processes (they import this module for StoryEvidence) never need.
    from kairos.core.story_rules import PLACEHOLDER_PARAGRAPH as PARAGRAPH
    from kairos.core.story_rules import PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE

    sentences = (" ".join(words(sentence)) for sentence in _SENTENCE_END.split(PARAGRAPH))
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, filter(None, sentences)))})\b")
    return pattern, frozenset({tuple(words(PLACEHOLDER_TITLE)), tuple(words(PLACEHOLDER_SUMMARY))})


def _without_placeholder(found: list[str]) -> list[list[str]]:
    """``found`` cut where a placeholder sentence is, into the parts around it."""
    parts = _placeholder()[0].split(" ".join(found))
    return [part.split() for part in parts] if len(parts) > 1 else [found]


def _field_words(text: str | None) -> tuple[str, ...]:
    """A title's or summary's words; none when it is the guide's example."""
    found = _shared(words(text or ""))
    return () if found in _placeholder()[1] else found


def markdown_words(markdown: str) -> tuple[list[str], list[str]]:
    """A body's words as the site shows them (links as their text, Markdown attribute lists
    and footnote marks left out), and those of its attribute values (an image's alt text)."""
    alts = " ".join(_MD_IMAGE.findall(markdown))
    text = _MD_IMAGE.sub(" ", markdown)
    text = _MD_FOOTNOTE.sub(" ", _MD_ATTRS.sub(" ", _MD_LINK.sub(r" \1 ", text)))
    shown, attributes = split_markup(unescape(text))
    return words(shown), words(f"{attributes} {alts}")


def _text_sequences(
    evidence: str, found: Sequence[str], least: int = MIN_FIELD_WORDS
) -> list[TextSequence]:
    if len(found) < least:
        return []
    return [TextSequence(evidence, _shared(found), min(RUN_WORDS, len(found)))]


def story_media(folder: Path | None) -> frozenset[str]:
    """The files in a story's folder but its ``index.md`` (none for a story in one file): their
    names in lower case and SHA-256 hashes; a photo's as it is and as the site would publish
    it, without its metadata."""
    if folder is None:
        return frozenset()
    media: set[str] = set()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path != folder / "index.md":
            data = path.read_bytes()
            media |= {path.name.lower(), hashlib.sha256(data).hexdigest()}
            with suppress(DamagedPhoto):
                media.add(hashlib.sha256(read_photo(data).cleaned).hexdigest())
    return frozenset(media)


def story_evidence(
    slug: str,
    title: str | None,
    summary: str | None,
    body: str,
    folder: Path | None = None,
) -> StoryEvidence:
    """What the audit looks for of one story (see the module docstring and :func:`story_media`)."""
    title_words, summary_words = _field_words(title), _field_words(summary)
    sequences = _text_sequences("title", title_words, TITLE_ANYWHERE_WORDS)
    sequences += _text_sequences("summary", summary_words)
    paragraphs = [markdown_words(part) for part in _PARAGRAPH_BREAK.split(body)]
    for shown, _ in paragraphs:
        for part in _without_placeholder(shown):
            if MIN_PARAGRAPH_WORDS <= len(part) < RUN_WORDS:
                sequences.append(TextSequence("text", _shared(part), len(part)))
    body_words = [word for shown, _ in paragraphs for word in shown]
    alts = [word for _, values in paragraphs for word in values]
    for part in [*_without_placeholder(body_words), *_without_placeholder(alts)]:
        sequences += _text_sequences("text", part)
    unique = list(dict.fromkeys(sequences))
    prints = tuple(
        (gram, number, position)
        for number, sequence in enumerate(unique)
        for gram, position in _fingerprints(sequence)
    )
    return StoryEvidence(slug, title, title_words, tuple(unique), prints, story_media(folder))
