"""Which pages the plugin generates, and what each shows: :func:`plan_site_pages`.

A :class:`~kairos.site.pages.catalogue.Catalogue` becomes one
:class:`~kairos.site.pages.page_views.SitePage` per page: every story, all stories page by page,
and each theme, level and role with their indexes; URLs are relative to the site root. A story
kept out of search engines has no word on an indexable page: its page and every list showing
its card are ``noindex`` and out of ``sitemap.xml``, and an indexable story's related stories
are indexable too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from kairos.core.reader_labels import LEVELS, ROLES, count_text, long_date, reading_time_text
from kairos.core.story import StorytellerRole
from kairos.core.teaching import TeachingCollection
from kairos.core.vocabulary import Vocabulary
from kairos.site.pages.catalogue import Catalogue, StoryEntry
from kairos.site.pages.collection_wording import and_list
from kairos.site.pages.page_views import (
    CollectionStory,
    CollectionView,
    DirectoryItem,
    DirectoryView,
    Link,
    ListingView,
    Note,
    Pagination,
    SitePage,
    StoryCard,
    StoryView,
    TeachingView,
    Trail,
)
from kairos.site.pages.related_stories import RelatedStories
from kairos.site.pages.site_urls import (
    Section,
    collection_src,
    listing_src,
    pack_path,
    section_index_src,
    section_indexes,
    story_src,
    url_of,
)
from kairos.site.pages.typography import curly_quotes

#: What a story's page is made of beyond the vocabulary and the options (the same for every
#: page of a plan): the story, its related stories and the collections holding it.
StoryPageInputs = tuple[StoryEntry, tuple[StoryEntry, ...], tuple[TeachingCollection, ...]]

#: What the list of all stories says under its title.
STORIES_INTRO = "Every story in the anthology, newest first."
#: Each section's index page: its title and what it says under it.
SECTION_INDEXES: dict[Section, tuple[str, str]] = {
    "themes": (
        "Themes",
        "Stories grouped by what they are about. A story can have several themes.",
    ),
    "levels": (
        "Levels of partnership",
        "Each story is placed at the level of partnership between patients, families and "
        "professionals that it shows best. The levels come from the co-production model of "
        "Batalden and colleagues (BMJ Quality & Safety, 2016): civil discourse is the base, and "
        "co-planning and co-execution build on it.",
    ),
    "roles": ("Storytellers", "Stories grouped by who is telling them."),
}
TEACHING_INTRO = (
    "Stories gathered for teaching: for students, quality-improvement teams and staff "
    "training. Each collection has a session plan, discussion questions, facilitator notes "
    "and a printable pack.",
    "Every story here is one its storyteller agreed may be used in teaching. Consent can be "
    "withdrawn, so check a printed pack against this page before each session.",
)


class StoryPagesPlanned:
    """The story pages of the previous plan, for the editor's preview, which plans every page
    again on each save: a story's page is taken again while the vocabulary, the options, the
    story, its related stories and the collections holding it are equal to those it was
    planned from (everything :meth:`_Planner.story_page` reads). Only the last plan's pages
    are kept, in memory."""

    def __init__(self) -> None:
        self._options: tuple[object, ...] | None = None
        self._pages: dict[str, tuple[StoryPageInputs, SitePage]] = {}
        self._planned: dict[str, tuple[StoryPageInputs, SitePage]] = {}

    def start(self, options: tuple[object, ...]) -> None:
        """Begin a plan; other options or another vocabulary than the last plan's forget
        every page."""
        if self._options != options:
            self._pages = {}
        self._options, self._planned = options, {}

    def page(self, slug: str, inputs: StoryPageInputs, plan: Callable[[], SitePage]) -> SitePage:
        """The page the previous plan made from ``inputs``, else ``plan()``."""
        kept = self._pages.get(slug)
        page = kept[1] if kept is not None and kept[0] == inputs else plan()
        self._planned[slug] = (inputs, page)
        return page

    def finish(self) -> None:
        """Keep this plan's pages (and no other) for the next."""
        self._pages, self._planned = self._planned, {}


