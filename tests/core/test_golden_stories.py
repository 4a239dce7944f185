"""Golden files: each ``fixtures/stories/<case>.md`` beside ``<case>.expected.txt``.

The expected file holds exactly what ``kairos check`` prints for a folder holding that one
story (and the fixture vocabulary) on 2026-06-01, then its exit status. A missing expected file
fails; set ``KAIROS_UPDATE_GOLDEN=1`` to write it, then read it before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kairos.editors.commands.cli import main

from ..story_cases import GOLDEN_STORIES, stories_folder

CASES = sorted(GOLDEN_STORIES.glob("*.md"))
BUILD_DATE = "2026-06-01"


def run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = stories_folder(tmp_path)
    shutil.copy(case, folder / case.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "stories", "--date", BUILD_DATE])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return f"{result.output}exit status: {result.exit_code}\n"


def test_there_are_enough_cases() -> None:
    bad = [c for c in CASES if not c.name.startswith("valid-")]
    assert len(bad) >= 40
    assert len(CASES) - len(bad) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_file = case.with_name(case.stem + ".expected.txt")
    actual = run_case(case, tmp_path, monkeypatch)
    if os.environ.get("KAIROS_UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"missing golden file {expected_file.name}"
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", [c for c in CASES if not c.name.startswith("valid-")])
def test_every_bad_case_is_an_error(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_case(case, tmp_path, monkeypatch).endswith("exit status: 1\n")


def test_every_expected_file_has_its_case() -> None:
    stems = {c.stem for c in CASES}
    orphans = [p.name for p in GOLDEN_STORIES.glob("*.expected.txt") if p.name[:-13] not in stems]
    assert orphans == []
