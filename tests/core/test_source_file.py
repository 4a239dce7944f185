"""Hostile files in the stories folder are refused before they are read."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from kairos.core import source_file
from kairos.core.anthology import load_anthology
from kairos.core.source_file import MAX_FILE_BYTES, read_source_text
from kairos.core.story_sources import story_sources

from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)


def messages(folder: Path) -> list[str]:
    return [str(p) for p in load_anthology(folder, D, "stories").problems]


def test_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    big = valid_story() + "x" * (1024 * 1024)
    folder = stories_folder(tmp_path, {"big.md": big})
    assert messages(folder) == [
        f"stories/big.md:1: file: found {len(big.encode()):,} bytes; a file may be at most "
        "1,048,576 bytes (1 MiB)"
    ]


def test_symlink_is_refused_even_to_a_valid_story(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(valid_story())
    folder = stories_folder(tmp_path)
    (folder / "linked.md").symlink_to(outside)
    assert messages(folder) == [
        f"stories/linked.md:1: file: found a symbolic link to '{outside}'; a story must be a "
        "regular file inside the stories folder"
    ]
    assert load_anthology(folder, D).published == []


def test_a_folder_named_like_a_story_is_not_read(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"a.md": valid_story()})
    (folder / "drafts").mkdir()
    (folder / "drafts" / "b.md").write_text(valid_story())
    (folder / "_draft.md").write_text("not a story")
    (folder / ".hidden.md").write_text("not a story")
    (folder / "notes.txt").write_text("not a story")
    assert [s.name for s in story_sources(folder)] == ["a.md"]
    # Not read, but not silent: see ignored_files in test_story_sources.py.
    assert [m.split(": warning: ")[0] for m in messages(folder)] == [
        "stories/drafts:1",
        "stories/notes.txt:1",
    ]


def test_upper_case_extension_is_reported_not_skipped(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"a-story.MD": valid_story()})
    assert messages(folder)[0].startswith("stories/a-story.MD:1: file name: found 'a-story.MD'")


def test_bom_and_crlf_are_accepted_with_true_line_numbers(tmp_path: Path) -> None:
    text = "\ufeff" + valid_story().replace("[kindness", "[kindnes").replace("\n", "\r\n")
    folder = stories_folder(tmp_path, {"a.md": text.encode()})
    assert messages(folder) == [
        "stories/a.md:8: themes: 'kindnes' is not a known theme; did you mean 'kindness'?"
    ]


def _files_of_every_kind(folder: Path) -> list[Path]:
    outside = folder / "outside.md"
    outside.write_text(valid_story())
    contents = {
        "story.md": valid_story().encode(),
        "crlf-bom.md": b"\xef\xbb\xbf" + valid_story().replace("\n", "\r\n").encode(),
        "empty.md": b"",
        "blank.md": b" \n\t\n",
        "nul.md": b"---\x00",
        "latin-1.md": "caf\u00e9\n".encode("latin-1"),
        "at-the-limit.md": b"x" * MAX_FILE_BYTES,
        "over-the-limit.md": b"x" * (MAX_FILE_BYTES + 1),
    }
    files = []
    for name, content in contents.items():
        (folder / name).write_bytes(content)
        files.append(folder / name)
    (folder / "linked.md").symlink_to(outside)
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    (folder / "folder.md").mkdir()
    os.mkfifo(folder / "fifo.md")
    return [*files, folder / "linked.md", folder / "dangling.md", folder / "folder.md",
            folder / "fifo.md", folder / "missing.md"]  # fmt: skip


@pytest.mark.parametrize("nofollow", [True, False], ids=["O_NOFOLLOW", "no-O_NOFOLLOW"])
def test_every_kind_of_file_is_read_or_refused_on_line_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nofollow: bool
) -> None:
    """Files are opened (never following a link, never waiting on a FIFO) and their status
    read from the open file, or from the path where it cannot be opened. Where the system has
    no O_NOFOLLOW (Windows), links are still refused, from the path's status."""
    if not nofollow:
        monkeypatch.setattr(source_file, "_FLAGS", [None, *source_file._FLAGS[1:]])
        monkeypatch.setattr(source_file, "_OPEN_FLAGS", source_file._OPEN_FLAGS & ~os.O_NOFOLLOW)
    files = _files_of_every_kind(tmp_path)
    found = {file.name: read_source_text(file, file.name) for file in files}
    assert found["story.md"] == (valid_story(), [])
    assert found["crlf-bom.md"] == (valid_story(), [])
    assert found["at-the-limit.md"] == ("x" * MAX_FILE_BYTES, [])
    refused = {name: str(problems[0]) for name, (text, problems) in found.items() if text is None}
    assert refused == {
        "empty.md": "empty.md:1: file: found an empty file; a story needs its front-matter "
        "block and text",
        "blank.md": "blank.md:1: file: found an empty file; a story needs its front-matter "
        "block and text",
        "nul.md": "nul.md:1: file: found a NUL byte at byte 3; this is a binary file, not UTF-8 "
        "text",
        "latin-1.md": "latin-1.md:1: file: found bytes that are not UTF-8 (byte 0xe9 on line 1); "
        "save the file as UTF-8",
        "over-the-limit.md": "over-the-limit.md:1: file: found 1,048,577 bytes; a file may be at "
        "most 1,048,576 bytes (1 MiB)",
        "linked.md": f"linked.md:1: file: found a symbolic link to '{tmp_path / 'outside.md'}'; "
        "a story must be a regular file inside the stories folder",
        "dangling.md": f"dangling.md:1: file: found a symbolic link to '{tmp_path / 'nowhere.md'}'"
        "; a story must be a regular file inside the stories folder",
        "folder.md": "folder.md:1: file: found something that is not a regular file; remove it",
        "fifo.md": "fifo.md:1: file: found something that is not a regular file; remove it",
        "missing.md": "missing.md:1: file: not found; create it (see the editors' guide)",
    }