class Term(NamedTuple):
    """A theme, level or role of ``section`` (or, with no key, all stories): its list's title,
    stories, intro (by default its description) and kicker, and its line in the index."""

    section: Section
    key: str | None
    label: str
    entries: tuple[StoryEntry, ...]
    description: str | None = None
    intro: tuple[str, ...] | None = None
    kicker: str | None = None

    def item(self, *, directory_urls: bool) -> DirectoryItem:
        """Its line in an index (or on the home page), linking to its list."""
        url = url_of(listing_src(self.section, self.key, 1), directory_urls=directory_urls)
        count = len(self.entries)
        return DirectoryItem(self.label, url, count, count_text(count), self.description)


def section_terms(catalogue: Catalogue) -> dict[Section, list[Term]]:
    """The themes, the levels of partnership and the storyteller roles, in their own order,
    each with its published stories: the index pages' and the home page's."""
    themes = catalogue.vocabulary.themes
    return {
        "themes": [
            Term("themes", key, theme.label, catalogue.with_theme(key), theme.description)
            for key, theme in themes.items()
        ],
        "levels": [
            Term(
                "levels",
                key,
                level.label,
                catalogue.at_level(key),
                level.short,
                level.explanation,
                kicker=f"Level {level.number} of {len(LEVELS)}",
            )
            for key, level in LEVELS.items()
        ],
        "roles": [
            Term("roles", key, role.plural, catalogue.told_by(key), role.explanation)
            for key, role in ROLES.items()
        ],
    }


