"""Reuse the generated pages of earlier builds: their Markdown rendering and their whole HTML.

Two kinds of work on a generated page (a story, a list, a theme...) are cached, each under a
key that is the digest of everything the work reads (see :mod:`kairos.site.build_cache`):

* **Markdown rendering** (kind ``content``): the HTML MkDocs makes of a page's Markdown, keyed by
  the Markdown, the page's address, the Markdown extensions and their options, Kairos' code
  and every installed package's version. Only HTML without links or images is stored: MkDocs
  checks those when it renders (and warns about broken ones), so such pages are always
  rendered (links within the page, ``#id``, are fine). Sanitizing and removing links to
  held-back stories still run on every build.
* **The page's HTML** (kind ``pages``): the theme's template rendered for the page, keyed by the
  page (address, title, content, metadata, table of contents, neighbours), every variable the
  plugins put in its template context (the page's view: its stories, related stories...), the
  whole configuration, the template globals, the navigation and the titles of every page in
  it, the template files, Kairos' code, the installed packages and the build date. A page is
  rendered through a one-line template (``kairos/cached.html``) that prints the stored or
  freshly rendered HTML, so the theme's template runs only when its inputs changed.

What is published is decided before any of this: the publishing rule judges every story on
every build, and a page exists only for a published story; a key holds the page's content and
view, so a page can never come back with another story's or an older text.
"""

from __future__ import annotations

import json
import logging
import re
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from kairos.site.build_cache import (
    BuildCache,
    Unstable,
    code_digest,
    digest,
    environment_digest,
    files_digest,
    stable_text,
)
from kairos.site.markdown_converter import SUPPORTED as CONVERTER_SUPPORTED
from kairos.site.markdown_converter import MarkdownConverter
from kairos.site.template_cache import TemplateCache

__all__ = ["CACHED_TEMPLATE", "CachedMarkdownPage", "PageCache"]

log = logging.getLogger(__name__)

#: The template every cached page is rendered with; it prints ``kairos_cached_page``.
CACHED_TEMPLATE = "kairos/cached.html"
_OUTPUT = "kairos_cached_page"
#: The variables MkDocs puts in every page's context; the key covers them through the page,
#: the configuration and the navigation. Any other variable is hashed as it is.
_MKDOCS_CONTEXT = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "config"}
) | {"build_date_utc", "page"}
#: Not part of a page: where the site is written and what `mkdocs serve` watches.
#: A link or image to another page or file (a link within the page, ``#id``, is fine).
_LINK = re.compile(r"""(?:href|src)\s*=\s*(?!["']?#)""", re.IGNORECASE)
#: Markdown that may hold a link, an image or HTML: inline ``](``, a reference ``][`` or
#: ``]:``, a tag or autolink ``<x``. Such pages are rendered every time: MkDocs checks their
#: links and the plugin takes out (and reports) links to held-back stories as they render.
_MAYBE_LINK = re.compile(r"\]\s*[(\[:]|<[A-Za-z/!?]")
_NOT_CONFIG = frozenset({"plugins", "theme", "hooks", "watch", "dev_addr", "site_dir"})


