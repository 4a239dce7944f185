"""Files in the stories folder that will never be read get a warning naming them and the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from kairos.core.anthology import load_anthology
from kairos.core.ignored_files import ignored_files
from kairos.core.story_sources import story_sources
from kairos.editors.commands.cli import main

from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)
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
