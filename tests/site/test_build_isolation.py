"""A build writes only inside site_dir, and starts from an empty one (no stale story survives)."""

from __future__ import annotations

from pathlib import Path

from ..site_factory import build_site, write_project, write_story


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` but ``skip``: path -> (size, modification time)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and skip not in path.parents
    }


def test_the_build_touches_nothing_outside_site_dir(project: Path) -> None:
    write_story(project / "stories", "the-porter", body="He sang in the lifts.\n")
    write_project(project)
    site_dir = project / "site"
    before = snapshot(project.parent, site_dir)
    build_site(project, site_dir=site_dir)
    assert snapshot(project.parent, site_dir) == before
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
