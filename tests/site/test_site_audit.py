"""The audit as the plugin runs it (``site_audit``): pages scanned in a worker while the site is
built, reports kept in the build cache; a leak fails the build whichever path found it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from kairos.safety.audit import background_scan
from kairos.site import site_audit

from ..site_factory import build_site, consent, write_project, write_story

SECRET = "The tale nobody may read"


@pytest.fixture
def stories(project: Path) -> Path:
    stories = project / "stories"
    write_story(stories, "fine", title="A fine story", body="A fine story, told openly.\n")
    write_story(stories, "quiet-tale", title=SECRET, consent_record=consent("pending"))
    return stories


@pytest.fixture
def with_worker(monkeypatch: pytest.MonkeyPatch) -> list[background_scan.BackgroundScan]:
    """Start the worker for any anthology, on any machine; note every one started."""
    started: list[background_scan.BackgroundScan] = []
    monkeypatch.setattr(site_audit, "BACKGROUND_MIN_STORIES", 1)
    monkeypatch.setattr(site_audit, "available_cores", lambda: 2)
    original = background_scan.BackgroundScan.__init__

    def noted(self: background_scan.BackgroundScan, *args: object) -> None:
        original(self, *args)  # type: ignore[arg-type]
        started.append(self)

    monkeypatch.setattr(background_scan.BackgroundScan, "__init__", noted)
    return started


def _errors(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_pages_are_scanned_by_the_worker_and_a_leak_still_fails_the_build(
    project: Path,
    stories: Path,
    with_worker: list[background_scan.BackgroundScan],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Which process scans which page depends on timing (test_background_scan pins that
    down); whatever it is, the build must publish what it should and stop on a leak."""
    monkeypatch.setattr(site_audit, "BATCH", 2)
    write_project(project, plugin={"cache": False})
    site = build_site(project, strict=False)
    assert len(with_worker) == 1
    assert "A fine story, told openly." in (site / "stories/fine/index.html").read_text("utf-8")

    write_project(project, plugin={"cache": False}, docs={"about.md": f"# About\n\n**{SECRET}**\n"})
    with pytest.raises(Abort):
        build_site(project, strict=False)
    assert f"about/index.html: held-back story 'quiet-tale' ({SECRET}) found" in _errors(caplog)


def test_kept_reports_spare_the_scan_and_never_hide_a_leak(
    project: Path, stories: Path, scans: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    write_project(project, docs={"about.md": "# About\n\nAn anthology.\n"})
    build_site(project, strict=False)
    assert "stories/fine/index.html" in scans
    scans.clear()
    build_site(project, strict=False)
    # Nothing changed: every report was kept, but perhaps for Pagefind's files, whose order
    # it does not always keep from one build to the next (see test_page_cache).
    assert all(name.startswith("pagefind/pagefind") for name in scans), scans

    write_project(project, docs={"about.md": f"# About\n\n**{SECRET}**\n"})
    with pytest.raises(Abort):
        build_site(project, strict=False)
    assert "about/index.html" in scans
    assert f"about/index.html: held-back story 'quiet-tale' ({SECRET}) found" in _errors(caplog)
    caplog.clear()
    with pytest.raises(Abort):  # the same leak again: its kept report still reports it
        build_site(project, strict=False)
    assert f"about/index.html: held-back story 'quiet-tale' ({SECRET}) found" in _errors(caplog)


def test_a_project_with_mkdocs_hooks_builds_with_the_cache(project: Path, stories: Path) -> None:
    """MkDocs lists hook modules among the plugins; they have no ``config`` of their own."""
    write_project(project)
    hook = project / "hooks.py"
    hook.write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n", "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n- hooks.py\n", "utf-8")
    site = build_site(project, strict=False)
    assert "A fine story, told openly." in (site / "stories/fine/index.html").read_text("utf-8")
