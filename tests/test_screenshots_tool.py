"""``make screenshots`` (tools/screenshots.py): the pages it photographs exist, or do not."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from tools.screenshots import pages

from .sample_site import REPO, STORIES, SampleSite
from .site_factory import write_vocabulary


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_each_page_it_photographs_is_in_the_built_site(sample_site: SampleSite) -> None:
    addresses = pages(STORIES)
    assert list(addresses) == ["home", "story", "theme", "search", "search-filter", "not-found"]
    for name, address in addresses.items():
        expected = 404 if name == "not-found" else 200
        assert _status(sample_site.base + address) == expected, name


def test_with_no_published_story_it_photographs_no_story(tmp_path: Path) -> None:
    write_vocabulary(tmp_path / "stories")
    assert list(pages(tmp_path / "stories")) == ["home", "search", "not-found"]


def test_make_screenshots_runs_the_tool() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "screenshots: install" in makefile
    assert "\t$(PY) -m tools.screenshots\n" in makefile
