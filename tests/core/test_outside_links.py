"""Symbolic links leading out of the project are refused, naming the link and its target."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kairos.core.anthology import load_anthology
from kairos.core.outside_links import links_leaving, project_root
from kairos.editors.commands.cli import main

from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)
HINT = "a site may only publish files of the project: put the file itself here, or remove the link"


def test_links_out_are_problems_and_links_within_are_not(tmp_path: Path) -> None:
    project = tmp_path / "project"
    folder = project / "docs"
    (folder / "deep").mkdir(parents=True)
    (folder / "page.md").write_text("# Page\n")
    (project / "notes.txt").write_text("inside the project")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "deep" / "environ").symlink_to("/proc/self/environ")
    (folder / "to-notes.txt").symlink_to(project / "notes.txt")
    (folder / "relative.md").symlink_to("page.md")
    (folder / "hop").symlink_to("../notes.txt")  # inside, via a relative path
    (folder / "up").symlink_to("../..")  # a folder outside: not walked into
    (folder / "loop").symlink_to("loop")
    problems = [str(p) for p in links_leaving(folder, project, "docs")]
    assert problems == [
        f"docs/deep/environ:1: file: found a symbolic link to "
        f"'{Path('/proc/self/environ').resolve()}', outside the project folder; {HINT}",
        "docs/loop:1: file: found a symbolic link that loops; remove it",
        f"docs/passwd:1: file: found a symbolic link to '{Path('/etc/passwd').resolve()}', "
        f"outside the project folder; {HINT}",
        f"docs/up:1: file: found a symbolic link to '{tmp_path}', outside the project folder; "
        f"{HINT}",
    ]


def test_a_folder_that_is_itself_a_link_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "docs").symlink_to(tmp_path / "elsewhere")
    assert [
        str(p) for p in links_leaving(tmp_path / "project/docs", tmp_path / "project", "docs")
    ] == [
        f"docs:1: file: found a symbolic link to '{tmp_path / 'elsewhere'}', outside the project "
        f"folder; {HINT}"
    ]


def test_the_project_is_the_folder_holding_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "site-project" / "content" / "stories").mkdir(parents=True)
    assert (
        project_root(tmp_path / "site-project/content/stories") == tmp_path / "site-project/content"
    )
    (tmp_path / "site-project" / "mkdocs.yml").write_text("site_name: x\n")
    assert project_root(tmp_path / "site-project/content/stories") == tmp_path / "site-project"


def test_kairos_check_reports_a_link_out_of_the_stories_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = stories_folder(tmp_path, {"the-nurse.md": valid_story()})
    (folder / "the-nurse-photo.jpg").symlink_to("/etc/passwd")
    (folder / "linked.md").symlink_to("/etc/passwd")  # a story file: the loader refuses it
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "stories", "--date", D.isoformat()])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == [
        "stories/linked.md:1: file: found a symbolic link to '/etc/passwd'; a story must be a "
        "regular file inside the stories folder",
        f"stories/the-nurse-photo.jpg:1: file: found a symbolic link to "
        f"'{Path('/etc/passwd').resolve()}', outside the project folder; {HINT}",
    ]
    assert "root:" not in result.output
    anthology = load_anthology(folder, D, "stories")
    assert len(anthology.folder_problems) == 1
    assert [s.slug for s in anthology.published] == ["the-nurse"]
    assert os.path.islink(folder / "linked.md")
