"""From an anthology to what one build's audit looks for, and which found quotes count.

A story's own evidence (:func:`.evidence.story_evidence`) depends on its source alone; what a
build looks for also depends on the rest of the project (a slug the docs mention, a title, media
or quote that published stories share: MAINTAINERS.md, "What is never a finding"), so it is
decided here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.front_matter import LoadedFile
from kairos.core.story import FRAMEWORK_LEVELS, SCOPES, STORYTELLER_ROLES
from kairos.core.story_sources import StorySource, story_sources
from kairos.safety.audit.evidence import (
    GRAM_WORDS,
    SHORT_GRAM_WORDS,
    StoryEvidence,
    markdown_words,
    story_evidence,
    story_media,
)
from kairos.safety.audit.matching import Run, Target
from kairos.safety.audit.normalise import grams, words
from kairos.safety.audit.readers import decode_text

_TOKEN = re.compile(r"[a-z0-9_-]+")
_DOCS_SUFFIXES = frozenset({".md", ".html", ".htm", ".txt", ".yml", ".yaml", ".json", ".xml"})


def docs_tokens(docs_dir: Path | None) -> frozenset[str]:
    """The tokens of the hand-written pages (``docs/``): slugs they mention."""
    texts = []
    if docs_dir is not None and docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.suffix.lower() in _DOCS_SUFFIXES and path.is_file():
                texts.append(decode_text(path.read_bytes()))
    return frozenset(_TOKEN.findall("\n".join(texts).lower()))


def evidence_of(judged: JudgedStory, source: StorySource | None) -> StoryEvidence:
    """:func:`story_evidence` of a judged story: an invalid one's title and summary read
    leniently from its file, and its media from its folder when it has one."""
    fields: list[str | None] = [None, None]
    if judged.story is not None:
        fields = [judged.story.title, judged.story.summary]
    elif source is not None and (read := LoadedFile("", "").read(source.markdown)):
        values = (read[1].data.get(name) for name in ("title", "summary"))
        fields = [value.strip() or None if isinstance(value, str) else None for value in values]
    folder = source.folder if source is not None else None
    return story_evidence(judged.slug, fields[0], fields[1], judged.loaded.body, folder)


def _site_words(anthology: Anthology) -> frozenset[str]:
    """Keys the site itself prints (in theme, level and role addresses and elsewhere)."""
    vocabulary = anthology.vocabulary
    return frozenset(
        [*vocabulary.themes, *vocabulary.content_notes, *FRAMEWORK_LEVELS, *STORYTELLER_ROLES]
    ) | frozenset(SCOPES)


def targets(anthology: Anthology, stories_dir: Path | None, docs: frozenset[str]) -> list[Target]:
    """What this build looks for (see the module docstring); ``docs``: :func:`docs_tokens`."""
    found = story_sources(stories_dir) if stories_dir is not None and stories_dir.is_dir() else []
    sources = {source.slug: source for source in found}
    folders = {slug: source.folder for slug, source in sources.items()}
    public_titles = {tuple(words(j.story.title)) for j in anthology.published if j.story}
    public_media = [
        media for judged in anthology.published for media in story_media(folders.get(judged.slug))
    ]
    public_names = {m.name.rsplit("/", 1)[-1].lower() for m in public_media}
    public_hashes = {m.sha256 for m in public_media}
    site_words = _site_words(anthology)
    chosen = []
    for judged in anthology.held_back:
        evidence = evidence_of(judged, sources.get(judged.slug))
        slug = evidence.slug
        in_docs = slug.lower() in docs
        names = {m.name.rsplit("/", 1)[-1].lower() for m in evidence.media}
        chosen.append(
            Target(
                evidence=evidence,
                address=not in_docs,
                slug_token=not in_docs
                and bool(re.search(r"[-0-9]", slug))
                and slug not in site_words,
                title=bool(evidence.title_words) and evidence.title_words not in public_titles,
                media_names=tuple(sorted(names - public_names)),
                media_hashes=tuple(sorted({m.sha256 for m in evidence.media} - public_hashes)),
            )
        )
    return chosen


def _published_words(anthology: Anthology) -> Iterable[list[str]]:
    for judged in anthology.published:
        yield from markdown_words(judged.loaded.body)
        if judged.story is not None:
            yield words(judged.story.title)
            yield words(judged.story.summary)


def public_runs(
    anthology: Anthology, chosen: list[Target], runs: Iterable[Run]
) -> set[tuple[int, int, int, int]]:
    """Which found quotes ``(target, sequence, start, end)`` published stories hold whole.

    Published text is read only when some quote was found, and each of its runs of words is
    compared with the runs of the quotes as sets, so this too is linear.
    """
    grams_of: dict[tuple[int, int, int, int], list[tuple[str, ...]]] = {}
    needed: defaultdict[int, set[tuple[str, ...]]] = defaultdict(set)
    for quote in {run[1:] for run in runs}:
        number, sequence, start, end = quote
        found = chosen[number].evidence.sequences[sequence].words[start:end]
        size = GRAM_WORDS if len(found) >= GRAM_WORDS else SHORT_GRAM_WORDS
        grams_of[quote] = list(grams(found, size))
        needed[size].update(grams_of[quote])
    held: defaultdict[int, set[tuple[str, ...]]] = defaultdict(set)
    for published in _published_words(anthology) if needed else ():
        for size, wanted in needed.items():
            held[size] |= wanted.intersection(grams(published, size))
    return {quote for quote, found in grams_of.items() if held[len(found[0])].issuperset(found)}
