"""Shared fixtures: a temporary project folder with a fixture vocabulary (see site_factory)."""

from __future__ import annotations

import os
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

    Under pytest-xdist it is built once a run: the first worker to ask builds it while the
    others wait, and each worker serves it on a port of its own. Tests only read it."""
    root = _built_once_a_run(tmp_path_factory)
    with serve_site(root, SITE_PATH) as base:
        yield SampleSite(root, base)


def _built_once_a_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build_sample_site(tmp_path_factory.mktemp("sample-site"))
    import fcntl  # pytest-xdist runs on POSIX machines here (make test, CI)

    # The workers' temporary folders sit side by side in the run's own one.
    shared = tmp_path_factory.getbasetemp().parent
    with (shared / "sample-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "sample-site.built").exists():
            build_sample_site(shared / "sample-site")
            (shared / "sample-site.built").touch()
    return shared / "sample-site" / "site"


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
