"""Reading the stories folder at a git revision from git's objects, without a checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from kairos.editors.reports.git_stories import (
    GitStoriesError,
    copy_stories_at,
    repository_root,
    resolve_revision,
)

from ...git_repository import anthology_repository, commit_all, git


def test_copies_files_and_story_folders_but_not_links(tmp_path: Path) -> None:
    repo = anthology_repository(tmp_path / "repo", {"a.md": "A\n"})
    (repo / "stories" / "b").mkdir()
    (repo / "stories" / "b" / "index.md").write_text("B\n", encoding="utf-8")
    (repo / "stories" / "b" / "photo.jpg").write_bytes(b"\xff\xd8\x00binary")
    (repo / "stories" / "link.md").symlink_to("/etc/passwd")
    (repo / "docs").mkdir()
    (repo / "docs" / "index.md").write_text("not a story\n", encoding="utf-8")
    commit = commit_all(repo, "More")
    (repo / "stories" / "a.md").write_text("changed on disk\n", encoding="utf-8")

    into = tmp_path / "copy"
    assert copy_stories_at(repo, commit, "stories", into) == 4
    assert sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()) == [
        "a.md",
        "b/index.md",
        "b/photo.jpg",
        "vocabulary.yml",
    ]
    assert (into / "a.md").read_text(encoding="utf-8") == "A\n"
    assert (into / "b" / "photo.jpg").read_bytes() == b"\xff\xd8\x00binary"


def test_a_folder_absent_at_the_revision_gives_an_empty_folder(tmp_path: Path) -> None:
    repo = anthology_repository(tmp_path / "repo")
    commit = git(repo, "rev-parse", "HEAD")
    assert copy_stories_at(repo, commit, "tales", tmp_path / "copy") == 0
    assert list((tmp_path / "copy").iterdir()) == []


def test_revisions_and_repository(tmp_path: Path) -> None:
    repo = anthology_repository(tmp_path / "repo")
    assert resolve_revision(repo, "main") == git(repo, "rev-parse", "HEAD")
    assert repository_root(repo / "stories") == repo.resolve()
    with pytest.raises(GitStoriesError, match="'main~1' is not a commit in this repository"):
        resolve_revision(repo, "main~1")
