"""Site search with Pagefind: what is indexed, how pages are marked for it, the index step.

Only published stories (their title and text; filters and metadata from their labels, with
``SEARCH_META_WEIGHTS``, and a hidden ``kind:story`` filter) and hand-written pages are indexed,
never list pages nor the home page: MAINTAINERS.md, "Search", says why. Pagefind reads only
elements marked ``data-pagefind-body`` (``--root-selector``), and runs as the binary of the
``pagefind[bin]`` wheel in an empty working folder, so no stray ``pagefind.yml`` changes what
is indexed; the page count comes from ``pagefind/pagefind-entry.json``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from kairos.core.reader_labels import LEVELS, ROLES
from kairos.site.pages.catalogue import StoryEntry
from kairos.site.pages.site_urls import Section, section_indexes

#: The generated search page (URL ``search/``).
SEARCH_SRC = "search.md"
#: Pagefind's output folder inside the site.
BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "[data-pagefind-body]"
#: Left out of the index everywhere: heading permalinks (the "¶" after every heading).
EXCLUDE_SELECTORS = ".headerlink"
#: Filter names, as readers see them above each group of choices.
THEME_FILTER = "Theme"
LEVEL_FILTER = "Level of partnership"
ROLE_FILTER = "Told by"
#: The query-string name of each filter in the search page's address (``?theme=Kindness``).
FILTER_PARAMS = {THEME_FILTER: "theme", LEVEL_FILTER: "level", ROLE_FILTER: "role"}
#: A filter readers never see, ``kind:story`` on every story: the search page lists the
#: stories found before any hand-written page (``not: {kind: story}``) found.
KIND_FILTER = "kind"
#: Metadata that make a story findable by what it is about, and how much a match in each
#: counts (Pagefind's ``metaWeights``; a title match counts 5, a match in the text 1).
SEARCH_META_WEIGHTS = {"themes": 20.0, "content_notes": 20.0, "told_by": 10.0}
#: Pagefind indexes 5,000 stories in seconds; this only stops a hung process.
TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class StoryMarks:
    """A page's marks for the index: its ``data-pagefind-filter`` texts (name, colon, value;
    the value may hold colons), and the filter name of its theme chips (their text is the
    value). A teaching collection's page has no filter values of its own."""

    level_filter: str = ""
    role_filter: str = ""
    kind_filter: ClassVar[str] = f"{KIND_FILTER}:story"
    theme_filter: ClassVar[str] = THEME_FILTER


#: A teaching collection's page is indexed (its template marks it when it has marks).
COLLECTION_MARKS = StoryMarks()


def story_marks(entry: StoryEntry) -> StoryMarks:
    """``Level 1: Civil discourse`` (sorts in level order) and ``Family members``."""
    level = LEVELS[entry.story.framework_level]
    return StoryMarks(
        level_filter=f"{LEVEL_FILTER}:Level {level.number}: {level.label}",
        role_filter=f"{ROLE_FILTER}:{ROLES[entry.story.storyteller.role].plural}",
    )


@dataclass(frozen=True)
class SearchPageView:
    """What the search page needs besides Pagefind: the browse pages for when search fails."""

    #: Each section's index page (all stories, the themes, levels, storytellers, ...).
    indexes: dict[Section, str]
    title: str = "Search the stories"
    #: For ``search.js`` (as JSON in ``data-settings``): filters, their names in the address,
    #: the hidden kind filter and the metadata weights.
    script_settings: ClassVar[dict[str, object]] = {
        "filters": [[name, param] for name, param in FILTER_PARAMS.items()],
        "kind": KIND_FILTER,
        "metaWeights": SEARCH_META_WEIGHTS,
    }


def search_page_view(*, directory_urls: bool = True) -> SearchPageView:
    return SearchPageView(section_indexes(directory_urls=directory_urls))


class PagefindFailed(Exception):
    """Pagefind is missing, failed or timed out; the message says what to do."""


@dataclass(frozen=True)
class IndexResult:
    #: Pages in the index (0 when there was nothing to index and no index was written).
    pages: int
    seconds: float
    #: Pagefind's warnings, if any, to pass on.
    warnings: tuple[str, ...] = ()


def pagefind_executable() -> Path:
    """The Pagefind binary of the ``pagefind[bin]`` wheel (or ``PAGEFIND_BINARY_PATH``)."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except ImportError:
        found = None
    if found is None or not Path(found).is_file():
        raise PagefindFailed(
            "the Pagefind binary was not found; install the project's dependencies "
            "(pip install 'pagefind[bin]'), or set 'search: none' for the kairos plugin"
        )
    return Path(found)


def build_search_index(site_dir: Path, *, expected_pages: int) -> IndexResult:
    """Index the marked pages of ``site_dir`` into ``site_dir/pagefind/``.

    Any previous bundle is removed first, so nothing from an earlier build survives. With no
    page to index, no bundle is written (Pagefind refuses to write an empty index) and the
    search page says that search is not available.
    """
    started = time.monotonic()
    bundle = site_dir / BUNDLE_DIR
    if bundle.is_dir() and not bundle.is_symlink():
        shutil.rmtree(bundle)
    elif bundle.exists() or bundle.is_symlink():
        bundle.unlink()
    if expected_pages == 0:
        return IndexResult(0, time.monotonic() - started)
    command = [str(pagefind_executable()), "--site", str(site_dir.resolve())]
    command += ["--output-subdir", BUNDLE_DIR, "--root-selector", ROOT_SELECTOR]
    command += ["--exclude-selectors", EXCLUDE_SELECTORS, "--quiet"]
    with tempfile.TemporaryDirectory(prefix="kairos-pagefind-") as workdir:
        try:
            done = subprocess.run(
                command, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            raise PagefindFailed(f"Pagefind did not finish in {TIMEOUT_SECONDS} s") from None
        except OSError as error:
            raise PagefindFailed(f"Pagefind could not be started: {error}") from None
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    output = [line.strip() for line in lines if line.strip()]
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        detail = "; ".join(output[-8:]) or "no output"
        raise PagefindFailed(f"Pagefind failed (exit status {done.returncode}): {detail}")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(int(language.get("page_count", 0)) for language in entry["languages"].values())
    return IndexResult(pages, time.monotonic() - started, tuple(output))
