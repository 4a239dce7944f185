"""The Atom feed ``feed.xml``: published stories whose consent scope includes ``feed``.

Built with feedgen rather than mkdocs-rss-plugin because only Kairos knows each story's scope.
Entries carry the title, summary (never the full text), link, publication date and the
storyteller's name as consented; newest first. Every date comes from the stories (or the build
date when the feed is empty), never from the clock, so the same stories give the same bytes.
The feed needs absolute links, hence ``site_url``; without it the plugin skips the feed and
warns (see :mod:`kairos.site.plugin`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from kairos.site.catalogue import StoryEntry
from kairos.site.site_urls import FEED_PATH, story_src, url_of

__all__ = ["feed_xml", "write_feed"]


# Characters XML 1.0 cannot hold at all (C0 controls other than tab and line ends, lone
# surrogates, U+FFFE/U+FFFF); YAML can carry them in escaped strings.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _midnight_utc(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(0), tzinfo=dt.UTC)


def feed_xml(
    entries: tuple[StoryEntry, ...],
    *,
    site_url: str,
    site_name: str,
    site_description: str | None,
    build_date: dt.date,
    directory_urls: bool = True,
) -> bytes:
    """The Atom document for ``entries`` (already filtered to the feed scope, newest first)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    generator = FeedGenerator()
    generator.id(base)
    generator.title(_xml_text(site_name))
    if site_description:
        generator.subtitle(_xml_text(site_description))
    generator.link(href=base, rel="alternate")
    generator.link(href=urljoin(base, FEED_PATH), rel="self")
    generator.language("en")
    generator.generator("Kairos")
    newest = max((e.story.published for e in entries), default=build_date)
    generator.updated(_midnight_utc(newest))
    for entry in entries:
        story = entry.story
        link = urljoin(base, url_of(story_src(entry.slug), directory_urls=directory_urls))
        item = generator.add_entry(order="append")
        item.id(link)
        item.title(_xml_text(story.title))
        item.summary(_xml_text(story.summary))
        item.link(href=link, rel="alternate")
        item.author(name=_xml_text(story.storyteller.name))
        item.published(_midnight_utc(story.published))
        item.updated(_midnight_utc(story.published))
    xml: bytes = generator.atom_str(pretty=True)
    return xml


def write_feed(site_dir: Path, xml: bytes) -> Path:
    path = site_dir / FEED_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xml)
    return path