class PageCache:
    """The two caches of one build, and what their keys share."""

    def __init__(self, root: Path, config: MkDocsConfig, build_date: str) -> None:
        self.root = root
        self.content = BuildCache(root, "content")
        self.pages = BuildCache(root, "pages")
        self.templates = BuildCache(root, "templates")
        self._build_date = build_date
        self._content_digest = digest(
            code_digest(),
            environment_digest(),
            stable_text([_extension_name(e) for e in config.markdown_extensions]),
            stable_text(config.mdx_configs),
            str(config.use_directory_urls),
        )
        self._site_digest: str | None = None
        self._env: jinja2.Environment | None = None
        self._templates: dict[str, str] = {}
        #: Texts of the views' parts (a story card is on many pages), for this build.
        self._memo: dict[int, tuple[object, str]] = {}
        #: One Markdown converter for the generated pages (markdown_converter).
        self.converter = MarkdownConverter(config) if CONVERTER_SUPPORTED else None

    # Markdown rendering --------------------------------------------------------------------

    def content_key(self, page: Page) -> str:
        return digest(
            self._content_digest, page.file.src_uri, page.url, page.markdown or "", "content"
        )

    def adopt(self, files: list[File], config: MkDocsConfig) -> None:
        """Give generated pages outside the nav a page whose Markdown rendering is cached."""
        for file in files:
            CachedMarkdownPage(None, file, config, self)

    # The page's HTML ------------------------------------------------------------------------

    def prepare(
        self,
        env: jinja2.Environment,
        config: MkDocsConfig,
        nav: Navigation,
        files: Files,
        pages: list[Page],
    ) -> None:
        """After every page is read: fix what all keys share and switch ``pages`` to the
        one-line template. With a configuration that has no stable text, nothing is cached."""
        try:
            site = _config_text(config) + stable_text(dict(env.globals))
        except Unstable as error:
            log.debug(f"kairos cache: page HTML not cached ({error})")
            return
        self._env = env
        if env.bytecode_cache is None:
            options = stable_text([env.autoescape, sorted(env.extensions), env.newline_sequence])
            key = digest(code_digest(), environment_digest(), site, options)
            env.bytecode_cache = TemplateCache(self.templates, key)
        self._site_digest = digest(
            code_digest(),
            environment_digest(),
            site,
            _nav_text(nav),
            stable_text([(f.src_uri, f.url) for f in files.documentation_pages()]),
            _templates_digest(config),
            self._build_date,
            get_build_date(),
        )
        for page in pages:
            self._templates[page.file.src_uri] = page.meta.get("template", "main.html")
            page.meta["template"] = CACHED_TEMPLATE

    def render(self, context: dict[str, Any], page: Page) -> None:
        """Put the page's HTML into the context: from the cache, or rendered now and stored."""
        original = self._templates.get(page.file.src_uri)
        if original is None or self._env is None or self._site_digest is None:
            return
        try:
            key = digest(
                self._site_digest, original, _page_text(page), _extras_text(context, self._memo)
            )
        except Unstable as error:
            log.debug(f"kairos cache: {page.file.src_uri} not cached ({error})")
            key = None
        stored = self.pages.get(key) if key else None
        if stored is not None:
            try:
                context[_OUTPUT] = stored.decode("utf-8")
                return
            except UnicodeDecodeError:
                pass
        meta_template = page.meta.get("template")
        page.meta["template"] = original
        try:
            output = self._env.get_template(original).render(context)
        finally:
            page.meta["template"] = meta_template
        context[_OUTPUT] = output
        if key:
            self.pages.put(key, output.encode("utf-8"))

    def finish(self) -> None:
        """Remove entries this build did not use; log how much was reused."""
        for store in (self.content, self.pages, self.templates):
            store.prune()
        log.debug(
            f"kairos cache: Markdown {self.content.hits} reused, {self.content.misses} rendered; "
            f"pages {self.pages.hits} reused, {self.pages.misses} rendered"
        )


class CachedMarkdownPage(Page):
    """A generated page whose Markdown rendering comes from the cache when it can."""

    def __init__(
        self, title: str | None, file: File, config: MkDocsConfig, cache: PageCache
    ) -> None:
        super().__init__(title, file, config)
        self._cache = cache

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self._cache.content_key(self)
        stored = self._cache.content.get(key)
        if stored is not None and self._reuse(stored):
            return
        if self._cache.converter is not None:
            self._cache.converter.render(self, files)
        else:
            super().render(config, files)
        content = self.content or ""
        if _MAYBE_LINK.search(self.markdown or "") or _LINK.search(content):
            return
        record = {
            "content": content,
            "toc": _toc_tokens(self.toc),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
        }
        self._cache.content.put(key, json.dumps(record).encode("utf-8"))

    def _reuse(self, stored: bytes) -> bool:
        try:
            record = json.loads(stored)
            content, title = record["content"], record["title"]
            toc, anchors = record["toc"], record["anchors"]
        except (ValueError, KeyError, TypeError):
            return False
        if not isinstance(content, str) or not isinstance(title, str | None):
            return False
        self.content = content
        self.toc = get_toc(toc)
        self._title_from_render = title
        self.present_anchor_ids = set(anchors)
        self.links_to_anchors = {}
        return True


