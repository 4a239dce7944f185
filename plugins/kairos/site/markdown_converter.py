"""One Markdown converter for every generated page of a build, instead of one per page.

MkDocs' ``Page.render`` builds a new ``markdown.Markdown`` for each page: loading the
configured extensions again is about a third of the time a story's Markdown takes to render.
:class:`MarkdownConverter` does what ``Page.render`` does with one converter, reset between
pages (``Markdown.reset`` resets every extension that keeps state: footnotes, the table of
contents...), and MkDocs' own per-page processors registered anew for each page (a processor
registered under a name already taken replaces it).

MkDocs' per-page processors are private classes; with a version of MkDocs that has other ones,
:data:`SUPPORTED` is False and pages are rendered by MkDocs itself.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

try:
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )

    SUPPORTED = True
except ImportError:  # pragma: no cover - another MkDocs version
    SUPPORTED = False

__all__ = ["SUPPORTED", "MarkdownConverter"]

#: MkDocs' own logger for pages: it keeps links to other pages' anchors only when not DEBUG.
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class MarkdownConverter:
    """Renders pages' Markdown as ``Page.render`` does, with one converter for the build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._markdown: markdown.Markdown | None = None

    def render(self, page: Page, files: Files) -> None:
        """Set ``page``'s content, table of contents, title and anchors from its Markdown."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        config = self._config
        md = self._markdown
        if md is None:
            md = self._markdown = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
        else:
            md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors
