"""The published part of an anthology, arranged for the site: newest first, by term.

The only door from the anthology to the site: everything the site shows is built from a
:class:`Catalogue`, which holds published stories only, so no page, count, feed entry or link
can mention a held-back story. A story without ``search-engines`` in its scope is in it, marked
:attr:`StoryEntry.noindex`, and shown only on pages kept out of search engines
(:mod:`kairos.site.pages.page_plan`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.core.publishing import Channel
from kairos.core.story import FrameworkLevel, Story, StorytellerRole
from kairos.core.story_media import MediaReference
from kairos.core.teaching import TeachingCollection, teaching_collections
from kairos.core.vocabulary import Vocabulary


@dataclass(frozen=True)
class StoryEntry:
    """One published story: its slug, validated front-matter and Markdown body.

    ``folder`` is the story's own folder (None for a story kept in one file), ``media`` the
    names of the files there that the story shows, ``media_references`` where it shows them.
    """

    slug: str
    story: Story
    body: str
    reading_minutes: int
    folder: Path | None = None
    media: tuple[str, ...] = ()
    media_references: tuple[MediaReference, ...] = ()
    #: Where else its consent lets it appear, as the publishing rule decided.
    channels: frozenset[Channel] = frozenset()

    @property
    def noindex(self) -> bool:
        """Outside search engines may not index it (``search-engines`` not in scope)."""
        return Channel.SEARCH_ENGINES not in self.channels

    @property
    def for_teaching(self) -> bool:
        """Its consent scope allows teaching: readers may use it in teaching, with a citation."""
        return Channel.TEACHING in self.channels


@dataclass(frozen=True)
class Catalogue:
    """Published stories on one build date, newest first, with the vocabulary."""

    vocabulary: Vocabulary
    stories: tuple[StoryEntry, ...]
    #: Teaching collections on the site, by slug: each holds only published stories that
    #: allow teaching (:func:`~kairos.core.teaching.teaching_collections`).
    collections: tuple[TeachingCollection, ...] = ()
    #: The day the stories were judged on (when the packs are built).
    build_date: dt.date | None = None

    def collections_of(self, slug: str) -> tuple[TeachingCollection, ...]:
        return tuple(c for c in self.collections if any(s.slug == slug for s in c.stories))

    def with_theme(self, key: str) -> tuple[StoryEntry, ...]:
        return tuple(e for e in self.stories if key in e.story.themes)

    def at_level(self, level: FrameworkLevel) -> tuple[StoryEntry, ...]:
        return tuple(e for e in self.stories if e.story.framework_level == level)

    def told_by(self, role: StorytellerRole) -> tuple[StoryEntry, ...]:
        return tuple(e for e in self.stories if e.story.storyteller.role == role)

    def in_feed(self) -> tuple[StoryEntry, ...]:
        return tuple(e for e in self.stories if Channel.FEED in e.channels)

    def for_search_engines(self) -> tuple[StoryEntry, ...]:
        """The stories outside search engines may index: the only ones whose words a page
        that search engines may index (or ``sitemap.xml``) can show."""
        return tuple(e for e in self.stories if not e.noindex)


def newest_first(entry: StoryEntry) -> tuple[int, str, str]:
    return (-entry.story.published.toordinal(), entry.story.title.casefold(), entry.slug)


def build_catalogue(anthology: Anthology) -> Catalogue:
    """Arrange the anthology's published stories and the collections of them; nothing else
    is taken from it."""
    entries = [
        StoryEntry(
            judged.slug,
            judged.story,
            judged.loaded.body,
            judged.loaded.reading_minutes,
            judged.loaded.folder,
            tuple(judged.loaded.media),
            tuple(judged.loaded.media_references),
            judged.verdict.channels,
        )
        for judged in anthology.published
        if judged.story is not None
    ]
    return Catalogue(
        anthology.vocabulary,
        tuple(sorted(entries, key=newest_first)),
        tuple(teaching_collections(anthology)),
        anthology.build_date,
    )
