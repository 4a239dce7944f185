"""One build of the site: the anthology judged on the build date and everything made from it.

:func:`start_build` runs when MkDocs has read its configuration, before it cleans or writes
anything, so a strict build can still stop with nothing written. :func:`finish_build` runs
after every page is written: feed, sitemap filtering and the audit.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .anthology import Anthology, StoriesFolderMissing, load_anthology
from .build_date import BuildDateError, resolve_build_date
from .build_report import problem_lines, strict_failure
from .catalogue import Catalogue, build_catalogue
from .config import KairosConfig
from .feed import feed_xml, write_feed
from .home_page import HomeView, home_view
from .page_views import plan_site_pages
from .site_audit import audit_site
from .site_pages import TEMPLATES_DIR, GeneratedPages
from .site_urls import FEED_PATH
from .sitemap_filter import drop_from_sitemap

__all__ = ["MAX_STORIES_PER_PAGE", "SiteBuild", "finish_build", "start_build"]

MAX_STORIES_PER_PAGE = 50


@dataclass
class SiteBuild:
    """What the plugin knows during one build."""

    anthology: Anthology
    stories_dir: Path
    catalogue: Catalogue
    pages: GeneratedPages
    home: HomeView
    #: Slugs of every story that is not published (invalid ones included).
    held_back: frozenset[str]
    #: Site-relative URL of the feed, None when no feed is written.
    feed_url: str | None
    #: Canonical URLs of pages search engines may not index (filled while pages are built).
    noindex_urls: set[str] = field(default_factory=set)


def _check_options(options: KairosConfig) -> None:
    per_page, related = options.stories_per_page, options.related_stories
    if isinstance(per_page, bool) or not 1 <= per_page <= MAX_STORIES_PER_PAGE:
        raise PluginError(
            f"kairos: stories_per_page: found {per_page!r}; expected a whole number from 1 "
            f"to {MAX_STORIES_PER_PAGE}"
        )
    if isinstance(related, bool) or related < 0:
        raise PluginError(f"kairos: related_stories: found {related!r}; expected 0 or more")


def _stories_dir(options: KairosConfig, config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return (base / options.stories_dir).resolve()


def _watch(config: MkDocsConfig, folder: Path) -> None:
    """Make ``mkdocs serve`` rebuild when a story changes."""
    watched = {Path(item).resolve() for item in config.watch}
    if folder not in watched:
        config.watch.append(str(folder))


def start_build(options: KairosConfig, config: MkDocsConfig) -> tuple[SiteBuild, list[str]]:
    """Load and judge every story; plan the pages. Return the build and warnings to log.

    Raises :class:`PluginError` for a missing stories folder, a bad build date or options,
    and, in a strict build, for any problem in the stories or the vocabulary.
    """
    _check_options(options)
    stories_dir = _stories_dir(options, config)
    explicit = options.build_date
    try:
        if isinstance(explicit, dt.datetime) or not isinstance(explicit, str | dt.date | None):
            raise BuildDateError(f"build_date: found {explicit!r}; expected YYYY-MM-DD")
        build_date = resolve_build_date(explicit, os.environ)
        anthology = load_anthology(stories_dir, build_date, display_dir=options.stories_dir)
    except (BuildDateError, StoriesFolderMissing) as error:
        raise PluginError(f"kairos: {error}") from None
    if config.strict and (failure := strict_failure(anthology)):
        raise PluginError(failure)
    warnings = [] if config.strict else problem_lines(anthology)

    _watch(config, stories_dir)
    if str(TEMPLATES_DIR) not in config.theme.dirs:
        config.theme.dirs.append(str(TEMPLATES_DIR))

    directory_urls = config.use_directory_urls
    catalogue = build_catalogue(anthology)
    pages = GeneratedPages(
        plan_site_pages(
            catalogue,
            stories_per_page=options.stories_per_page,
            related_stories_count=options.related_stories,
            directory_urls=directory_urls,
        )
    )
    feed_url = None
    if options.feed and config.site_url:
        feed_url = FEED_PATH
    elif options.feed:
        warnings.append(
            "feed: site_url is not set in mkdocs.yml, so feed.xml was not written (a feed "
            "needs absolute links); set site_url, or set 'feed: false' for the kairos plugin"
        )
    build = SiteBuild(
        anthology=anthology,
        stories_dir=stories_dir,
        catalogue=catalogue,
        pages=pages,
        home=home_view(catalogue, directory_urls=directory_urls),
        held_back=frozenset(story.slug for story in anthology.held_back),
        feed_url=feed_url,
    )
    return build, warnings


def finish_build(build: SiteBuild, options: KairosConfig, config: MkDocsConfig) -> None:
    """Write the feed, filter the sitemaps, then audit every output file.

    Raises :class:`PluginError` when the audit finds any story that is not published.
    """
    site_dir = Path(config.site_dir)
    if build.feed_url and config.site_url:
        xml = feed_xml(
            build.catalogue.in_feed(),
            site_url=config.site_url,
            site_name=config.site_name,
            site_description=config.site_description,
            build_date=build.anthology.build_date,
            directory_urls=config.use_directory_urls,
        )
        write_feed(site_dir, xml)
    drop_from_sitemap(site_dir, build.noindex_urls)
    if options.audit:
        findings = audit_site(site_dir, build.anthology, stories_dir=build.stories_dir)
        if findings:
            raise PluginError(
                "the built site mentions stories that are not published; do not publish it:\n"
                + "\n".join(finding.line(config.site_dir) for finding in findings)
            )
