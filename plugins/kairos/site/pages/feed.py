"""The Atom feed ``feed.xml``: published stories whose consent scope includes ``feed``.

Built here because only Kairos knows each story's scope, with the standard library's
ElementTree (feedgen and lxml added 6 MiB to every build for one small file). Entries, newest
first, hold the title, summary (never the text), link, date and storyteller's name as
consented. Dates come from the stories (or the build date), never the clock, so the same
stories give the same bytes. Links are absolute: without ``site_url`` the plugin skips the
feed and warns.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NotRequired, TypedDict, Unpack
from urllib.parse import urljoin
from xml.etree import ElementTree

from kairos.site.pages.catalogue import StoryEntry
from kairos.site.pages.site_urls import FEED_PATH, story_src, url_of

_ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot hold at all (C0 controls other than tab and line ends, lone
# surrogates, U+FFFE/U+FFFF); YAML can carry them in escaped strings.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _midnight_utc(date: dt.date) -> str:
    return dt.datetime.combine(date, dt.time(0), tzinfo=dt.UTC).isoformat()


def _add(
    parent: ElementTree.Element, tag: str, text: str = "", **attributes: str
) -> ElementTree.Element:
    """A child of ``parent`` with ``text`` (without what XML cannot hold) and ``attributes``."""
    child = ElementTree.SubElement(parent, tag, attributes)
    child.text = _NOT_XML.sub("", text) or None
    return child


class FeedSite(TypedDict):
    """The site's options that the feed reads (``directory_urls`` is true by default)."""

    site_url: str
    site_name: str
    site_description: str | None
    build_date: dt.date
    directory_urls: NotRequired[bool]


def feed_xml(entries: tuple[StoryEntry, ...], **site: Unpack[FeedSite]) -> bytes:
    """The Atom document for ``entries`` (already filtered to the feed scope, newest first)."""
    base = site["site_url"].removesuffix("/") + "/"
    feed = ElementTree.Element("feed", {"xmlns": _ATOM, "xml:lang": "en"})
    _add(feed, "id", base)
    _add(feed, "title", site["site_name"])
    newest = max((e.story.published for e in entries), default=site["build_date"])
    _add(feed, "updated", _midnight_utc(newest))
    _add(feed, "link", href=base, rel="alternate")
    _add(feed, "link", href=urljoin(base, FEED_PATH), rel="self")
    _add(feed, "generator", "Kairos")
    if site["site_description"]:
        _add(feed, "subtitle", site["site_description"])
    directory_urls = site.get("directory_urls", True)
    for entry in entries:
        story = entry.story
        link = urljoin(base, url_of(story_src(entry.slug), directory_urls=directory_urls))
        item = _add(feed, "entry")
        _add(item, "id", link)
        _add(item, "title", story.title)
        _add(item, "updated", _midnight_utc(story.published))
        _add(_add(item, "author"), "name", story.storyteller.name)
        _add(item, "link", href=link, rel="alternate")
        _add(item, "summary", story.summary)
        _add(item, "published", _midnight_utc(story.published))
    ElementTree.indent(feed)
    xml: bytes = ElementTree.tostring(feed, encoding="UTF-8", xml_declaration=True)
    return xml + b"\n"


class FeedMade:
    """The last feed made, for the editor's preview, which writes the feed on every save: it
    is made again only when what it shows (each entry's slug, title, date, storyteller and
    summary, all :func:`feed_xml` reads of it, and the site's options) changed, not when a
    story's text did. In memory only."""

    def __init__(self) -> None:
        self._last: tuple[tuple[object, ...], FeedSite, bytes] | None = None

    def xml(self, entries: tuple[StoryEntry, ...], **site: Unpack[FeedSite]) -> bytes:
        shown = tuple(
            (e.slug, e.story.title, e.story.published, e.story.storyteller.name, e.story.summary)
            for e in entries
        )
        if self._last is None or self._last[:2] != (shown, site):
            self._last = (shown, site, feed_xml(entries, **site))
        return self._last[2]
