"""The editor's preview, ``mkdocs serve --dirty``: rebuild only the pages a save changed.

With ``--dirty`` MkDocs reads and writes a page only when ``File.is_modified()`` holds: its
output is missing or older than its source. A page Kairos generates has no source file, so
MkDocs would rebuild every one of them on every save. :class:`PreviewRebuilds`, which lives as
long as the ``serve`` process (MkDocs keeps a plugin with ``on_startup`` across rebuilds),
remembers what each generated page was made from in the previous build, and a page made from
the same inputs is handed to MkDocs with its previous output as its source, so it is left as it
is. Everything a page shows is in its inputs: its :class:`~kairos.site.pages.page_views.SitePage`
(text, title, view with related stories and cards), its search marks, the held-back stories when
its text holds a link, and what every page shows (:meth:`PreviewRebuilds.start`: mkdocs.yml,
the pruned navigation, the hand-written pages, the templates, the build date).

Consent holds as in a full build: every story is judged on every rebuild, every output the
previous build wrote that this one does not (the page and photos of a story held back since,
a list page that no longer exists, a pack) is deleted before any page is written, the search
index and the audit are run again whenever the published or held-back stories change, and a
rebuild that fails empties the site, so no page from before the failure stays visible.
Hand-written pages, the search page, the feed and the sitemap are rebuilt on every save.
Four things are kept in memory only, for speed, for the life of ``serve`` (see
:class:`PreviewRebuilds`): Jinja's compiled templates, the stories as loaded, the story pages as
planned and the feed; each holds published stories only, or (the loaded stories) what the build
itself holds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from kairos.core.anthology import LoadedStories
from kairos.site.pages.feed import FeedMade
from kairos.site.pages.page_plan import StoryPagesPlanned
from kairos.site.pages.page_views import SitePage
from kairos.site.pages.search_index import StoryMarks
from kairos.site.site_build import SiteBuild
from kairos.site.site_pages import TEMPLATES_DIR

#: Slugs and titles of the held-back stories.
HeldBackItems = frozenset[tuple[str, str | None]]

#: What a generated page is made of: its plan, its search marks, and the held-back stories
#: when its text holds a link (None otherwise).
PageInputs = tuple[SitePage, StoryMarks | None, HeldBackItems | None]


def _modified_times(paths: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(path), path.stat().st_mtime_ns) for path in paths if path.is_file()))


@dataclass
class BuildRecord:
    """What one build was made from and wrote."""

    #: What every page shows beyond its own inputs (see :meth:`PreviewRebuilds.start`).
    site: tuple[object, ...] = ()
    #: Inputs of each generated page, by source path.
    pages: dict[str, PageInputs] = field(default_factory=dict)
    #: The held-back stories, as the pages' inputs hold them.
    held_back: HeldBackItems = frozenset()
    #: Slugs of the published and of the held-back stories, and the vocabulary (its labels
    #: are the search index's filters).
    judged: tuple[frozenset[str], frozenset[str], object] | None = None
    #: Every file written through MkDocs' file list, and the teaching packs (absolute paths).
    outputs: set[str] = field(default_factory=set)
    #: The search marks of the build's pages.
    marks: dict[str, StoryMarks] = field(default_factory=dict)
    #: Whether what every page shows is as in the previous build.
    same_site: bool = False


class TemplatesCompiled(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory for the life of ``serve``: MkDocs makes a new
    Jinja environment for every build, which would compile every template again. Jinja checks
    each template's source against the one compiled, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class PreviewRebuilds:
    """The previous successful build of this ``serve`` process, and the one under way."""

    #: The site folder (``serve`` keeps one for its whole life).
    site_dir: str | None = None
    previous: BuildRecord | None = None
    current: BuildRecord = field(default_factory=BuildRecord)
    templates: TemplatesCompiled = field(default_factory=TemplatesCompiled)
    #: Stories loaded by earlier rebuilds, taken again while their files are unchanged.
    stories: LoadedStories = field(default_factory=LoadedStories)
    #: Story pages planned by the previous rebuild, taken again while their inputs are equal.
    story_pages: StoryPagesPlanned = field(default_factory=StoryPagesPlanned)
    #: The feed made by the last rebuild, taken again while what it shows is unchanged.
    feed: FeedMade = field(default_factory=FeedMade)

    def start(self, config: MkDocsConfig, files: Files, site: SiteBuild) -> None:
        """Begin a rebuild, before Kairos adds its pages to ``files``; an empty or different
        site folder means nothing can be kept.

        Every hand-written page is rebuilt (the home page lists the newest stories, any page can
        link to a story held back since): its previous output is marked older than its source.
        """
        hand_written = [file for file in files.documentation_pages() if file.abs_src_path]
        # What every page shows beyond its own inputs: mkdocs.yml, the navigation (after
        # held-back stories are pruned from it), the modification times of the hand-written
        # pages (a title may be in the navigation) and of the templates of the project and of
        # Kairos, and the build date.
        templates = (Path(d) for d in (config.theme.custom_dir, TEMPLATES_DIR) if d)
        site_inputs = (
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            repr(config.nav),
            _modified_times(
                [Path(file.abs_src_path or "") for file in hand_written]
                + [path for folder in templates for path in folder.rglob("*")]
            ),
            site.anthology.build_date,
        )
        folder = Path(config.site_dir)
        if config.site_dir != self.site_dir or not folder.is_dir() or not any(folder.iterdir()):
            self.previous = None
        self.site_dir, previous = config.site_dir, self.previous
        held_back = frozenset(site.held_back.items())
        if previous is not None and previous.held_back == held_back:
            # The previous build's object: each page's inputs are then compared by identity,
            # not item by item (3,300 pages at 5,000 stories).
            held_back = previous.held_back
        self.current = BuildRecord(
            site=site_inputs,
            held_back=held_back,
            judged=(
                frozenset(judged.slug for judged in site.anthology.published),
                frozenset(site.held_back),
                site.anthology.vocabulary,
            ),
            marks=site.search.marks if site.search is not None else {},
            same_site=previous is not None and previous.site == site_inputs,
        )
        for file in hand_written:
            if os.path.isfile(file.abs_dest_path):
                os.utime(file.abs_dest_path, ns=(0, 0))

    def keeps(self, page: SitePage, output: str) -> bool:
        """Record what ``page`` is made of; whether its previous output, ``output``, still
        holds (:meth:`~kairos.site.site_pages.GeneratedPages.add_files` asks)."""
        current, previous = self.current, self.previous
        # A page's text matters for held-back links only if it can hold a link.
        links = "[" in page.markdown or "<" in page.markdown
        inputs = (page, current.marks.get(page.src_uri), current.held_back if links else None)
        current.pages[page.src_uri] = inputs
        return (
            previous is not None
            and current.same_site
            and previous.pages.get(page.src_uri) == inputs
            and os.path.isfile(output)
        )

    def remove_stale(self, outputs: set[str]) -> list[str]:
        """Delete what the previous build wrote and this one will not through MkDocs' file list
        (so the previous packs too, written again if they still exist); return the paths."""
        self.current.outputs = outputs
        if self.previous is None:
            return []
        removed, root = [], Path(self.site_dir or "")
        for path in sorted(self.previous.outputs - outputs):
            if os.path.isfile(path) or os.path.islink(path):
                os.remove(path)
                removed.append(path)
                folder = Path(path).parent  # and the folders it leaves empty
                while root in folder.parents and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
        return removed

    def must_index_and_audit(self) -> bool:
        """Pagefind and the audit run again when the published or held-back stories, the
        vocabulary or what every page shows changed since the previous build (and on the
        first)."""
        previous, current = self.previous, self.current
        return not previous or (previous.judged, previous.site) != (current.judged, current.site)

    def succeeded(self, packs: Iterable[str]) -> None:
        """Keep this build's record, and the ``packs`` it wrote, for the next."""
        self.current.outputs |= set(packs)
        self.previous = self.current

    def failed(self) -> None:
        """A failed build leaves no page behind: empty the site folder and keep nothing."""
        if self.site_dir and os.path.isdir(self.site_dir):
            for entry in Path(self.site_dir).iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        self.previous = None
