"""A build writes only inside site_dir, starts from an empty one (no stale
story survives), refuses --dirty (but for the preview, test_preview.py), and publishes no file
that a symbolic link brings in from outside the project."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from kairos.site.plugin import DIRTY_REFUSED, KairosPlugin

from ..site_factory import (
    build_site,
    files_containing,
    write_project,
    write_story,
    write_vocabulary,
)


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` but ``skip``: path -> (size, modification time)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and skip not in path.parents
    }


def test_the_build_touches_nothing_outside_site_dir(tmp_path: Path) -> None:
    # The project in a folder of its own, so that the folder around it holds nothing else to
    # compare (the session's other temporary folders grow with every test run before this).
    project = tmp_path / "project"
    write_vocabulary(project / "stories")
    write_story(project / "stories", "the-porter", body="He sang in the lifts.\n")
    write_project(project)
    site_dir = project / "site"
    before = snapshot(tmp_path, site_dir)
    assert len(before) > 3
    build_site(project, site_dir=site_dir)
    assert snapshot(tmp_path, site_dir) == before
    assert (site_dir / "stories" / "the-porter" / "index.html").exists()


def test_a_stale_file_in_site_dir_is_removed(project: Path) -> None:
    write_story(project / "stories", "the-porter")
    write_project(project)
    site_dir = project / "site"
    stale = site_dir / "stories" / "a-withdrawn-story" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<h1>A story whose consent was withdrawn</h1>")
    build_site(project, site_dir=site_dir)
    assert not stale.exists()
    assert not stale.parent.exists()
    assert (site_dir / "stories" / "the-porter" / "index.html").exists()


# --dirty: refused, so a story deleted instead of tombstoned cannot survive in a published site


def test_mkdocs_build_dirty_is_refused(project: Path) -> None:
    write_story(project / "stories", "the-porter", title="The porter")
    gone = write_story(project / "stories", "deleted-tale", title="A deleted tale")
    write_project(project)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, env=environ)
    assert first.returncode == 0, first.stderr
    assert (project / "site/stories/deleted-tale/index.html").is_file()
    gone.unlink()  # deleted instead of tombstoned
    dirty = subprocess.run(
        [*mkdocs, "--dirty"], cwd=project, capture_output=True, text=True, env=environ
    )
    assert dirty.returncode == 1
    assert f"ERROR   -  {DIRTY_REFUSED}\n" in dirty.stderr
    # The clean build that must follow drops the deleted story's page and search entry.
    clean = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, env=environ)
    assert clean.returncode == 0, clean.stderr
    assert files_containing(project / "site", "deleted-tale") == []
    assert files_containing(project / "site", "A deleted tale") == []
    assert (project / "site/stories/the-porter/index.html").is_file()


def test_a_dirty_build_from_python_is_refused(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``build(config, dirty=True)`` does not tell plugins (no on_startup): the pages MkDocs
    left in place give it away."""
    write_story(project / "stories", "the-porter", title="The porter")
    gone = write_story(project / "stories", "deleted-tale", title="A deleted tale")
    write_project(project)
    site = build_site(project)
    assert (site / "stories/deleted-tale/index.html").is_file()
    gone.unlink()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    with pytest.raises(Abort):
        build(config, dirty=True)
    assert f"kairos: '{site}' still holds files of an earlier build, so this is a dirty" in (
        caplog.text
    )
    clean = build_site(project)
    assert files_containing(clean, "deleted-tale") == []
    assert (clean / "stories/the-porter/index.html").is_file()


def test_mkdocs_serve_dirty_is_the_preview_and_serve_clean_refuses_dirty_builds() -> None:
    """``mkdocs serve --dirty`` is the editor's preview (tests/site/test_preview.py); ``serve
    --clean`` tells plugins it is a build, and ``mkdocs build --dirty`` is refused above."""
    plugin = KairosPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert plugin.preview is not None
    plugin.on_startup(command="build", dirty=True)
    with pytest.raises(PluginError) as refused:
        plugin.on_config(MkDocsConfig())
    assert str(refused.value) == DIRTY_REFUSED


# Symbolic links that leave the project


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_a_symlink_in_docs_leading_out_of_the_project_stops_the_build(
    project: Path, target: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_story(project / "stories", "the-porter")
    write_project(project)
    (project / "docs/secrets.txt").symlink_to(target)
    (project / "docs/inside.md").symlink_to(project / "docs/index.md")  # stays inside: fine
    site = project / "site"
    with pytest.raises(Abort):
        build_site(project, strict=False, site_dir=site)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0] == (
        "symbolic links lead out of the project folder; nothing was built:\n"
        f"docs/secrets.txt:1: file: found a symbolic link to '{Path(target).resolve()}', "
        "outside the project folder; a site may only publish files of the project: put the "
        "file itself here, or remove the link"
    )
    assert not site.exists()


def test_a_symlink_in_stories_leading_out_of_the_project_stops_the_build(
    project: Path, tmp_path_factory: pytest.TempPathFactory, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
    write_story(project / "stories", "the-porter")
    (project / "stories/media").mkdir()
    (project / "stories/media/photo.jpg").symlink_to(outside / "photo.jpg")
    write_project(project, plugin={"invalid_stories": "hold-back"})
    with pytest.raises(Abort):
        build_site(project, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0].splitlines()[1] == (
        f"stories/media/photo.jpg:1: file: found a symbolic link to '{outside / 'photo.jpg'}', "
        "outside the project folder; a site may only publish files of the project: put the "
        "file itself here, or remove the link"
    )


def test_an_engine_that_skips_the_kairos_plugin_publishes_no_story(project: Path) -> None:
    """mkdocs-material's banner invites users to try Zensical, which reads mkdocs.yml but runs no
    MkDocs plugin. Stories live outside docs/, so without the plugin none is published: the
    site is the hand-written pages only, never a story without its consent gate."""
    write_story(project / "stories", "the-porter", body="He sang in the lifts at night.\n")
    config_path = write_project(project, plugin={"search": "none"})
    with_plugin = build_site(project, site_dir=project / "with")
    assert files_containing(with_plugin, "He sang in the lifts at night.")  # the test can fail
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["plugins"] = [p for p in config["plugins"] if "kairos" not in p]
    config["nav"] = [{"Home": "index.md"}]
    config["theme"] = {"name": "material"}  # the overrides use the plugin's templates
    config_path.write_text(yaml.safe_dump(config), "utf-8")
    without = build_site(project, site_dir=project / "without")
    assert (without / "index.html").is_file()
    assert files_containing(without, "He sang in the lifts") == []
    assert files_containing(without, "the-porter") == []
