"""Shared fixtures: a temporary project folder with a fixture vocabulary (see site_factory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kairos.safety.audit import matching
from kairos.safety.audit.matching import FileReport

from .browser_support import CHROMIUM_ARGS, require_chromium, serve_site
from .sample_site import SITE_PATH, SampleSite, build_sample_site
from .site_factory import write_vocabulary

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: ``stories/vocabulary.yml`` only; add stories and mkdocs.yml to it."""
    write_vocabulary(tmp_path / "stories")
    return tmp_path


@pytest.fixture
def stories_dir(project: Path) -> Path:
    return project / "stories"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session (see tests/browser_support.py)."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleSite]:
    """The tests' sample anthology, built once a session (tests/sample_site.py) and served as
    GitHub Pages would: under /kairos/, with its 404 page for addresses that do not exist.

    Under pytest-xdist each worker is a session of its own: it builds the site into its own
    temporary folder and serves it on its own port, so workers share nothing."""
    root = build_sample_site(tmp_path_factory.mktemp("sample-site"))
    with serve_site(root, SITE_PATH) as base:
        yield SampleSite(root, base)


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the audit scans in this process (not taken from memory or scanned by a
    worker process), in order."""
    scanned: list[str] = []
    original = matching.Scanner.scan

    def counted(self: matching.Scanner, file: str, data: bytes) -> FileReport:
        scanned.append(file)
        return original(self, file, data)

    monkeypatch.setattr(matching.Scanner, "scan", counted)
    return scanned
