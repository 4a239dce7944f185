"""Symbolic links that lead out of the project: MkDocs follows them and would publish their target.

A link in ``docs/`` to ``/etc/passwd`` or ``/proc/self/environ`` was published by a strict
build. Any symbolic link under ``docs/`` or ``stories/`` whose target, once every link in the
way is followed, lies outside the project folder (the folder holding ``mkdocs.yml``) is refused;
links that stay inside it are left alone. The stories folder or docs folder being itself such a
link is refused the same way.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from kairos.core.problems import Problem
from kairos.core.site_settings import MKDOCS_FILE


def project_root(stories_dir: Path) -> Path:
    """The nearest folder above ``stories_dir`` holding ``mkdocs.yml``; else its parent."""
    start = stories_dir.absolute().parent
    return next((f for f in (start, *start.parents) if (f / MKDOCS_FILE).is_file()), start)


def _problems(link: Path, shown: str, root: Path) -> list[Problem]:
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return [Problem(shown, 1, "file", "found a symbolic link that loops; remove it")]
    if target.is_relative_to(root):
        return []
    message = (
        f"found a symbolic link to '{target}', outside the project folder; a site may only "
        "publish files of the project: put the file itself here, or remove the link"
    )
    return [Problem(shown, 1, "file", message)]


def links_leaving(
    folder: Path, root: Path, display: str, *, skip: Collection[Path] = ()
) -> list[Problem]:
    """A problem for each symbolic link in ``folder`` (at any depth, and ``folder`` itself)
    leading outside ``root``; paths are shown under ``display``. Links in ``skip`` are left to
    the caller (the story loader refuses every symbolic story file itself)."""
    root = root.resolve()
    if folder.is_symlink():
        return _problems(folder, display, root)
    skipped = {path.absolute() for path in skip}
    problems = []
    for current, dirs, files in os.walk(folder):  # (nothing when folder is not a folder)
        for name in [*dirs, *files]:
            # Plain strings first: a Path for every file took a second at 5,000 stories.
            if not os.path.islink(os.path.join(current, name)):
                continue
            path = Path(current, name)
            if path.absolute() not in skipped:
                shown = f"{display}/{path.relative_to(folder).as_posix()}"
                problems += _problems(path, shown, root)
    return sorted(problems, key=lambda problem: problem.path)
