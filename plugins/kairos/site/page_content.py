"""A page's HTML once Markdown is done with it (the plugin's ``on_page_content``).

A generated page's story text (or a collection's facilitator notes) is sanitized against the
prose allow-list; a hand-written page's ``<!-- kairos:name -->`` placeholders are filled
(:mod:`kairos.site.pages.home_page`); on every page, links to stories that are not published
are removed (:mod:`kairos.site.held_back_links`), and a hand-written page that links to a story
search engines may not index is marked noindex.
"""

from __future__ import annotations

import re

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from kairos.safety.story_html import sanitize_story_html
from kairos.site.build_report import log
from kairos.site.held_back_links import log_removed_links, remove_held_back_links, stories_linked
from kairos.site.pages.home_page import fill_placeholders
from kairos.site.pages.page_views import CollectionView, StoryView
from kairos.site.site_build import SiteBuild

#: The toc extension's "¶" link after a heading.
PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="[^"]*">[^<]*</a>')


def page_content(html: str, page: Page, config: MkDocsConfig, site: SiteBuild) -> str:
    """The HTML MkDocs puts in the page's template."""
    src_uri = page.file.src_uri
    site_page = site.pages.site_page(page)
    if site_page is not None:
        # A story's text (or a collection's facilitator notes): the prose allow-list only.
        if isinstance(site_page.view, StoryView | CollectionView):
            html = sanitize_story_html(html)
        if isinstance(site_page.view, StoryView):
            # Headings in a story's text would give the page mkdocs-material's own
            # "skip to content" link, which jumps past the content notes to the first
            # heading; our template's skip link leads to the notes first.
            page.toc = get_toc([])
    else:
        html = _placeholders_filled(html, page, config, site)
    hide = page.meta.get("hide")
    if isinstance(hide, list) and "toc" in hide:
        # A page without a table of contents is read from the top, not linked into: the toc
        # extension's "¶" heading links would only be Tab stops before the first story.
        html = PERMALINK.sub("", html)
    html, removed = remove_held_back_links(
        html, page_url=page.url, src_uri=src_uri, held_back=site.held_back
    )
    log_removed_links(src_uri, removed)
    # A hand-written page linking to a story that search engines may not index shows its
    # address (and often its title): search engines may not index that page either.
    linked = site_page is None and stories_linked(
        html, page_url=page.url, src_uri=src_uri, slugs=site.kept_out_of_search
    )
    if linked:
        site.noindex_pages.add(src_uri)
        log.info(
            f"{src_uri}: links to {', '.join(repr(slug) for slug in linked)}, which "
            "search engines may not index (no 'search-engines' in its consent scope), so "
            "this page is marked noindex and left out of sitemap.xml too"
        )
    return html


def _placeholders_filled(html: str, page: Page, config: MkDocsConfig, site: SiteBuild) -> str:
    """A hand-written page with its ``<!-- kairos:name -->`` placeholders rendered."""
    templates = config.theme.get_env()
    context = {  # page and base_url: for MkDocs' url filter
        "page": page,
        "config": config,
        "base_url": get_relative_url(".", page.url),
        "kairos_site": site.identity,
        "kairos_home": site.home,
    }

    def render(name: str) -> str:
        """``kairos/home/<name>.html``; it lists other pages' stories, so with site
        search it is kept unindexed."""
        path = f"kairos/home/{name}.html"
        try:
            part = templates.get_template(path).render(context)
        except jinja2.TemplateError as error:
            raise PluginError(f"kairos: template {path}: {error}") from None
        return f'<div data-pagefind-ignore="all">{part}</div>' if site.search else part

    html, unknown = fill_placeholders(html, render, is_homepage=page.is_homepage)
    for name in unknown:
        log.warning(f"{page.file.src_uri}: unknown placeholder 'kairos:{name}' left out")
    return html
