"""``kairos purge SLUG``: the printed steps, run on a throwaway repository, leave no trace.

A story's text is committed in several versions (on main, on a branch and a tag, once as a file
and once as a folder with a photo), then turned into a tombstone. The printed script runs in
bash against a bare "server" repository; afterwards no object of the purged clone, of the
server once it has collected its garbage, or of a new clone holds any version of the text,
while the tombstone and the other stories are still there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.editors.commands.cli import main

from ...git_repository import anthology_repository, commit_all, git
from ...story_cases import stories_folder, valid_story

SENTENCES = (
    "Aunt Petronella kept the blue teacup by the ward window.",
    "On the third night Petronella asked for the radio.",
    "A draft about Petronella that never left its branch.",
)
KEPT = "The porter whistled the same tune every night."
PHOTO = b"\x89PNG\r\n\x1a\n" + b"Petronella photo bytes " * 4
TOMBSTONE = """---
title: The teacup
summary: A niece remembers her aunt's last week on the ward.
storyteller:
  name: Mo
  role: family-member
published: 2026-01-15
themes: [kindness]
framework_level: civil-discourse
consent:
  status: withdrawn
  record: KF-2026-007
  given_by: storyteller
  withdrawn_on: 2026-03-02
---
"""
VENV_BIN = Path(sys.executable).parent


def story(text: str) -> str:
    return valid_story().replace("She pulled up a chair and sat down.\n", f"{text}\n")


def purge(repo: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, ["purge", *args])
    finally:
        os.chdir(cwd)


def history(root: Path, *, folder: bool) -> Path:
    """The editors' repository: the story's versions, then its tombstone; a bare server."""
    work = anthology_repository(
        root / "work", {"gone.md": story(SENTENCES[0]), "kept.md": story(KEPT)}
    )
    stories = work / "stories"
    (stories / "gone.md").write_text(story(f"{SENTENCES[0]}\n\n{SENTENCES[1]}"), "utf-8")
    commit_all(work, "Second version")
    git(work, "switch", "--quiet", "--create", "draft")
    (stories / "gone.md").write_text(story(SENTENCES[2]), "utf-8")
    commit_all(work, "A draft")
    git(work, "tag", "draft-1")
    git(work, "switch", "--quiet", "main")
    if folder:
        (stories / "gone").mkdir()
        git(work, "mv", "stories/gone.md", "stories/gone/index.md")
        (stories / "gone" / "photo.png").write_bytes(PHOTO)
        commit_all(work, "Photos")
        (stories / "gone" / "photo.png").unlink()
        (stories / "gone" / "index.md").write_text(TOMBSTONE, "utf-8")
    else:
        (stories / "gone.md").write_text(TOMBSTONE, "utf-8")
    commit_all(work, "Withdrawn")
    subprocess.run(
        ["git", "clone", "--quiet", "--bare", str(work), str(root / "server.git")], check=True
    )
    return work


def every_object(repo: Path) -> bytes:
    return subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout


def raw_bytes(git_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(git_dir.rglob("*")) if p.is_file())


def traces(data: bytes) -> list[str]:
    found = [s for s in SENTENCES if s.encode() in data]
    return found + (["photo"] if b"Petronella photo" in data else [])


def run_steps(script: str, where: Path) -> None:
    where.mkdir()
    identity = {"GIT_AUTHOR_NAME": "Admin", "GIT_AUTHOR_EMAIL": "admin@example.org"}
    identity |= {"GIT_COMMITTER_NAME": "Admin", "GIT_COMMITTER_EMAIL": "admin@example.org"}
    env = {
        **os.environ,
        **identity,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(where),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(
        ["bash", "-c", script], cwd=where, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
def test_the_printed_steps_remove_every_version_of_the_text(tmp_path: Path, folder: bool) -> None:
    work = history(tmp_path, folder=folder)
    server = tmp_path / "server.git"
    assert traces(every_object(server)) == [*SENTENCES, *(["photo"] if folder else [])]

    result = purge(work, "gone", "--repository", str(server))
    assert result.exit_code == 0, result.output
    run_steps(result.output, tmp_path / "admin")

    purged = tmp_path / "admin" / "kairos-purge-gone"
    assert traces(every_object(purged)) == []
    assert traces(raw_bytes(purged / ".git")) == []
    # The server keeps the old objects until it collects its garbage (on GitHub: Support).
    assert traces(every_object(server)) != []
    git(server, "reflog", "expire", "--expire=now", "--all")
    git(server, "gc", "--quiet", "--prune=now")
    assert traces(every_object(server)) == []

    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", "--no-local", str(server), str(fresh))
    assert traces(every_object(fresh)) == []
    tombstone = "stories/gone/index.md" if folder else "stories/gone.md"
    assert (fresh / tombstone).read_text("utf-8") == TOMBSTONE
    assert KEPT.encode() in every_object(fresh)
    assert (fresh / "stories" / "kept.md").read_text("utf-8") == story(KEPT)
    touched = git(fresh, "log", "--all", "--format=%s", "--", "stories/gone.md", "stories/gone/")
    assert touched == "Tombstone of the withdrawn story gone (history purged)"
    assert git(server, "for-each-ref", "--format=%(refname)") == (
        "refs/heads/draft\nrefs/heads/main\nrefs/tags/draft-1"
    )


def test_the_steps_name_both_layouts_and_run_nothing(tmp_path: Path) -> None:
    work = history(tmp_path, folder=True)
    git(work, "remote", "add", "origin", "git@github.com:example/stories.git")
    before = git(tmp_path / "server.git", "rev-parse", "main")
    result = purge(work, "gone")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "REPOSITORY=git@github.com:example/stories.git" in lines
    assert "git show HEAD:stories/gone/index.md > ../gone.tombstone.md" in lines
    assert "git filter-repo --invert-paths --path stories/gone.md --path stories/gone/" in lines
    assert "git push --force --all origin" in lines
    assert any("GitHub" in line and "Support" in line for line in lines)
    assert git(tmp_path / "server.git", "rev-parse", "main") == before
    assert not (work / "kairos-purge-gone").exists()


@pytest.mark.parametrize(
    ("slug", "code", "message"),
    [
        (
            "kept",
            1,
            "kairos purge: stories/kept.md: not a tombstone yet; set consent.status to "
            "withdrawn, add withdrawn_on, delete the text (and photos), merge it, then purge "
            "(see the editors' guide, 'Withdrawing a story')\n",
        ),
        (
            "missing",
            2,
            "kairos purge: no story 'missing' in stories; give the slug of a tombstone\n",
        ),
        (
            "Gone",
            2,
            "kairos purge: 'Gone' is not a slug; expected lowercase letters, digits and hyphens\n",
        ),
    ],
)
def test_refusals(tmp_path: Path, slug: str, code: int, message: str) -> None:
    work = anthology_repository(tmp_path / "work", {"kept.md": story(KEPT)})
    result = purge(work, slug)
    assert (result.exit_code, result.output) == (code, message)


def test_outside_a_git_repository_it_cannot_run(tmp_path: Path) -> None:
    stories_folder(tmp_path, {"gone.md": TOMBSTONE})
    result = purge(tmp_path, "gone")
    assert (result.exit_code, result.output) == (
        2,
        "kairos purge: stories: not inside a git repository; run kairos purge there\n",
    )
