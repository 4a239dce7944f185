"""Shared options, and the command that hints print for running kairos again."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kairos.editors.commands.command_options import how_to_run_kairos

from ...story_cases import stories_folder

KAIROS = Path(sys.executable).with_name("kairos")


@pytest.mark.parametrize(
    ("argv0", "on_path", "cwd", "expected"),
    [
        ("/repo/.venv/bin/kairos", "/repo/.venv/bin/kairos", "/repo", "kairos"),
        ("/repo/.venv/bin/kairos", None, "/repo", ".venv/bin/kairos"),
        ("/repo/.venv/bin/kairos", "/usr/bin/kairos", "/repo", ".venv/bin/kairos"),
        ("/repo/.venv/bin/kairos", None, "/elsewhere", "/repo/.venv/bin/kairos"),
        ("/usr/bin/pytest", None, "/repo", "kairos"),  # run from Python, not the command
    ],
)
def test_how_to_run_kairos(argv0: str, on_path: str | None, cwd: str, expected: str) -> None:
    assert how_to_run_kairos(argv0, on_path or "", Path(cwd)) == expected


def test_the_hint_after_kairos_new_works_as_written(tmp_path: Path) -> None:
    """As after `make serve`: kairos is in .venv/bin, not on the PATH."""
    stories_folder(tmp_path)
    environ = {**os.environ, "PATH": "/usr/bin:/bin"}
    created = subprocess.run(
        [
            str(KAIROS),
            "new",
            "--title",
            "T",
            "--summary",
            "S",
            "--name",
            "Sam",
            "--role",
            "patient",
            "--theme",
            "kindness",
            "--level",
            "co-planning",
        ],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    hint = created.stdout.splitlines()[-1]
    assert hint == f"  3. Check it: {KAIROS} check stories/t.md"
    checked = subprocess.run(
        shlex.split(hint.removeprefix("  3. Check it: ")),
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[0].endswith(
        ": held back: consent pending (set consent.status to granted when the signed form is back)"
    )
    assert checked.stdout.splitlines()[1].startswith("1 story checked: 1 valid, 0 invalid;")