def _extension_name(extension: object) -> str:
    """A Markdown extension as configured: its name, or an object's class (whose settings the
    pages that it could change are never cached for; see ``_MAYBE_LINK``)."""
    if isinstance(extension, str):
        return extension
    return f"{type(extension).__module__}.{type(extension).__qualname__}"


def _toc_tokens(toc: Any) -> list[dict[str, Any]]:
    return [
        {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": _toc_tokens(item.children),
        }
        for item in toc
    ]


def _config_text(config: MkDocsConfig) -> str:
    parts = [
        f"{key}={stable_text(config[key])}" for key in sorted(config) if key not in _NOT_CONFIG
    ]
    parts.append(
        "plugins="
        + stable_text(
            [(name, getattr(plugin, "config", None)) for name, plugin in config.plugins.items()]
        )
    )
    theme = config.theme
    # The theme's locale is an object whose text is its name ("en").
    options = {key: str(v) if key == "locale" else v for key, v in theme.items()}
    parts.append(f"theme={theme.name}:{stable_text(options)}:{stable_text(theme.dirs)}")
    hooks: Any = config.hooks or {}
    modules = list(hooks.values()) if isinstance(hooks, Mapping) else list(hooks)
    hook_files = [Path(getattr(module, "__file__", "") or "-") for module in modules]
    parts.append(f"hooks={files_digest(hook_files)}")
    return "\n".join(parts)


def _templates_digest(config: MkDocsConfig) -> str:
    """Every template file a page could use (custom_dir's, Kairos' own...), except those of an
    installed theme (mkdocs-material's 14,000 files): the key holds its version already
    (``environment_digest``), so they are not walked and read on every build."""
    installed = _installed_folders()
    files = [
        path
        for folder in config.theme.dirs
        if not any(Path(folder).resolve().is_relative_to(place) for place in installed)
        for path in Path(folder).rglob("*")
        if path.suffix in {".html", ".xml", ".yml", ".j2", ".svg"}
    ]
    return files_digest(files)


def _installed_folders() -> list[Path]:
    """Where installed packages live: their files change only with their version."""
    paths = sysconfig.get_paths()
    return [Path(paths[name]).resolve() for name in ("purelib", "platlib")]


def _nav_text(nav: Navigation) -> str:
    def item_text(item: Any) -> object:
        if isinstance(item, Section):
            return ("section", item.title, [item_text(child) for child in item.children])
        url = getattr(item, "url", None)
        return (type(item).__name__, item.title, url)

    return stable_text([item_text(item) for item in nav.items])


def _page_text(page: Page) -> str:
    meta = {key: value for key, value in page.meta.items() if key != "template"}
    neighbours = [
        (other.title, other.url) if other is not None else None
        for other in (page.previous_page, page.next_page)
    ]
    return stable_text(
        [
            page.file.src_uri,
            page.url,
            page.canonical_url,
            page.edit_url,
            page.is_homepage,
            page.title,
            page.content,
            meta,
            _toc_tokens(page.toc),
            neighbours,
            [(ancestor.title, getattr(ancestor, "url", None)) for ancestor in page.ancestors],
        ]
    )


def _extras_text(context: Mapping[str, Any], memo: dict[int, tuple[object, str]]) -> str:
    extras = {key: value for key, value in context.items() if key not in _MKDOCS_CONTEXT}
    return stable_text(
        [extras, context.get("base_url"), context.get("extra_css"), context["extra_javascript"]],
        memo,
    )
