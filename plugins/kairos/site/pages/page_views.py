"""What each generated page shows, as plain data for its Jinja template.

Templates receive the page's view as ``kairos`` and write URLs through MkDocs' ``url`` filter,
so every URL here is relative to the site root (``stories/x/``). No HTML is built here; see
``site/theme/kairos/``. Which pages exist, and the views of each, are planned in
:mod:`kairos.site.pages.page_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kairos.core.reader_labels import LevelText
from kairos.site.pages.site_urls import Section


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Trail:
    """Where a page is in the site (a breadcrumb): the pages above it, then its own name.

    The first link is the home page. A section tab whose page is one of ``above`` is marked
    as the current section (``overrides/main.html``): generated pages are not in the nav.
    """

    above: tuple[Link, ...]
    here: str


@dataclass(frozen=True)
class Note:
    """A content note as readers see it."""

    label: str
    description: str | None


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: enough to choose it, nothing more."""

    title: str
    url: str
    summary: str
    #: Who tells it, as the card shows it: "Iris, patient"; "Frank" (role "other").
    teller: str
    published_iso: str
    published_text: str
    level: str
    fictional: bool
    #: The labels of its content notes, so a reader can choose before opening it.
    content_notes: tuple[str, ...] = ()
    #: Its storyteller keeps it out of search engines: a page showing this card is noindex.
    noindex: bool = False


@dataclass(frozen=True)
class Pagination:
    page: int
    pages: int
    previous_url: str | None
    next_url: str | None
    #: Every page of the list, first to last; the template marks page ``page`` as current.
    urls: tuple[str, ...]


@dataclass(frozen=True)
class StoryView:
    """Everything around a story's text on its page (the text itself is ``page.content``)."""

    template: ClassVar[str] = "kairos/story.html"
    #: The story as lists show it: its title, summary, date, whether it is fictional and
    #: kept out of search engines.
    card: StoryCard
    storyteller: str
    #: The role in the byline ("family member"); None for "other", which reads oddly there.
    byline_role: str | None
    role: Link
    reading_time: str
    themes: tuple[Link, ...]
    #: Its level of partnership (number, name, in plain words) and that level's list.
    level: LevelText
    level_url: str
    content_notes: tuple[Note, ...]
    reflection: tuple[str, ...]
    #: Stories sharing its themes; on a page search engines may index, only stories they may.
    related: tuple[StoryCard, ...]
    #: Each section's index page (all stories, the levels of partnership, ...).
    indexes: dict[Section, str]
    #: The year it was published, for the citation.
    published_year: str = ""
    #: A few words about the storyteller, shown after the name instead of the role.
    storyteller_description: str | None = None
    #: Why each related story is related ("Also about Kindness"), in the order of ``related``.
    related_reasons: tuple[str, ...] = ()
    #: Its consent scope allows teaching: readers may use it in teaching, with the citation.
    for_teaching: bool = False
    trail: Trail | None = None
    #: Open Graph: a story is an article.
    share_kind: str = "article"
    #: The first photo the story shows, for link previews (site-relative), and its alt text.
    share_image: str | None = None
    share_image_alt: str | None = None
    collections: tuple[Link, ...] = ()

    @property
    def noindex(self) -> bool:
        return self.card.noindex


@dataclass(frozen=True)
class ListingView:
    """One page of a list of stories (all stories, or those of one theme, level or role)."""

    template: ClassVar[str] = "kairos/listing.html"
    title: str
    intro: tuple[str, ...]
    #: A short line above the title, e.g. "Level 2 of 3".
    kicker: str | None
    total_text: str
    stories: tuple[StoryCard, ...]
    pagination: Pagination | None
    up: Link | None
    trail: Trail | None = None

    @property
    def noindex(self) -> bool:
        """It shows a story that its storyteller keeps out of search engines."""
        return any(card.noindex for card in self.stories)


@dataclass(frozen=True)
class DirectoryItem:
    label: str
    url: str
    count: int
    count_text: str
    description: str | None


@dataclass(frozen=True)
class DirectoryView:
    """An index page: the themes, levels or roles, each with its number of stories."""

    template: ClassVar[str] = "kairos/directory.html"
    noindex: ClassVar[bool] = False
    title: str
    intro: tuple[str, ...]
    items: tuple[DirectoryItem, ...]
    trail: Trail | None = None


@dataclass(frozen=True)
class CollectionStory:
    """One story of a teaching collection, as its page shows it."""

    card: StoryCard
    reflection: tuple[str, ...]
    discussion: tuple[str, ...]


@dataclass(frozen=True)
class CollectionView:
    """A teaching collection's page; ``page.content`` is its facilitator notes. The Teaching
    page lists collections with these views too."""

    template: ClassVar[str] = "kairos/teaching-collection.html"
    title: str
    url: str
    summary: str
    audience: str
    time_needed: str
    count_text: str
    learning_outcomes: tuple[str, ...]
    stories: tuple[CollectionStory, ...]
    #: Content-note labels of its stories, each once.
    content_notes: tuple[str, ...]
    pack_url: str
    built_text: str
    up: Link

    @property
    def noindex(self) -> bool:
        return any(story.card.noindex for story in self.stories)


@dataclass(frozen=True)
class TeachingView:
    """The Teaching page: every collection, for educators."""

    template: ClassVar[str] = "kairos/teaching.html"
    title: str
    intro: tuple[str, ...]
    collections: tuple[CollectionView, ...]

    @property
    def noindex(self) -> bool:
        return any(item.noindex for item in self.collections)


View = StoryView | ListingView | DirectoryView | CollectionView | TeachingView


@dataclass(frozen=True)
class SitePage:
    """One generated page: where it lives, how it is titled and what its template shows."""

    src_uri: str
    title: str
    description: str
    #: What its template shows; ``view.noindex``: search engines may not index the page
    #: (robots ``noindex``, left out of ``sitemap.xml``).
    view: View
    in_nav: bool = False
    #: Markdown that MkDocs renders into ``page.content`` (a story's text; empty elsewhere).
    markdown: str = ""

    @property
    def updated(self) -> str | None:
        """When the page last changed for readers (YYYY-MM-DD): a story's ``published`` date,
        a list's newest story; None for index pages (the build date stays)."""
        if isinstance(self.view, StoryView):
            return self.view.card.published_iso
        if isinstance(self.view, ListingView) and self.view.stories:
            return max(card.published_iso for card in self.view.stories)
        return None
