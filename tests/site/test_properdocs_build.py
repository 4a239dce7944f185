"""A second engine: the sample site built with ProperDocs passes the audit and has every story.

ProperDocs (a maintained fork of MkDocs 1.6) reads plugins from the ``mkdocs.plugins`` entry
points and themes from ``mkdocs.themes``, and redirects ``import mkdocs...`` to itself, so the
kairos plugin and mkdocs-material load unchanged. That redirection replaces ``mkdocs`` in
``sys.modules``, so the build runs in its own process, never inside the test process where
other tests use MkDocs itself.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology
from kairos.safety.audit.site_scan import scan_site

from ..sample_site import BUILD_DATE, SOURCE_DATE_EPOCH, STORIES, copy_sample_anthology

PROPERDOCS = Path(sys.executable).with_name("properdocs")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Anthology]:
    """The sample anthology (tests/sample_site.py) built strictly by ProperDocs on its date."""
    if not PROPERDOCS.is_file():
        pytest.fail(f"properdocs is not installed in {PROPERDOCS.parent}; run make install")
    project = tmp_path_factory.mktemp("properdocs")
    copy_sample_anthology(project)
    site = project / "site"
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site, load_anthology(project / "stories", BUILD_DATE, "stories")


def test_it_was_built_by_properdocs(built: tuple[Path, Anthology]) -> None:
    """The site writes no generator tag, so ask the command that built it what it is."""
    site, _ = built
    assert (site / "index.html").is_file()
    version = subprocess.run(
        [str(PROPERDOCS), "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert version.stdout.startswith("properdocs, version ")
    assert "/properdocs (Python" in version.stdout


def test_the_built_site_passes_the_audit(built: tuple[Path, Anthology]) -> None:
    site, anthology = built
    assert anthology.held_back, "the sample anthology holds back at least one story"
    assert scan_site(site, anthology, stories_dir=STORIES).lines("site") == []


def test_every_published_sample_story_has_its_page(built: tuple[Path, Anthology]) -> None:
    site, anthology = built
    assert len(anthology.published) >= 10
    for judged in anthology.published:
        assert judged.story is not None
        page = site / "stories" / judged.slug / "index.html"
        assert page.is_file(), judged.slug
        assert judged.story.title in html.unescape(page.read_text(encoding="utf-8"))


def test_no_held_back_story_has_a_page(built: tuple[Path, Anthology]) -> None:
    site, anthology = built
    for judged in anthology.held_back:
        assert not (site / "stories" / judged.slug).exists(), judged.slug


def test_a_sample_story_shows_its_photo(built: tuple[Path, Anthology]) -> None:
    site, _ = built
    folder = site / "stories" / "the-butterfly-on-the-door"
    photo = STORIES / "the-butterfly-on-the-door" / "butterfly.png"
    assert (folder / "butterfly.png").read_bytes() == photo.read_bytes()
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        '<img alt="A drawing of a small purple butterfly on a pale door" src="butterfly.png">'
        in page
    )
