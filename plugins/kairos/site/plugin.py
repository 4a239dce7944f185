"""The ``kairos`` MkDocs plugin: short hooks that hand the work to the modules named in each.

Stories are read from ``stories_dir`` (beside ``docs/``) and judged by the publishing rule on
the build date; only published stories become pages. See :mod:`kairos.site.site_build` for what
happens when, :mod:`kairos.site.pages.site_urls` for the URL map,
:mod:`kairos.site.pages.home_page` for the placeholders a hand-written page can use, and
:mod:`kairos.site.pages.search_index` for site search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kairos.site.build_report import log, summary_line
from kairos.site.config import KairosConfig
from kairos.site.held_back_links import (
    KEPT_OUT_OF_SEARCH,
    HeldBackLinkExtension,
    log_removed_links,
    prune_nav_config,
)
from kairos.site.page_content import page_content
from kairos.site.preview_rebuilds import PreviewRebuilds
from kairos.site.published_images import (
    add_story_media,
    clean_published_images,
    remove_held_back_docs_media,
)
from kairos.site.site_build import (
    SiteBuild,
    add_identity_files,
    add_search_page,
    finish_build,
    start_build,
)
from kairos.site.site_pages import READING_PAGE_HIDE

DIRTY_REFUSED = (
    "kairos: --dirty is refused: a dirty build keeps the pages and search entries of stories "
    "deleted or held back since the last build, so its site must never be published; build "
    "without --dirty (only the preview, mkdocs serve --dirty, rebuilds what a save changed)"
)


#: Added to a hand-written page that links to a story search engines may not index.
ROBOTS_NOINDEX = '<meta name="robots" content="noindex">'

#: Hand-written pages the footer links to when they exist (overrides/partials/footer.html).
FOOTER_PAGES = {
    "sharing": "sharing-your-story.md",
    "privacy": "consent-and-privacy.md",
    "accessibility": "accessibility.md",
    "about": "about.md",
}


class KairosPlugin(BasePlugin[KairosConfig]):  # type: ignore[no-untyped-call]
    """Publish the stories of ``stories_dir`` that may be published on the build date."""

    def __init__(self) -> None:
        #: This build's stories and pages once ``on_config`` has judged them (else None).
        self.started: SiteBuild | None = None
        #: What the editor's preview (``mkdocs serve --dirty``) remembers between rebuilds.
        self.preview: PreviewRebuilds | None = None
        self._links = HeldBackLinkExtension({}, log_removed_links)
        self._dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``mkdocs serve --dirty`` is the editor's preview, which rebuilds only what a save
        changed (preview_rebuilds; MkDocs keeps this plugin, and so the preview, from one
        rebuild to the next); any other dirty build is refused in on_config."""
        self._dirty = dirty
        self.preview = PreviewRebuilds() if dirty and command == "serve" else None

    @property
    def site(self) -> SiteBuild:
        if self.started is None:
            raise PluginError("kairos: the plugin was used before MkDocs read its configuration")
        return self.started

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Judge every story (site_build.start_build); a strict build stops here on problems.
        A ``--dirty`` build other than the preview's is refused (DIRTY_REFUSED says why)."""
        if self._dirty and self.preview is None:
            raise PluginError(DIRTY_REFUSED)
        preview = self.preview
        self.started = site = start_build(
            self.config,
            config,
            preview.stories if preview is not None else None,
            preview.story_pages if preview is not None else None,
        )
        # Links to held-back stories go before MkDocs validates links and the nav (held_back_links).
        config.nav, removed = prune_nav_config(config.nav, site.held_back)
        log_removed_links("nav", removed)
        # The navigation is on every page: no story search engines may not index goes in it.
        config.nav, removed = prune_nav_config(config.nav, site.kept_out_of_search)
        log_removed_links("nav", removed, KEPT_OUT_OF_SEARCH)
        self._links.held_back = site.held_back
        config.markdown_extensions = [
            *(e for e in config.markdown_extensions if not isinstance(e, HeldBackLinkExtension)),
            self._links,
        ]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, photos, images and search page (each module says what). A
        site folder that still holds an earlier build's pages is refused, except by the
        preview, which keeps the generated pages whose inputs did not change."""
        if self.preview is None:
            _refuse_leftovers(config)
        else:
            self.preview.start(config, files, self.site)
        self.site.pages.add_files(files, config, self.preview.keeps if self.preview else None)
        add_story_media(self.site.catalogue, files, config)
        remove_held_back_docs_media(self.site.anthology, files)
        add_identity_files(self.site.identity, files, config)
        clean_published_images(files)
        if self.site.search is not None:
            add_search_page(self.site.search, files, config)
        return files

    @event_priority(-100)  # last: the environment every other plugin has set up
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Every template, the 404 page's included, can show who runs the site (footer) and the
        search box (a reader who followed an old link to a story can look for it). In the
        preview, the pages kept from the previous build are noted as if built (for the sitemap)
        and what that build wrote and this one will not is deleted before any page is written."""
        env.globals["kairos_site"] = self.site.identity
        env.globals["kairos_footer_links"] = {
            role: file.url
            for role, src_uri in FOOTER_PAGES.items()
            if (file := files.get_file_from_path(src_uri)) is not None
        }
        env.globals["kairos_search_url"] = self.site.search.file.url if self.site.search else None
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
            for page, site_page in self.site.pages.kept_pages():
                if site_page.view.noindex:
                    self.site.keep_out_of_sitemap(page)
            removed = self.preview.remove_stale({file.abs_dest_path for file in files})
            if removed:
                log.info(f"preview: deleted {len(removed)} files the previous build wrote")
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give generated pages their title, description and template (site_pages). A
        hand-written page (about, sharing your story, ...) is read, not consulted: no sidebars
        or table of contents, unless its front-matter sets ``hide`` itself."""
        site_page = self.site.pages.site_page(page)
        if site_page is not None:
            self.site.pages.set_meta(page, site_page)
            # Read into page.markdown: the build keeps one copy of every story's text fewer.
            page.file.content_string = ""
        else:
            page.meta.setdefault("hide", list(READING_PAGE_HIDE))
        self._links.page_url, self._links.src_uri = page.url, page.file.src_uri
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Sanitize a story's text, fill a hand-written page's placeholders, drop links to
        held-back stories (page_content)."""
        return page_content(html, page, config, self.site)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Hand generated pages their view as ``kairos``; mark pages search engines may not
        index (``kairos_noindex``) and keep them (and the search page) out of sitemaps; mark
        pages for Pagefind (search_index): ``kairos_search_marks``, a story's filter values,
        ``kairos_search_body``, a hand-written page to index, ``kairos_search_page``, the
        search page's view."""
        site, search, src_uri = self.site, self.site.search, page.file.src_uri
        variables = cast("dict[str, Any]", context)
        variables["kairos_feed_url"] = site.feed_url
        site_page = site.pages.site_page(page)
        noindex = site_page.view.noindex if site_page is not None else src_uri in site.noindex_pages
        variables["kairos_noindex"] = noindex
        if site_page is not None:
            variables["kairos"] = site_page.view
        if noindex or (search is not None and page.file is search.file):
            site.keep_out_of_sitemap(page)
        if search is None:
            return context
        if page.file is search.file:
            variables["kairos_search_page"] = search.page
        elif site_page is not None:
            variables["kairos_search_marks"] = search.marks.get(src_uri)
        elif not page.is_homepage and not _excluded_from_search(page):
            variables["kairos_search_body"] = True
            search.indexed.add(src_uri)
        return context

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Mark a hand-written page that links to a story search engines may not index (its
        theme template is the project's)."""
        if page.file.src_uri in self.site.noindex_pages and ROBOTS_NOINDEX not in output:
            output = output.replace("</head>", f"  {ROBOTS_NOINDEX}\n</head>", 1)
        return output

    @event_priority(-100)  # last: after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Feed, sitemap filter, search index and audit (site_build.finish_build; the preview
        may leave the index and audit as they were), then the summary line."""
        site, preview = self.site, self.preview
        index_and_audit = preview is None or preview.must_index_and_audit()
        finish_build(site, self.config, config, index_and_audit, preview.feed if preview else None)
        if preview is not None:
            preview.succeeded(site.packs)
            if not index_and_audit:
                log.info(
                    "preview: no story published or held back since the last rebuild: "
                    "search index and audit left as they were"
                )
        log.info(summary_line(site.anthology.summary()))

    def on_build_error(self, *, error: Exception) -> None:
        """A preview rebuild that fails empties the site: no page from before it stays."""
        if self.preview is not None:
            self.preview.failed()
            log.warning("preview: the rebuild failed, so the preview site was emptied")


def _refuse_leftovers(config: MkDocsConfig) -> None:
    """MkDocs empties ``site_dir`` (all but hidden entries) before ``on_files`` unless the
    build is dirty: ``build(config, dirty=True)`` called from Python, which ``on_startup``
    does not see."""
    site_dir = Path(config.site_dir)
    if site_dir.is_dir() and any(not entry.name.startswith(".") for entry in site_dir.iterdir()):
        raise PluginError(
            f"kairos: '{config.site_dir}' still holds files of an earlier build, so this is a "
            "dirty build (build(config, dirty=True) or --dirty); it would keep the pages of "
            "stories deleted or held back since, so it is refused: build without dirty"
        )


def _excluded_from_search(page: Page) -> bool:
    """``search: {exclude: true}`` in a page's front-matter, as mkdocs-material reads it."""
    option = page.meta.get("search")
    return isinstance(option, dict) and option.get("exclude") is True
