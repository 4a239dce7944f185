"""Real git repositories in temporary folders, for the commands that read git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .story_cases import stories_folder


def git(repo: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", *arguments], cwd=repo, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(arguments)}: {result.stderr}"
    return result.stdout.strip()


def anthology_repository(root: Path, files: dict[str, str] | None = None) -> Path:
    """A git repository at ``root`` on branch main, whose first commit holds ``stories/``."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "config", "commit.gpgsign", "false")
    stories_folder(root, dict(files or {}))
    commit_all(root, "Stories")
    return root


def commit_all(repo: Path, message: str) -> str:
    """Commit everything in the working tree; return the new commit."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", message)
    return git(repo, "rev-parse", "HEAD")
