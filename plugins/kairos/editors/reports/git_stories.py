"""The stories folder as it was at a git revision, copied out without touching the checkout.

``kairos diff`` compares two revisions; checking one out would disturb the editor's working
tree, so the folder's files are read from git's object store instead (``git ls-tree`` lists
them, one ``git cat-file --batch`` reads them all) and written to a temporary folder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

_REGULAR_FILE_MODES = {"100644", "100755"}


class GitStoriesError(Exception):
    """Git could not give what was asked; the message says what and why."""


def _git(cwd: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise GitStoriesError(f"could not run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitStoriesError(message[-1] if message else f"git {arguments[0]} failed")
    return result.stdout


def repository_root(cwd: Path) -> Path:
    """The top folder of the git repository holding ``cwd``."""
    try:
        return Path(_git(cwd, "rev-parse", "--show-toplevel").decode().strip())
    except GitStoriesError:
        raise GitStoriesError(
            f"{cwd}: not inside a git repository; run kairos diff in the anthology's repository"
        ) from None


def resolve_revision(root: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, commit or ``HEAD~1``)."""
    try:
        found = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
    except GitStoriesError:
        found = b""
    if not found.strip():
        raise GitStoriesError(
            f"'{revision}' is not a commit in this repository; give a branch, tag or commit "
            "(for example main or HEAD~1), and fetch it first if it is only on GitHub"
        )
    return found.decode().strip()


def _tree_files(root: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """(blob, path inside ``folder``) for every regular file under ``folder`` at ``commit``."""
    pathspec = [] if folder == "." else ["--", f"{folder}/"]
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, *pathspec)
    files = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, _, path = entry.partition(b"\t")
        mode, kind, blob = info.decode().split()
        if kind == "blob" and mode in _REGULAR_FILE_MODES:
            relative = PurePosixPath(path.decode("utf-8", "surrogateescape"))
            if folder != ".":
                relative = relative.relative_to(folder)
            files.append((blob, relative.as_posix()))
    return files


def copy_stories_at(root: Path, commit: str, folder: str, into: Path) -> int:
    """Write the files of ``folder`` (relative to the repository's top) at ``commit`` under
    ``into``; return how many. A folder absent at that commit gives an empty ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    files = _tree_files(root, commit, folder.strip("/") or ".")
    if not files:
        return 0
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b, _ in files).encode())
    position = 0
    for blob, relative in files:
        header_end = output.index(b"\n", position)
        found, _kind, size = output[position:header_end].decode().split()
        if found != blob:
            raise GitStoriesError(f"git cat-file returned {found} for {blob}")
        start = header_end + 1
        target = into / relative
        if ".." in PurePosixPath(relative).parts:
            raise GitStoriesError(f"{relative}: a path that leaves the stories folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output[start : start + int(size)])
        position = start + int(size) + 1
    return len(files)


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of the regular file ``path`` (from the repository's top) at ``commit``, or
    None if there is none."""
    listing = _git(root, "ls-tree", "-z", "--full-tree", commit, "--", path)
    info, _, _name = listing.partition(b"\0")[0].partition(b"\t")
    if not info:
        return None
    mode, kind, blob = info.decode().split()
    if kind != "blob" or mode not in _REGULAR_FILE_MODES:
        return None
    return _git(root, "cat-file", "blob", blob)