@dataclass
class _Planner:
    catalogue: Catalogue
    per_page: int
    related: int
    directory_urls: bool
    planned_before: StoryPagesPlanned

    def __post_init__(self) -> None:
        #: Related stories of a story kept out of search engines (its page is noindex) ...
        self.related_stories = RelatedStories(self.catalogue.stories)
        #: ... and of any other story, whose page must not show the words of such a story.
        self.related_for_search = RelatedStories(self.catalogue.for_search_engines())
        self.indexes = section_indexes(directory_urls=self.directory_urls)
        #: One card per story, by slug, shared by every list and related-stories section.
        self.cards = {
            entry.slug: story_card(
                entry, self.catalogue.vocabulary, directory_urls=self.directory_urls
            )
            for entry in self.catalogue.stories
        }

    def url(self, src_uri: str) -> str:
        return url_of(src_uri, directory_urls=self.directory_urls)

    def trail(self, here: str, *above: Link) -> Trail:
        return Trail((Link("Home", ""), *above), here)

    def why_related(self, entry: StoryEntry, other: StoryEntry) -> str:
        """Why ``other`` is shown beside ``entry``: "Also about Kindness", "Also about A, B and
        C", the themes it shares, in ``entry``'s order."""
        themes = self.catalogue.vocabulary.themes
        shared = [themes[key].label for key in entry.story.themes if key in other.story.themes]
        return f"Also about {and_list(shared)}" if shared else ""

    def story_page(self, entry: StoryEntry) -> SitePage:
        """The story's page, taken from the previous plan while its inputs are equal. Its
        related stories: on a page search engines may index, only stories they may."""
        related_stories = self.related_stories if entry.noindex else self.related_for_search
        related = related_stories.of(entry, self.related)
        inputs = (entry, tuple(related), self.catalogue.collections_of(entry.slug))
        return self.planned_before.page(
            entry.slug, inputs, lambda: self._story_page(entry, related)
        )

    def _story_page(self, entry: StoryEntry, related: list[StoryEntry]) -> SitePage:
        story = entry.story
        vocabulary = self.catalogue.vocabulary
        level = LEVELS[story.framework_level]
        role = ROLES[story.storyteller.role]
        image, image_alt = share_image(entry)
        card = self.cards[entry.slug]
        view = StoryView(
            card=card,
            storyteller=story.storyteller.name,
            byline_role=byline_role(role.key),
            role=Link(role.plural, self.url(listing_src("roles", role.key, 1))),
            reading_time=reading_time_text(entry.reading_minutes),
            themes=tuple(
                Link(vocabulary.themes[key].label, self.url(listing_src("themes", key, 1)))
                for key in story.themes
            ),
            level=level,
            level_url=self.url(listing_src("levels", level.key, 1)),
            content_notes=tuple(
                Note(curly_quotes(note.label), curly_quotes(note.description or "") or None)
                for note in (vocabulary.content_notes[key] for key in story.content_notes)
            ),
            reflection=tuple(curly_quotes(question) for question in story.reflection or ()),
            related=tuple(self.cards[other.slug] for other in related),
            indexes=self.indexes,
            published_year=str(story.published.year),
            storyteller_description=curly_quotes(story.storyteller.description or "") or None,
            related_reasons=tuple(self.why_related(entry, other) for other in related),
            for_teaching=entry.for_teaching,
            trail=self.trail(card.title, Link("Stories", self.indexes["stories"])),
            share_image=image,
            share_image_alt=image_alt,
            collections=tuple(
                Link(curly_quotes(c.collection.title), self.url(collection_src(c.slug)))
                for c in self.catalogue.collections_of(entry.slug)
            ),
        )
        markdown = story_markdown(entry, directory_urls=self.directory_urls)
        return SitePage(story_src(entry.slug), card.title, card.summary, view, markdown=markdown)

    def listing(self, term: Term, index: Link | None = None) -> list[SitePage]:
        """The pages of a list; ``index`` is the page listing it ("Themes"), for the breadcrumb."""
        key, title, entries = term.key, term.label, term.entries
        intro = term.intro if term.intro is not None else tuple(filter(None, [term.description]))
        pages = max(1, math.ceil(len(entries) / self.per_page))
        srcs = [listing_src(term.section, key, n) for n in range(1, pages + 1)]
        urls = [self.url(src_uri) for src_uri in srcs]
        up = Link(f"All {index.label.lower()}", index.url) if index else None
        planned = []
        for number in range(1, pages + 1):
            chunk = entries[(number - 1) * self.per_page : number * self.per_page]
            pagination = None
            if pages > 1:
                pagination = Pagination(
                    page=number,
                    pages=pages,
                    previous_url=urls[number - 2] if number > 1 else None,
                    next_url=urls[number] if number < pages else None,
                    urls=tuple(urls),
                )
            above = [index] if index else []
            page_title, description = title, intro[0] if intro else title
            if number > 1:
                above.append(Link(title, urls[0]))
                page_title = f"{title} (page {number} of {pages})"
                description = f"{description} Page {number} of {pages}."
            view = ListingView(
                title=title,
                intro=intro,
                kicker=term.kicker,
                total_text=count_text(len(entries)),
                stories=tuple(self.cards[entry.slug] for entry in chunk),
                pagination=pagination,
                up=up,
                trail=self.trail(f"Page {number}" if number > 1 else title, *above),
            )
            in_nav = key is None and number == 1
            planned.append(SitePage(srcs[number - 1], page_title, description, view, in_nav=in_nav))
        return planned

    def section(
        self, section: Section, title: str, intro: str, terms: list[Term]
    ) -> list[SitePage]:
        """The list of each term, then the section's index page, ``title``."""
        index = Link(title, self.indexes[section])
        pages = [page for term in terms for page in self.listing(term, index)]
        items = tuple(term.item(directory_urls=self.directory_urls) for term in terms)
        view = DirectoryView(title, (intro,), items, self.trail(title))
        pages.append(SitePage(section_index_src(section), title, intro, view, in_nav=True))
        return pages

    def collection_view(self, collection: TeachingCollection, up: Link) -> CollectionView:
        c = collection.collection
        stories = tuple(
            CollectionStory(
                self.cards[s.slug],
                tuple(curly_quotes(q) for q in s.story.reflection or ()),
                tuple(curly_quotes(q) for q in s.entry.discussion or ()),
            )
            for s in collection.stories
            if s.slug in self.cards
        )
        notes = self.catalogue.vocabulary.content_notes
        keys = dict.fromkeys(k for s in collection.stories for k in s.story.content_notes)
        return CollectionView(
            title=curly_quotes(c.title),
            url=self.url(collection_src(collection.slug)),
            summary=curly_quotes(c.summary),
            audience=curly_quotes(c.audience),
            time_needed=curly_quotes(c.time_needed),
            count_text=count_text(len(stories)),
            learning_outcomes=tuple(curly_quotes(o) for o in c.learning_outcomes),
            stories=stories,
            content_notes=tuple(curly_quotes(notes[k].label) for k in keys if k in notes),
            pack_url=pack_path(collection.slug),
            built_text=long_date(self.catalogue.build_date) if self.catalogue.build_date else "",
            up=up,
        )

    def teaching_pages(self) -> list[SitePage]:
        """The Teaching page and one page per collection. The Teaching page is there without
        collections too, so a ``Teaching`` tab in the nav never points at nothing."""
        up = Link("All teaching collections", self.indexes["teaching"])
        collections = self.catalogue.collections
        views = tuple(self.collection_view(c, up) for c in collections)
        pages = [
            SitePage(collection_src(c.slug), v.title, v.summary, v, markdown=c.facilitator_notes)
            for c, v in zip(collections, views, strict=True)
        ]
        view = TeachingView("Teaching", TEACHING_INTRO, views)
        # In a navigation MkDocs makes itself only when there is a collection to show; a
        # Teaching tab in mkdocs.yml's nav: finds the page either way.
        in_nav = bool(views)
        src_uri = section_index_src("teaching")
        return [*pages, SitePage(src_uri, "Teaching", TEACHING_INTRO[0], view, in_nav=in_nav)]

    def all_pages(self) -> list[SitePage]:
        catalogue = self.catalogue
        pages = self.listing(Term("stories", None, "All stories", catalogue.stories, STORIES_INTRO))
        pages += [self.story_page(entry) for entry in catalogue.stories]
        for section, terms in section_terms(catalogue).items():
            pages += self.section(section, *SECTION_INDEXES[section], terms)
        return pages + self.teaching_pages()


