"""The ``kairos-check`` pre-commit hook, run as another repository of stories would run it.

NETWORK: this one test installs Kairos into pre-commit's own environment, which downloads its
dependencies from PyPI (a minute or two). It is the only test here that needs the network.

``pre-commit try-repo`` installs the hook from a git repository. Rather than the project's
repository as committed (which, while someone is working, lacks their new files), the test
commits a snapshot of the working tree (tracked and untracked files, minus ignored ones) into a
temporary repository, so it checks exactly the code under test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..story_cases import FIXTURE_VOCABULARY, valid_story

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
# Never copied into the snapshot even before .gitignore lists them.
NOT_SOURCE = ("node_modules/", "site/", ".venv/")


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=_git_env()
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def _git_env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Kairos tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "Kairos tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": os.environ.get("HOME", "/tmp"),
    }


def committed_snapshot(source: Path, target: Path) -> Path:
    """A one-commit repository holding ``source``'s working tree as it is now."""
    names = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=source)
    for name in filter(None, names.split("\0")):
        if name.startswith(NOT_SOURCE) or not (source / name).is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target / name)
    git("init", "-q", "-b", "main", cwd=target)
    git("add", "-A", cwd=target)
    git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot", cwd=target)
    return target


def test_try_repo_fails_on_an_invalid_story_and_shows_the_problem(tmp_path: Path) -> None:
    if not PRE_COMMIT.is_file():
        pytest.fail(f"pre-commit is not installed in {PRE_COMMIT.parent}; run make install")
    hook_repo = committed_snapshot(ROOT, (tmp_path / "kairos").resolve())
    assert (hook_repo / ".pre-commit-hooks.yaml").is_file()

    stories_repo = tmp_path / "anthology"
    (stories_repo / "stories").mkdir(parents=True)
    shutil.copy(FIXTURE_VOCABULARY, stories_repo / "stories" / "vocabulary.yml")
    (stories_repo / "stories" / "valid.md").write_text(valid_story(), encoding="utf-8")
    broken = valid_story().replace("themes: [kindness, end-of-life]", "themes: [kindnes]")
    (stories_repo / "stories" / "broken.md").write_text(broken, encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=stories_repo)
    git("add", "-A", cwd=stories_repo)

    env = {k: v for k, v in _git_env().items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [
            str(PRE_COMMIT),
            "try-repo",
            str(hook_repo),
            "kairos-check",
            "--all-files",
            "--color=never",
        ],
        cwd=stories_repo,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "kairos check (story front-matter and consent)" in output
    assert "Failed" in output
    assert (
        "stories/broken.md:8: themes: 'kindnes' is not a known theme; did you mean 'kindness'?"
        in output
    )
    assert "stories/valid.md" not in output
    assert "2 stories checked: 1 valid, 1 invalid" in output
