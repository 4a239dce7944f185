"""The URL map: where each generated page lives.

Every generated page is a virtual Markdown file whose source path (``src_uri``) MkDocs turns
into a URL as for a file in ``docs/``: ``stories/<slug>.md`` becomes ``stories/<slug>/``, a
list's page *n* (n >= 2) is ``<list>/page/<n>.md``, and each section's index is
``<section>/index.md`` (the URLs: README.md). Hand-written pages link to these source paths.
"""

from __future__ import annotations

import posixpath
from typing import Literal, get_args

Section = Literal["stories", "themes", "levels", "roles", "teaching"]

FEED_PATH = "feed.xml"


def story_src(slug: str) -> str:
    return f"stories/{slug}.md"


def collection_src(slug: str) -> str:
    """A teaching collection's page (the teaching index is ``section_index_src``)."""
    return f"teaching/{slug}.md"


def pack_path(slug: str) -> str:
    """A teaching collection's pack, written beside its page by ``site_build.finish_build``."""
    return f"teaching/{slug}/{slug}.pdf"


def section_index_src(section: Section) -> str:
    return f"{section}/index.md"


def listing_src(section: Section, key: str | None, page: int) -> str:
    """Page ``page`` (1-based) of a list of stories: all stories (``key`` None) or one term."""
    base = section if key is None else f"{section}/{key}"
    if page == 1:
        return f"{base}/index.md" if key is None else f"{base}.md"
    return f"{base}/page/{page}.md"


def url_of(src_uri: str, *, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a page with this source path (``stories/x/``)."""
    stem = src_uri.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if not directory_urls:
        return f"{stem}.html"
    if name == "index":
        return f"{folder}/" if folder else "./"
    return f"{stem}/"


def section_indexes(*, directory_urls: bool = True) -> dict[Section, str]:
    """The URL of each section's index page (all stories, the themes, levels, ...)."""
    return {
        s: url_of(section_index_src(s), directory_urls=directory_urls) for s in get_args(Section)
    }
