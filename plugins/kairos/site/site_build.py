"""One build of the site: the anthology judged on the build date and everything made from it.

:func:`start_build` runs when MkDocs has read its configuration, before it cleans or writes
anything, so a strict build can still stop with nothing written. :func:`finish_build` runs
after every page is written: feed, sitemap filtering, teaching packs, the search index
(Pagefind, see :mod:`kairos.site.pages.search_index`) and, last, the audit, which covers them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kairos.core.anthology import Anthology, LoadedStories, load_anthology
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.core.outside_links import links_leaving
from kairos.core.problems import plural
from kairos.core.story_sources import StoriesFolderMissing
from kairos.pack.pack_document import PackSettings, pack_pdf
from kairos.safety.audit.site_scan import scan_site
from kairos.site.build_report import log, problem_lines
from kairos.site.config import KairosConfig
from kairos.site.pages.catalogue import Catalogue, build_catalogue
from kairos.site.pages.feed import FeedMade, feed_xml
from kairos.site.pages.home_page import HomeView, home_view
from kairos.site.pages.page_plan import StoryPagesPlanned, plan_site_pages
from kairos.site.pages.palette import PALETTE_STYLESHEET
from kairos.site.pages.search_index import (
    BUNDLE_DIR,
    COLLECTION_MARKS,
    SEARCH_SRC,
    PagefindFailed,
    SearchPageView,
    StoryMarks,
    build_search_index,
    search_page_view,
    story_marks,
)
from kairos.site.pages.site_identity import (
    DEFAULT_FAVICON,
    DEFAULT_LOGO,
    DEFAULT_SHARE_IMAGE,
    SiteIdentity,
    site_identity,
)
from kairos.site.pages.site_urls import FEED_PATH, collection_src, pack_path, story_src
from kairos.site.pages.sitemap_filter import drop_from_sitemap
from kairos.site.site_pages import READING_PAGE_HIDE, TEMPLATES_DIR, GeneratedPages

MAX_STORIES_PER_PAGE = 50

#: Kairos' own logo and icon, used when a project sets none (see site_identity).
IMAGES_DIR = Path(__file__).parent / "images"


@dataclass
class SiteSearch:
    """Pagefind search during one build (absent when the option ``search`` is ``none``)."""

    #: The generated search page (``search.md``, at ``search/``).
    file: File
    page: SearchPageView
    #: Filter values of each story page, by source path (``stories/<slug>.md``).
    marks: dict[str, StoryMarks]
    #: Source paths of the pages marked for the index: every page of ``marks``, and the
    #: hand-written pages (added while pages are built).
    indexed: set[str]


@dataclass
class SiteBuild:
    """What the plugin knows during one build."""

    anthology: Anthology
    stories_dir: Path
    catalogue: Catalogue
    pages: GeneratedPages
    home: HomeView
    #: Slug of every story that is not published (invalid ones included), with its title
    #: (None when the story is invalid).
    held_back: dict[str, str | None]
    #: Slug of every published story that search engines may not index.
    kept_out_of_search: frozenset[str]
    #: Site-relative URL of the feed, None when no feed is written.
    feed_url: str | None
    #: Who runs the site and where readers find support (the Jinja global ``kairos_site``).
    identity: SiteIdentity
    #: Canonical URLs of pages search engines may not index (filled while pages are built).
    noindex_urls: set[str] = field(default_factory=set)
    #: Source paths of hand-written pages that link to a story search engines may not index,
    #: so are not indexed either (filled while pages are built).
    noindex_pages: set[str] = field(default_factory=set)
    #: Site search, None when the option ``search`` is ``none``.
    search: SiteSearch | None = None
    #: The teaching packs written, as absolute paths (filled after the pages).
    packs: list[str] = field(default_factory=list)

    def keep_out_of_sitemap(self, page: Page) -> None:
        if page.canonical_url:
            self.noindex_urls.add(page.canonical_url)


def _check_options(options: KairosConfig) -> None:
    per_page, related = options.stories_per_page, options.related_stories
    if isinstance(per_page, bool) or not 1 <= per_page <= MAX_STORIES_PER_PAGE:
        raise PluginError(
            f"kairos: stories_per_page: found {per_page!r}; expected a whole number from 1 "
            f"to {MAX_STORIES_PER_PAGE}"
        )
    if isinstance(related, bool) or related < 0:
        raise PluginError(f"kairos: related_stories: found {related!r}; expected 0 or more")


def _identity(options: KairosConfig, config: MkDocsConfig) -> SiteIdentity:
    """Check the identity options (every problem at once); point the theme at the images."""
    folders = [Path(folder) for folder in (config.docs_dir, config.theme.custom_dir) if folder]
    identity, problems = site_identity(
        dict(options),
        site_name=config.site_name,
        image_exists=lambda path: any((folder / path).is_file() for folder in folders),
        theme_logo=config.theme.get("logo"),
        theme_favicon=config.theme.get("favicon"),
        stock_favicon="assets/images/favicon.png",
    )
    if identity is None:
        raise PluginError("\n".join(problems))
    if identity.logo:
        config.theme["logo"] = identity.logo
    if identity.favicon:
        config.theme["favicon"] = identity.favicon
    if PALETTE_STYLESHEET not in config.extra_css:
        config.extra_css.append(PALETTE_STYLESHEET)
    return identity


def add_identity_files(identity: SiteIdentity, files: Files, config: MkDocsConfig) -> None:
    """Add the palette's stylesheet, and Kairos' own logo and icon when the project uses them."""
    for used, name in (
        (identity.logo, DEFAULT_LOGO),
        (identity.favicon, DEFAULT_FAVICON),
        (identity.share_image, DEFAULT_SHARE_IMAGE),
    ):
        if used == name and files.get_file_from_path(name) is None:
            source = IMAGES_DIR / PurePosixPath(name).name
            files.append(File.generated(config, name, abs_src_path=str(source)))
    files.append(File.generated(config, PALETTE_STYLESHEET, content=identity.palette.stylesheet))


def _refuse_links_leaving(options: KairosConfig, config: MkDocsConfig, root: Path) -> None:
    """MkDocs follows symbolic links in docs/ and would publish what they point at."""
    docs = Path(config.docs_dir)
    shown = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
    problems = links_leaving(docs, root, shown)
    problems += links_leaving(root / options.stories_dir, root, options.stories_dir.rstrip("/"))
    if problems:
        raise PluginError(
            "symbolic links lead out of the project folder; nothing was built:\n"
            + "\n".join(str(problem) for problem in problems)
        )


#: Where Kairos 0.1 kept its build cache, relative to the folder holding mkdocs.yml: an
#: SQLite database holding the words of the stories the last build held back.
OLD_CACHE_DIR = Path(".cache") / "kairos"


def _remove_old_cache(root: Path) -> list[str]:
    """Kairos keeps no cache now, so nothing else would delete the old one: delete its database
    files while the folder still carries the marks only that cache wrote (its ``CACHEDIR.TAG``
    and ``.gitignore``), and nothing else of the folder; return the paths deleted."""
    folder = root / OLD_CACHE_DIR
    if not (folder / "CACHEDIR.TAG").is_file():
        return []
    removed = []
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = folder / f"cache.sqlite{suffix}"
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append((OLD_CACHE_DIR / path.name).as_posix())
    if removed and all(entry.name in ("CACHEDIR.TAG", ".gitignore") for entry in folder.iterdir()):
        shutil.rmtree(folder)
    return removed


def start_build(
    options: KairosConfig,
    config: MkDocsConfig,
    loaded_before: LoadedStories | None = None,
    planned_before: StoryPagesPlanned | None = None,
) -> SiteBuild:
    """Load and judge every story; plan the pages; log warnings, then notes (INFO).
    ``loaded_before`` and ``planned_before``: the preview's stories loaded, and story pages
    planned, by an earlier rebuild. A strict build fails on any problem in the stories or the
    vocabulary, unless the option ``invalid_stories`` is ``hold-back``."""
    _check_options(options)
    # The folder holding mkdocs.yml: no file outside it may be published.
    root = (
        Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    ).resolve()
    _refuse_links_leaving(options, config, root)
    identity = _identity(options, config)
    stories_dir = (root / options.stories_dir).resolve()
    explicit = options.build_date
    try:
        if isinstance(explicit, dt.datetime) or not isinstance(explicit, str | dt.date | None):
            raise BuildDateError(f"build_date: found {explicit!r}; expected YYYY-MM-DD")
        build_date = resolve_build_date(explicit, os.environ)
        anthology = load_anthology(
            stories_dir,
            build_date,
            display_dir=options.stories_dir,
            root=root,
            loaded_before=loaded_before,
        )
    except (BuildDateError, StoriesFolderMissing) as error:
        raise PluginError(f"kairos: {error}") from None
    notes: list[str] = [
        f"deleted {path}: the build cache of an earlier Kairos version, which could hold "
        "the words of a held-back story"
        for path in _remove_old_cache(root)
    ]
    if options.invalid_stories == "hold-back":
        anthology = anthology.holding_back_stories_with_problems()
        notes += [f"held back: {line}" for line in problem_lines(anthology)]
    elif config.strict and (lines := problem_lines(anthology)):
        raise PluginError(
            f"{plural(len(lines), 'problem')} in the stories folder; nothing was built. Fix them "
            "(run 'make check' to see them again, with any value masked here):\n" + "\n".join(lines)
        )
    elif not config.strict:
        for line in problem_lines(anthology):
            log.warning(line)
    if unfinished := identity.privacy.unfinished:  # the sample's placeholders: never a failure
        notes.append(
            f"{', '.join(f'privacy.{name}' for name in unfinished)} unset or still a "
            "placeholder; write the organisation's own wording (kairos check lists each)"
        )

    # mkdocs serve rebuilds when a story changes.
    if stories_dir not in {Path(item).resolve() for item in config.watch}:
        config.watch.append(str(stories_dir))
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
            planned_before=planned_before,
        )
    )
    feed_url = FEED_PATH if options.feed and config.site_url else None
    if options.feed and not config.site_url:
        log.warning(
            "feed: site_url is not set in mkdocs.yml, so feed.xml was not written (a feed "
            "needs absolute links); set site_url, or set 'feed: false' for the kairos plugin"
        )
    search = None
    if options.search == "pagefind":
        marks = {story_src(entry.slug): story_marks(entry) for entry in catalogue.stories}
        marks |= {collection_src(c.slug): COLLECTION_MARKS for c in catalogue.collections}
        page = search_page_view(directory_urls=directory_urls)
        meta = {
            "title": page.title,
            "description": "Search the stories by words, theme, level and storyteller.",
            "template": "kairos/search.html",
            # mkdocs-material: no sidebars, so filters and results have the width.
            "hide": list(READING_PAGE_HIDE),
        }
        content = f"---\n{json.dumps(meta)}\n---\n"
        search = SiteSearch(
            File.generated(
                config, SEARCH_SRC, content=content, inclusion=InclusionLevel.NOT_IN_NAV
            ),
            page,
            marks,
            indexed=set(marks),
        )
        if any(name in config.plugins for name in ("search", "material/search")):
            log.warning(
                "search: mkdocs-material's search plugin is on as well as Pagefind; remove "
                "'- search' from the plugins in mkdocs.yml, or set 'search: none' for the "
                "kairos plugin"
            )
    build = SiteBuild(
        anthology=anthology,
        stories_dir=stories_dir,
        catalogue=catalogue,
        pages=pages,
        home=home_view(catalogue, directory_urls=directory_urls),
        held_back={
            judged.slug: judged.story.title if judged.story else None
            for judged in anthology.held_back
        },
        kept_out_of_search=frozenset(entry.slug for entry in catalogue.stories if entry.noindex),
        feed_url=feed_url,
        identity=identity,
        search=search,
    )
    for note in notes:
        log.info(note)
    return build


def add_search_page(search: SiteSearch, files: Files, config: MkDocsConfig) -> None:
    """Add the search page; refuse files in docs/ that take its place."""
    taken = [
        file.src_uri
        for file in files
        if file.dest_uri == search.file.dest_uri or file.dest_uri.startswith(f"{BUNDLE_DIR}/")
    ]
    if taken:
        raise PluginError(
            "these files in docs/ have the address of the search page or of the search index "
            f"({BUNDLE_DIR}/) that Kairos writes; move or rename them, or set 'search: none' "
            "for the kairos plugin: " + ", ".join(f"{config.docs_dir}/{uri}" for uri in taken)
        )
    files.append(search.file)


def finish_build(
    build: SiteBuild,
    options: KairosConfig,
    config: MkDocsConfig,
    index_and_audit: bool = True,
    feed_before: FeedMade | None = None,
) -> None:
    """Write the feed, filter the sitemaps, index for search, then audit every output file.
    ``index_and_audit`` false (a preview rebuild in which no story was published or held back
    since the previous one) leaves the previous search index and skips the audit;
    ``feed_before``: the feed made by the preview's earlier rebuilds."""
    site_dir = Path(config.site_dir)
    if build.feed_url and config.site_url:
        xml = (feed_before.xml if feed_before is not None else feed_xml)(
            build.catalogue.in_feed(),
            site_url=config.site_url,
            site_name=config.site_name,
            site_description=config.site_description,
            build_date=build.anthology.build_date,
            directory_urls=config.use_directory_urls,
        )
        (site_dir / FEED_PATH).write_bytes(xml)
    drop_from_sitemap(site_dir, build.noindex_urls)
    # Each teaching collection's public pack (only its published stories that allow teaching),
    # written before the audit reads the site: a pack printing a held-back story fails the build.
    language = config.theme.get("language")
    settings = PackSettings(
        site_name=config.site_name,
        organisation=build.identity.organisation,
        support=build.identity.support,
        support_url=build.identity.support_url,
        build_date=build.anthology.build_date,
        site_url=config.site_url or None,
        language=language if language and isinstance(language, str) else "en",
    )
    for collection in build.catalogue.collections:
        target = site_dir / pack_path(collection.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pack_pdf(collection, build.anthology.vocabulary, settings))
        build.packs.append(str(target))
    if not index_and_audit:
        return
    if build.search is not None:
        expected = len(build.search.indexed)
        try:
            indexed = build_search_index(site_dir, expected_pages=expected)
        except PagefindFailed as error:
            raise PluginError(f"kairos: search: {error}") from None
        for line in indexed.warnings:
            log.warning(f"search: Pagefind: {line}")
        if indexed.pages != expected:
            log.warning(
                f"search: Pagefind indexed {indexed.pages} pages, but {expected} were marked "
                "for it (data-pagefind-body); check the templates"
            )
        pages = plural(indexed.pages, "page")
        log.info(f"search: Pagefind indexed {pages} in {indexed.seconds:.1f} s")
    if options.audit:
        result = scan_site(
            site_dir,
            build.anthology,
            stories_dir=build.stories_dir,
            docs_dir=Path(config.docs_dir),
        )
        if not result.clean:
            what = (
                "mentions stories that are not published"
                if not result.unreadable
                else "has files the audit cannot read, or mentions held-back stories"
            )
            raise PluginError(
                f"the built site {what}; do not publish it:\n"
                + "\n".join(result.lines(config.site_dir))
            )
