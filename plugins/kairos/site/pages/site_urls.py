"""The URL map: where each generated page lives.

Every generated page is a virtual Markdown file with a source path (``src_uri``) that MkDocs
turns into a URL exactly as it would for a file in ``docs/``. With ``use_directory_urls`` (the
default):

=================================  ==============================  ===========================
page                               source path                     URL
=================================  ==============================  ===========================
all stories, newest first          ``stories/index.md``            ``stories/``
all stories, page *n* (n >= 2)     ``stories/page/<n>.md``         ``stories/page/<n>/``
one story                          ``stories/<slug>.md``           ``stories/<slug>/``
index of themes                    ``themes/index.md``             ``themes/``
one theme                          ``themes/<key>.md``             ``themes/<key>/``
one theme, page *n*                ``themes/<key>/page/<n>.md``    ``themes/<key>/page/<n>/``
index of levels, one level         ``levels/index.md``, ...        ``levels/``, ``levels/<key>/``
index of roles, one role           ``roles/index.md``, ...         ``roles/``, ``roles/<key>/``
teaching index, one collection     ``teaching/index.md``, ...      ``teaching/``, ``.../<slug>/``
a collection's pack (not a page)   --                              ``teaching/<slug>/<slug>.pdf``
Atom feed (not a page)             --                              ``feed.xml``
=================================  ==============================  ===========================

A hand-written page links to a story as ``stories/<slug>.md`` (MkDocs resolves it) and to the
indexes as ``stories/index.md``, ``themes/index.md``, ``levels/index.md``, ``roles/index.md``.
"""

from __future__ import annotations

import posixpath
from typing import Literal

Section = Literal["stories", "themes", "levels", "roles", "teaching"]

FEED_PATH = "feed.xml"


def story_src(slug: str) -> str:
    return f"stories/{slug}.md"


def collection_src(slug: str) -> str:
    """A teaching collection's page (the teaching index is ``section_index_src``)."""
    return f"teaching/{slug}.md"


def pack_path(slug: str) -> str:
    """A teaching collection's pack, written beside its page by :mod:`.teaching_packs`."""
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