def plan_site_pages(
    catalogue: Catalogue,
    *,
    stories_per_page: int,
    related_stories_count: int,
    directory_urls: bool = True,
    planned_before: StoryPagesPlanned | None = None,
) -> list[SitePage]:
    """Every generated page, in a stable order (listings, stories, then each index).

    ``planned_before``: the preview's story pages from its previous plan (taken again while
    their inputs are equal), updated with this plan's.
    """
    planned = planned_before if planned_before is not None else StoryPagesPlanned()
    planned.start((catalogue.vocabulary, stories_per_page, related_stories_count, directory_urls))
    pages = _Planner(
        catalogue, stories_per_page, related_stories_count, directory_urls, planned
    ).all_pages()
    planned.finish()
    return pages


def story_markdown(entry: StoryEntry, *, directory_urls: bool) -> str:
    """The story's text with each reference to one of its photos pointed at the copied file."""
    body = entry.body
    for reference in reversed(entry.media_references):
        if reference.file_name not in entry.media:
            continue
        target = reference.target
        if reference.kind != "html" or not directory_urls:
            target = f"{entry.slug}/{target}"
        body = body[: reference.start] + target + body[reference.end :]
    return body


def share_image(entry: StoryEntry) -> tuple[str | None, str | None]:
    """The first photo a published story shows (site-relative path) and its alt text.

    Only files the story shows from its own folder are published (published_images), so a
    link preview never points at anything else.
    """
    for reference in entry.media_references:
        name = reference.file_name
        if (
            reference.kind in ("image", "html")
            and name in entry.media
            and name.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".gif"))
        ):
            return f"stories/{entry.slug}/{name}", reference.alt
    return None, None


def byline_role(role: StorytellerRole) -> str | None:
    """The role beside a storyteller's name ("Iris, patient"), or None for "other", which
    reads oddly there ("Frank, storyteller")."""
    return None if role == "other" else ROLES[role].singular


def story_card(
    entry: StoryEntry, vocabulary: Vocabulary, *, directory_urls: bool = True
) -> StoryCard:
    story = entry.story
    role = byline_role(story.storyteller.role)
    return StoryCard(
        title=curly_quotes(story.title),
        url=url_of(story_src(entry.slug), directory_urls=directory_urls),
        summary=curly_quotes(story.summary),
        teller=f"{story.storyteller.name}, {role}" if role else story.storyteller.name,
        published_iso=story.published.isoformat(),
        published_text=long_date(story.published),
        level=LEVELS[story.framework_level].label,
        fictional=story.fictional,
        content_notes=tuple(vocabulary.content_notes[key].label for key in story.content_notes),
        noindex=entry.noindex,
    )
