"""Which entries of the stories folder are stories (files, and folders holding index.md), and a
warning naming each entry that will never be read, with the fix."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kairos.core.anthology import load_anthology
from kairos.core.problems import Problem
from kairos.core.story_sources import StoriesFolderMissing, ignored_files, story_sources
from kairos.editors.commands.cli import main

from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)


def test_files_and_folders_with_index_are_stories(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"b.md": valid_story()})
    (folder / "a").mkdir()
    (folder / "a" / "index.md").write_text(valid_story())
    (folder / "no-index").mkdir()
    (folder / "no-index" / "story.md").write_text(valid_story())
    (folder / "_drafts").mkdir()
    (folder / "_drafts" / "index.md").write_text(valid_story())
    sources = story_sources(folder)
    assert [(s.slug, s.name, s.folder) for s in sources] == [
        ("a", "a/index.md", folder / "a"),
        ("b", "b.md", None),
    ]
    assert sources[0].markdown == folder / "a" / "index.md"


def test_a_folder_story_is_published_under_its_folder_name(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path)
    (folder / "the-nurse").mkdir()
    (folder / "the-nurse" / "index.md").write_text(valid_story())
    anthology = load_anthology(folder, D, "stories")
    assert anthology.problems == []
    assert [(s.slug, s.loaded.path) for s in anthology.published] == [
        ("the-nurse", "stories/the-nurse/index.md")
    ]


def test_a_misnamed_folder_is_reported(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path)
    (folder / "The_Nurse").mkdir()
    (folder / "The_Nurse" / "index.md").write_text(valid_story())
    anthology = load_anthology(folder, D, "stories")
    assert [str(p) for p in anthology.problems] == [
        "stories/The_Nurse/index.md:1: folder name: found 'The_Nurse'; a story's folder name "
        "is its web address: lowercase letters, digits and single hyphens, e.g. 'the-nurse'"
    ]
    assert anthology.published == []


def test_a_capitalised_copy_is_not_told_to_take_the_other_storys_name(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"the-nurse.md": valid_story()})
    (folder / "The-Nurse.md").write_text(valid_story())
    (folder / "Night_Shift").mkdir()
    (folder / "Night_Shift" / "index.md").write_text(valid_story())
    anthology = load_anthology(folder, D, "stories")
    assert [str(p) for p in anthology.problems] == [
        "stories/Night_Shift/index.md:1: folder name: found 'Night_Shift'; a story's folder "
        "name is its web address: lowercase letters, digits and single hyphens, e.g. "
        "'night-shift'",
        "stories/The-Nurse.md:1: file name: found 'The-Nurse.md'; a story's file name is its "
        "web address: lowercase letters, digits and single hyphens, ending in .md, e.g. "
        "'the-nurse-2.md'",
    ]


def test_a_file_and_a_folder_with_one_slug_are_both_refused(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"x.md": valid_story()})
    (folder / "x").mkdir()
    (folder / "x" / "index.md").write_text(valid_story())
    anthology = load_anthology(folder, D, "stories")
    assert [str(p) for p in anthology.problems] == [
        "stories/x.md:1: file name: found stories/x/index.md too, with the same slug 'x'; a "
        "slug names one story: keep either the file or the folder, not both",
        "stories/x/index.md:1: file name: found stories/x.md too, with the same slug 'x'; a "
        "slug names one story: keep either the file or the folder, not both",
    ]
    assert anthology.published == []


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoriesFolderMissing):
        story_sources(tmp_path / "nowhere")


def rename_to_bytes(path: Path, name: bytes) -> None:
    """Rename ``path`` to ``name`` (raw bytes, not UTF-8) in the same folder."""
    os.rename(os.fsencode(path), os.path.join(os.fsencode(path.parent), name))


def test_a_file_name_that_is_not_utf8_is_reported_with_its_bytes_escaped(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"good.md": valid_story(), "bad.md": valid_story()})
    rename_to_bytes(folder / "bad.md", b"caf\xe9.md")
    (folder / "photos").mkdir()
    (folder / "photos" / "index.md").write_text(valid_story())
    rename_to_bytes(folder / "photos", b"ph\xf6tos")
    (source, _, folder_source) = story_sources(folder)
    assert (source.slug, source.name) == ("caf\\xe9", "caf\\xe9.md")
    assert (folder_source.slug, folder_source.name) == ("ph\\xf6tos", "ph\\xf6tos/index.md")
    anthology = load_anthology(folder, D, display_dir="stories")
    assert [str(p) for p in anthology.problems] == [
        "stories/caf\\xe9.md:1: file name: found 'caf\\xe9.md', a name that is not UTF-8 text "
        "(bytes shown as \\xNN); a story's file name is its web address: lowercase letters, "
        "digits and single hyphens, ending in .md, e.g. 'caf.md'",
        "stories/ph\\xf6tos/index.md:1: folder name: found 'ph\\xf6tos', a name that is not "
        "UTF-8 text (bytes shown as \\xNN); a story's folder name is its web address: "
        "lowercase letters, digits and single hyphens, e.g. 'phtos'",
    ]
    assert [j.slug for j in anthology.published] == ["good"]
    for problem in anthology.problems:
        str(problem).encode("utf-8")  # no lone surrogate left to crash an output


def test_a_problem_never_holds_a_lone_surrogate() -> None:
    problem = Problem("stories/caf\udce9.txt", 1, "file", "found 'caf\udce9.txt'")
    assert str(problem) == "stories/caf\\xe9.txt:1: file: found 'caf\\xe9.txt'"


# --- entries that are never read ------------------------------------------------------------

ELSEWHERE = (
    "this file is never read: only stories (.md files, or story folders holding index.md and "
    "their photos) and vocabulary.yml belong here; move a story's photo into its folder, and "
    "keep anything else out of the repository"
)


def rename_hint(stem: str) -> str:
    return (
        "this file is never read: a story's file name ends in .md; if it is a story, rename it "
        f"to '{stem}.md'"
    )


def test_every_file_that_is_never_read_is_named_with_what_to_do(tmp_path: Path) -> None:
    folder = stories_folder(
        tmp_path,
        {
            "the-nurse.md": valid_story(),
            "the-porter.markdown": valid_story(),
            "the-list.md.txt": valid_story(),
            "the-ward": valid_story(),
            "consent-form.pdf": b"%PDF-1.7",
            "_template.md": "a template",
            ".notes": "hidden",
        },
    )
    (folder / "drafts").mkdir()
    (folder / "drafts" / "the-list.md").write_text(valid_story())
    (folder / "the-butterfly").mkdir()  # a story folder, the media layout
    (folder / "the-butterfly" / "index.md").write_text(valid_story())
    (folder / "the-butterfly" / "drawing.png").write_bytes(b"\x89PNG")
    found = ignored_files(folder, "stories", story_sources(folder))
    assert [str(p) for p in found] == [
        f"stories/consent-form.pdf:1: warning: file: {ELSEWHERE}",
        "stories/drafts:1: warning: file: this folder is never read: a story kept in a folder "
        "needs its text in 'drafts/index.md'; put each story directly in stories/ as <slug>.md, "
        "or as <slug>/index.md",
        f"stories/the-list.md.txt:1: warning: file: {rename_hint('the-list')}",
        f"stories/the-porter.markdown:1: warning: file: {rename_hint('the-porter')}",
        f"stories/the-ward:1: warning: file: {rename_hint('the-ward')}",
    ]


def test_they_are_warnings_in_kairos_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = stories_folder(tmp_path, {"the-nurse.md": valid_story()})
    (folder / "the-porter.markdown").write_text(valid_story())
    anthology = load_anthology(folder, D, "stories")
    assert [s.slug for s in anthology.published] == ["the-nurse"]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--date", D.isoformat()])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"stories/the-porter.markdown:1: warning: file: {rename_hint('the-porter')}"
    )
    assert result.output.splitlines()[1].endswith("; 0 errors, 1 warning")
    strict = CliRunner().invoke(main, ["check", "--date", D.isoformat(), "--strict"])
    assert strict.exit_code == 1
