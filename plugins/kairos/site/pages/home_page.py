"""The generated parts of hand-written pages: placeholders the plugin fills after rendering.

A page marks each place with an HTML comment on a line of its own: ``<!-- kairos:home -->``
(the collection sentence, newest stories, themes and co-production figure), or one part alone:
``collection`` (:mod:`kairos.site.pages.collection_wording`), ``support``, ``privacy``,
``co-production`` (the figure, each level with its count and link), ``newest-stories`` (the
six newest that search engines may index, since a hand-written page is indexable) and
``themes``. Comments survive Markdown, so without the plugin nothing shows there. A home page
with no placeholder gets ``home`` at its end; an unknown ``kairos:`` name is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kairos.core.reader_labels import LEVELS, LevelText
from kairos.site.pages.catalogue import Catalogue
from kairos.site.pages.collection_wording import collection_text
from kairos.site.pages.page_plan import section_terms, story_card
from kairos.site.pages.page_views import DirectoryItem, StoryCard
from kairos.site.pages.site_urls import Section, section_indexes

NEWEST_STORIES = 6

#: Placeholder names: one for each part in ``site/theme/kairos/home/`` (``<name>.html``).
PLACEHOLDERS = frozenset(
    part.stem for part in (Path(__file__).parents[1] / "theme/kairos/home").glob("*.html")
)
#: Comments that look like placeholders but mark something else: taken out quietly
#: (``<!-- kairos: sample -->`` marks sample wording for ``kairos remove-samples``).
OTHER_MARKERS = frozenset({"sample"})

# The comment, as the only thing in a paragraph (the paragraph goes too) or anywhere.
_COMMENT = r"<!--\s*kairos:\s*([A-Za-z0-9_-]+)\s*-->"
_PLACEHOLDER = re.compile(rf"<p>\s*{_COMMENT}\s*</p>|{_COMMENT}")


@dataclass(frozen=True)
class HomeView:
    #: The layers of the figure: each level of partnership and the link to its stories.
    levels: tuple[tuple[LevelText, DirectoryItem], ...]
    #: The newest stories search engines may index (hand-written pages are indexable).
    newest: tuple[StoryCard, ...]
    #: One of the six newest stories is left out of ``newest``: search engines may not index it.
    some_not_shown: bool
    themes: tuple[DirectoryItem, ...]
    total: int
    #: What the collection is, from the stories' own marks (collection_wording).
    collection: str
    #: Each section's index page (all stories, the themes, the levels of partnership, ...).
    indexes: dict[Section, str]


def home_view(catalogue: Catalogue, *, directory_urls: bool = True) -> HomeView:
    """Counts and links for the generated parts, from published stories only."""
    terms = section_terms(catalogue)
    levels = tuple(term.item(directory_urls=directory_urls) for term in terms["levels"])
    newest = catalogue.for_search_engines()[:NEWEST_STORIES]
    return HomeView(
        levels=tuple(zip(LEVELS.values(), levels, strict=True)),
        newest=tuple(
            story_card(e, catalogue.vocabulary, directory_urls=directory_urls) for e in newest
        ),
        some_not_shown=any(entry.noindex for entry in catalogue.stories[:NEWEST_STORIES]),
        themes=tuple(term.item(directory_urls=directory_urls) for term in terms["themes"]),
        total=len(catalogue.stories),
        collection=collection_text(
            len(catalogue.stories),
            sum(entry.story.fictional for entry in catalogue.stories),
            [entry.story.storyteller.role for entry in catalogue.stories],
        ),
        indexes=section_indexes(directory_urls=directory_urls),
    )


def fill_placeholders(
    html: str, render_part: Callable[[str], str], *, is_homepage: bool
) -> tuple[str, list[str]]:
    """Replace each placeholder with its rendered part; return the HTML and unknown names."""
    unknown: list[str] = []
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        name = match.group(1) or match.group(2)
        if name in PLACEHOLDERS:
            found = True
            return render_part(name)
        if name not in OTHER_MARKERS:
            unknown.append(name)
        return ""

    html = _PLACEHOLDER.sub(replace, html)
    if is_homepage and not found:
        html += render_part("home")
    return html, unknown
