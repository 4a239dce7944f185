"""Links to held-back stories in hand-written pages, story texts and the navigation.

A story that is not published has no page, so a link to it would be broken, and worse, its
address (the slug) would tell readers the story exists. MkDocs only notes such links at INFO
level (or not at all for absolute URLs), so the plugin removes them and warns instead: the link
becomes plain text, and if that text itself holds the slug it is replaced by a neutral phrase.

A link counts as pointing at story ``slug`` when its path, read relative to the page's URL or
relative to its source file (MkDocs leaves unresolved ``.md`` links as written), or taken as it
stands for absolute URLs, ends in ``stories/<slug>``, ``stories/<slug>/``,
``stories/<slug>.md``, ``stories/<slug>.html`` or ``stories/<slug>/index.html``.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mkdocs.structure.nav import Link, Navigation, Section

__all__ = [
    "UNAVAILABLE_TEXT",
    "RemovedLink",
    "links_to_held_back",
    "prune_nav",
    "remove_held_back_links",
]

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


def _candidate_paths(href: str, page_url: str, src_uri: str) -> Iterable[str]:
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return
    if parts.scheme or parts.netloc or path.startswith("/"):
        yield path
        return
    page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    for base in (page_dir, posixpath.dirname(src_uri)):
        yield posixpath.normpath(posixpath.join("" if base in ("./", ".") else base, path))
    yield path


def links_to_held_back(
    href: str, page_url: str, src_uri: str, held_back: Collection[str]
) -> str | None:
    """The held-back slug ``href`` points at, or None."""
    for path in _candidate_paths(href, page_url, src_uri):
        match = _STORY_PATH.search(path)
        if match and match.group("slug") in held_back:
            return match.group("slug")
    return None


def remove_held_back_links(
    html: str, *, page_url: str, src_uri: str, held_back: Collection[str]
) -> tuple[str, list[RemovedLink]]:
    """Replace every ``<a>`` that points at a held-back story by its text."""
    removed: list[RemovedLink] = []
    if not held_back:
        return html, removed

    def replace(match: re.Match[str]) -> str:
        href_match = _HREF.search(match.group("attrs"))
        if not href_match:
            return match.group(0)
        href = html_lib.unescape(next(g for g in href_match.groups() if g is not None))
        slug = links_to_held_back(href, page_url, src_uri, held_back)
        if slug is None:
            return match.group(0)
        removed.append(RemovedLink(href, slug))
        text = match.group("text")
        if slug in html_lib.unescape(text):
            text = UNAVAILABLE_TEXT
        return f'<span class="kairos-unavailable">{text}</span>'

    return _ANCHOR.sub(replace, html), removed


def prune_nav(nav: Navigation, held_back: Collection[str]) -> list[RemovedLink]:
    """Drop navigation links (``nav:`` entries in mkdocs.yml) that point at held-back stories."""
    removed: list[RemovedLink] = []

    def keep(item: object) -> bool:
        if isinstance(item, Section):
            item.children = [child for child in item.children if keep(child)]
            return True
        if isinstance(item, Link):
            slug = links_to_held_back(item.url, "", "", held_back)
            if slug is not None:
                removed.append(RemovedLink(item.url, slug))
                return False
        return True

    nav.items = [item for item in nav.items if keep(item)]
    return removed
