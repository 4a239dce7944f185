"""The generated pages inside the MkDocs build: virtual files and page metadata.

Each :class:`~kairos.page_views.SitePage` becomes a ``File.generated`` Markdown file. Its
content is a fixed, empty front-matter block followed by the story text (or nothing): the fixed
block stops MkDocs from reading a story that happens to start with ``Word: ...`` or ``---`` as
page metadata. Title, template and description are set on the page after MkDocs has read it.

Only the four index pages may be part of the navigation (unless mkdocs.yml's ``not_in_nav``
names them, as for a hand-written page); every other generated page is
``NOT_IN_NAV``, so stories never enter the sidebar that mkdocs-material embeds in every page
(which would grow the site with the square of the number of stories) and MkDocs does not list
them as "not included in the nav".
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kairos.site.pages.page_views import SitePage

#: mkdocs-material's ``hide`` for pages people read rather than consult: no left sidebar and no
#: table of contents (the tabs under the header and the footer remain).
READING_PAGE_HIDE = ("navigation", "toc")

#: Added to the theme's template folders, so a project's ``custom_dir`` can override any file
#: (``overrides/kairos/story.html``). MkDocs copies every non-HTML file of a theme folder into
#: the site, so this folder holds Jinja ``.html`` templates only.
TEMPLATES_DIR = Path(__file__).parent / "theme"


class GeneratedPages:
    """The planned pages, and the files and pages MkDocs made of them."""

    def __init__(self, pages: list[SitePage]) -> None:
        clashes = [uri for uri, n in Counter(p.src_uri for p in pages).items() if n > 1]
        if clashes:
            raise PluginError(
                "two generated pages would have the same address: "
                + ", ".join(sorted(clashes))
                + "; a theme key or story slug 'index' is reserved, rename it"
            )
        self._pages = {page.src_uri: page for page in pages}
        self._files: dict[str, File] = {}
        self._kept: list[tuple[File, SitePage]] = []

    def add_files(
        self,
        files: Files,
        config: MkDocsConfig,
        keeps: Callable[[SitePage, str], bool] | None = None,
    ) -> None:
        """Add one virtual file per page; a hand-written file at the same path is an error.

        ``keeps(page, output)`` (the preview, ``serve --dirty``) says whether the page's
        output from the previous build still holds: the file then has that output as its
        source, so MkDocs' dirty build leaves it as it is (``File.is_modified()`` is false).
        Pages in the navigation are always rebuilt: their titles are the navigation's.
        """
        taken = sorted(uri for uri in self._pages if files.get_file_from_path(uri) is not None)
        if taken:
            raise PluginError(
                "these files in docs/ have the address of a page Kairos generates; move or "
                "rename them: " + ", ".join(f"{config.docs_dir}/{uri}" for uri in taken)
            )
        self._kept = []
        for uri, page in self._pages.items():
            # UNDEFINED: MkDocs then applies the project's ``not_in_nav`` patterns, as
            # for a hand-written page.
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # One File per page (3,300 at 5,000 stories): made with a stand-in source, given
            # its previous output or its content once its output path is known.
            file = File.generated(config, uri, abs_src_path=os.devnull, inclusion=inclusion)
            output = file.abs_dest_path
            if keeps is not None and keeps(page, output) and not page.in_nav:
                file.abs_src_path = output
                self._kept.append((file, page))
            else:
                file.content_string = "---\n{}\n---\n\n" + page.markdown  # see the module
            files.append(file)
            self._files[uri] = file

    def kept_pages(self) -> list[tuple[Page, SitePage]]:
        """The pages left as the previous build wrote them (see :meth:`add_files`), once
        MkDocs has made their ``Page``; their metadata is set as if they had been read."""
        kept = [(page, plan) for file, plan in self._kept if (page := file.page) is not None]
        for page, plan in kept:
            self.set_meta(page, plan)
        return kept

    def site_page(self, page: Page) -> SitePage | None:
        """The plan for ``page`` if Kairos generated it, else None (a hand-written page)."""
        uri = page.file.src_uri
        return self._pages[uri] if self._files.get(uri) is page.file else None

    @staticmethod
    def set_meta(page: Page, site_page: SitePage) -> None:
        """Title, description, the hidden sidebars and the sitemap's date of the page.

        Title and description as escaped HTML: that is how MkDocs and the theme use them.
        mkdocs-material writes ``page.meta.title`` and ``.description`` into ``<title>`` and
        a ``content="..."`` attribute without escaping, and the search index treats titles
        as HTML; a story title with ``&``, ``<`` or quotes must not change the markup.
        """
        page.meta["title"] = escape(site_page.title)
        page.meta["description"] = escape(site_page.description)
        page.meta["template"] = site_page.view.template
        page.meta["hide"] = list(READING_PAGE_HIDE)
        if site_page.updated:
            # sitemap.xml's <lastmod>: the story's publication, not the build date.
            page.update_date = site_page.updated
