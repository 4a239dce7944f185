"""The audit as the plugin runs it: after the build, every file of the site is read and
scanned, on every build (nothing is kept between builds); a leak fails the build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..site_factory import build_site, consent, write_project, write_story

SECRET = "The tale nobody may read"


@pytest.fixture
def stories(project: Path) -> Path:
    stories = project / "stories"
    write_story(stories, "fine", title="A fine story", body="A fine story, told openly.\n")
    write_story(stories, "quiet-tale", title=SECRET, consent_record=consent("pending"))
    return stories


def _errors(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def _files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def test_every_file_is_scanned_on_every_build_and_a_leak_fails_it(
    project: Path, stories: Path, scans: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    write_project(project, docs={"about.md": "# About\n\nAn anthology.\n"})
    site = build_site(project, strict=False)
    assert "A fine story, told openly." in (site / "stories/fine/index.html").read_text("utf-8")
    assert sorted(scans) == _files(site)
    scans.clear()
    build_site(project, strict=False)
    assert sorted(scans) == _files(site)  # nothing changed, and still every file is scanned

    write_project(project, docs={"about.md": f"# About\n\n**{SECRET}**\n"})
    with pytest.raises(Abort):
        build_site(project, strict=False)
    assert f"about/index.html: held-back story 'quiet-tale' ({SECRET}) found" in _errors(caplog)
    caplog.clear()
    with pytest.raises(Abort):  # the same leak again: found again
        build_site(project, strict=False)
    assert f"about/index.html: held-back story 'quiet-tale' ({SECRET}) found" in _errors(caplog)


def test_with_audit_off_nothing_is_scanned(project: Path, stories: Path, scans: list[str]) -> None:
    write_project(project, plugin={"audit": False})
    site = build_site(project, strict=False)
    assert (site / "stories/fine/index.html").is_file()
    assert scans == []


def test_a_project_with_mkdocs_hooks_builds(project: Path, stories: Path) -> None:
    """MkDocs lists hook modules among the plugins; they have no ``config`` of their own."""
    write_project(project)
    hook = project / "hooks.py"
    hook.write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n", "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n- hooks.py\n", "utf-8")
    site = build_site(project, strict=False)
    assert "A fine story, told openly." in (site / "stories/fine/index.html").read_text("utf-8")


@pytest.mark.parametrize("option", [{"cache": True}, {"cache_dir": ".cache/kairos"}])
def test_the_removed_cache_options_are_ignored_with_a_warning(
    project: Path, stories: Path, option: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    """An older mkdocs.yml still builds, and is told what to delete; nothing is cached."""
    write_project(project, plugin=option)
    site = build_site(project, strict=False)
    assert (site / "stories/fine/index.html").is_file()
    assert not (project / ".cache").exists()
    [name] = option
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        f"kairos: the option '{name}' is ignored: Kairos no longer keeps a build cache" in w
        for w in warnings
    ), warnings
    with pytest.raises(Abort):
        build_site(project, strict=True)
