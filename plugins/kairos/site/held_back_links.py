"""Links to held-back stories in hand-written pages, story texts and the navigation.

A story that is not published has no page, so a link to it would be broken, and worse, its
address (the slug) would tell readers the story exists. The plugin removes such links: the link
becomes plain text, and if that text holds the story's slug or title (or the story is invalid,
so its title is unknown) it is replaced by a neutral phrase. A story can be held back on any
night (its consent review date passes), so this is not a problem in the page: it is logged at
INFO level and never fails a strict build. Links written in Markdown are removed before MkDocs
validates them (:class:`HeldBackLinkExtension`, a Markdown tree processor), so MkDocs does not
warn "target not found" either; links in raw HTML are removed from the page's HTML afterwards.

A link counts as pointing at story ``slug`` when its path, read relative to the page's URL or
relative to its source file (MkDocs leaves unresolved ``.md`` links as written), or taken as it
stands for absolute URLs, ends in ``stories/<slug>``, ``stories/<slug>/``,
``stories/<slug>.md``, ``stories/<slug>.html`` or ``stories/<slug>/index.html``.

The same reading of links finds the published stories a page links to
(:func:`stories_linked`): a hand-written page linking to a story that search engines may not
index is kept out of search engines too.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kairos.site.build_report import log

#: Slug of each held-back story, with its title when it is known (None for invalid stories).
HeldBack = Mapping[str, str | None]

UNAVAILABLE_TEXT = "a story that is not available"

_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(
    r"""\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""", re.IGNORECASE
)
_STORY_PATH = re.compile(r"(?:^|/)stories/(?P<slug>[^/]+?)(?:/index\.html|/|\.md|\.html)?$")


@dataclass(frozen=True)
class RemovedLink:
    href: str
    slug: str


def links_to_held_back(
    href: str, page_url: str, src_uri: str, held_back: Collection[str]
) -> str | None:
    """The held-back slug ``href`` points at, or None."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    paths = [path] if path else []
    if path and not (parts.scheme or parts.netloc or path.startswith("/")):
        page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        bases = ("" if b in ("./", ".") else b for b in (page_dir, posixpath.dirname(src_uri)))
        paths[:0] = [posixpath.normpath(posixpath.join(base, path)) for base in bases]
    for candidate in paths:
        match = _STORY_PATH.search(candidate)
        if match and match.group("slug") in held_back:
            return match.group("slug")
    return None


def _anchor_target(
    anchor: re.Match[str], page_url: str, src_uri: str, slugs: Collection[str]
) -> tuple[str, str | None]:
    """The ``href`` of an ``<a>`` of :data:`_ANCHOR`, and the story among ``slugs`` it points at."""
    href_match = _HREF.search(anchor.group("attrs"))
    if not href_match:
        return "", None
    href = html_lib.unescape(next(g for g in href_match.groups() if g is not None))
    return href, links_to_held_back(href, page_url, src_uri, slugs)


def stories_linked(html: str, *, page_url: str, src_uri: str, slugs: Collection[str]) -> list[str]:
    """The stories among ``slugs`` that an ``<a>`` of ``html`` points at, in order, once each."""
    if not slugs:
        return []
    linked = (_anchor_target(a, page_url, src_uri, slugs)[1] for a in _ANCHOR.finditer(html))
    return list(dict.fromkeys(slug for slug in linked if slug is not None))


def _names_the_story(text: str, slug: str, title: str | None) -> bool:
    """Whether a link's text must go: it holds the slug or title, or the title is unknown."""
    if title is None:
        return True
    folded = " ".join(text.split()).casefold()
    return slug.casefold() in folded or " ".join(title.split()).casefold() in folded


def remove_held_back_links(
    html: str, *, page_url: str, src_uri: str, held_back: HeldBack
) -> tuple[str, list[RemovedLink]]:
    """Replace every ``<a>`` that points at a held-back story by its text."""
    removed: list[RemovedLink] = []
    if not held_back:
        return html, removed

    def replace(match: re.Match[str]) -> str:
        href, slug = _anchor_target(match, page_url, src_uri, held_back)
        if slug is None:
            return match.group(0)
        removed.append(RemovedLink(href, slug))
        text = match.group("text")
        plain = html_lib.unescape(re.sub(r"<[^>]*>", "", text))
        if _names_the_story(plain, slug, held_back[slug]):
            text = UNAVAILABLE_TEXT
        return f'<span class="kairos-unavailable">{text}</span>'

    return _ANCHOR.sub(replace, html), removed


class HeldBackLinkExtension(Extension, Treeprocessor):  # type: ignore[misc]
    """Removes Markdown links to held-back stories before MkDocs resolves and validates links:
    a Markdown extension that is its own tree processor.

    MkDocs renders one page at a time: the plugin sets :attr:`page_url` and :attr:`src_uri`
    before each, and the links removed from a page go to ``report(src_uri, removed)``.
    """

    def __init__(
        self, held_back: HeldBack, report: Callable[[str, list[RemovedLink]], None]
    ) -> None:
        Extension.__init__(self)
        self.held_back, self.report = held_back, report
        self.page_url = self.src_uri = ""

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline links are made (priority 20), before MkDocs' "relpath" (0).
        self.md = md
        md.treeprocessors.register(self, "kairos_held_back_links", 2)

    def run(self, root: etree.Element) -> None:
        removed = []
        for element in root.iter("a") if self.held_back else ():
            href = element.get("href")
            slug = href and links_to_held_back(href, self.page_url, self.src_uri, self.held_back)
            if not slug:
                continue
            removed.append(RemovedLink(href or "", slug))
            element.tag = "span"
            element.attrib.clear()
            element.set("class", "kairos-unavailable")
            if _names_the_story("".join(element.itertext()), slug, self.held_back[slug]):
                for child in list(element):
                    element.remove(child)
                element.text = UNAVAILABLE_TEXT
        self.report(self.src_uri, removed)


def prune_nav_config(nav: Any, held_back: Collection[str]) -> tuple[Any, list[RemovedLink]]:
    """``nav:`` of mkdocs.yml without the entries that point at held-back stories.

    Done before MkDocs reads the nav, so that it does not warn that their pages are missing.
    """
    removed: list[RemovedLink] = []

    def prune(item: Any) -> Any:
        if isinstance(item, str):
            slug = links_to_held_back(item, "", "", held_back)
            if slug is None:
                return item
            removed.append(RemovedLink(item, slug))
            return None
        if isinstance(item, list):
            return [kept for child in item if (kept := prune(child)) is not None]
        if isinstance(item, dict):
            pruned = {
                key: kept for key, value in item.items() if (kept := prune(value)) not in (None, [])
            }
            return pruned or None
        return item

    return (None if nav is None else prune(nav) or []), removed


#: Why a link to a published story went (nav only): the navigation is on every page.
KEPT_OUT_OF_SEARCH = (
    "search engines may not index the story '{}' (no 'search-engines' in its consent scope), "
    "and the navigation is on every page"
)


def log_removed_links(
    where: str,
    removed: list[RemovedLink],
    why: str = "the story '{}' is not published on the build date",
) -> None:
    """Not a warning: any story can be held back on any night, and a storyteller may narrow
    the consent scope at any time; the build must go on."""
    for link in removed:
        log.info(f"{where}: removed the link to '{link.href}': {why.format(link.slug)}")
