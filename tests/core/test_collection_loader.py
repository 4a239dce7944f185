"""Where collections live in the stories folder, and what around them is reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from kairos.core.anthology import load_anthology
from kairos.core.story_sources import story_sources
from kairos.editors.commands.cli import main

from ..collection_cases import teaching_folder, valid_collection

D = dt.date(2026, 6, 1)


def test_the_collections_folder_is_no_story_and_no_stray_folder(tmp_path: Path) -> None:
    folder = teaching_folder(tmp_path, {"kindness.md": valid_collection()})
    anthology = load_anthology(folder, D, "stories")
    assert "collections" not in {source.slug for source in story_sources(folder)}
    assert anthology.problems == []
    assert [c.slug for c in anthology.collections] == ["kindness"]
    assert anthology.collections[0].is_valid


def test_an_index_md_in_the_collections_folder_is_a_collection_not_a_story(
    tmp_path: Path,
) -> None:
    folder = teaching_folder(tmp_path, {"index.md": valid_collection()})
    anthology = load_anthology(folder, D, "stories")
    assert [source.slug for source in story_sources(folder)] == sorted(
        s.slug for s in anthology.stories
    )
    assert "collections" not in {s.slug for s in anthology.stories}
    assert [c.slug for c in anthology.collections] == ["index"]


def test_other_entries_of_the_collections_folder_are_warned_about(tmp_path: Path) -> None:
    folder = teaching_folder(
        tmp_path,
        {"kindness.md": valid_collection(), "notes.txt": "x", "_draft.md": "x", ".hidden": "x"},
    )
    problems = [str(p) for p in load_anthology(folder, D, "stories").problems]
    assert problems == [
        "stories/collections/notes.txt:1: warning: file: this entry is never read: only "
        "collections (one .md file each) belong in stories/collections/"
    ]


def test_checking_one_collection_file_reports_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = valid_collection("  - story: nowhere\n")
    teaching_folder(tmp_path, {"kindness.md": valid_collection(), "broken.md": broken})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["check", "stories/collections/broken.md", "--date", "2026-06-01"]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("stories/collections/broken.md:12: stories.story: found 'nowhere'")
    assert not any("kindness.md" in line for line in lines)
    assert lines[-1].startswith("0 stories checked")
