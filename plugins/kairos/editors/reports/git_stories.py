"""The stories folder as it was at a git revision, copied out without touching the checkout.

``kairos diff`` compares two revisions; checking one out would disturb the editor's working
tree, so the folder's files are read from git's object store instead (``git ls-tree`` lists
them, one ``git cat-file --batch`` reads them all) and written to a temporary folder.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path, PurePosixPath

_REGULAR_FILE_MODES = {"100644", "100755"}


class GitStoriesError(Exception):
    """Git could not give what was asked; the message says what and why."""


def _git(cwd: Path, *arguments: str, stdin: bytes | None = None, failed: str = "") -> bytes:
    """Git's output; when git fails, an error saying ``failed``, else what git said."""
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise GitStoriesError(failed or f"could not run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitStoriesError(failed or (message[-1] if message else f"git {arguments[0]} failed"))
    return result.stdout


def repository_root(cwd: Path) -> Path:
    """The top folder of the git repository holding ``cwd``."""
    failed = f"{cwd}: not inside a git repository; run kairos diff in the anthology's repository"
    return Path(_git(cwd, "rev-parse", "--show-toplevel", failed=failed).decode().strip())


def resolve_revision(root: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, commit or ``HEAD~1``)."""
    failed = (
        f"'{revision}' is not a commit in this repository; give a branch, tag or commit "
        "(for example main or HEAD~1), and fetch it first if it is only on GitHub"
    )
    name = f"{revision}^{{commit}}"
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", name, failed=failed)
    return found.decode().strip()


def _regular_files(root: Path, commit: str, path: str) -> dict[str, bytes]:
    """{path from the top: content} for every regular file (no link, no submodule) at
    ``path``, a file or a folder (``.`` for the whole tree), at ``commit``."""
    pathspec = [] if path == "." else ["--", path]
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, *pathspec)
    blobs = {}
    for entry in filter(None, listing.split(b"\0")):
        info, _, raw_name = entry.partition(b"\t")
        mode, _kind, blob = info.decode().split()
        if mode in _REGULAR_FILE_MODES:
            blobs[raw_name.decode("utf-8", "surrogateescape")] = blob
    batch = "".join(f"{blob}\n" for blob in blobs.values()).encode()
    output = io.BytesIO(_git(root, "cat-file", "--batch", stdin=batch))
    files = {}
    for name in blobs:
        size = int(output.readline().split()[2])  # "<blob> blob <size>"
        files[name] = output.read(size)
        output.read(1)  # the newline after each object
    return files


def copy_stories_at(root: Path, commit: str, folder: str, into: Path) -> int:
    """Write the files of ``folder`` (relative to the repository's top) at ``commit`` under
    ``into``; return how many. A folder absent at that commit gives an empty ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    folder = folder.strip("/") or "."
    files = _regular_files(root, commit, folder if folder == "." else f"{folder}/")
    for name, content in files.items():
        relative = PurePosixPath(name).relative_to(folder)
        if ".." in relative.parts:
            raise GitStoriesError(f"{relative}: a path that leaves the stories folder")
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(files)


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of the regular file ``path`` (from the repository's top) at ``commit``, or
    None if there is none."""
    return _regular_files(root, commit, path).get(path)
