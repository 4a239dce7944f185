"""What ``kairos check PATH...`` checks: a stories folder, or some of its story files.

Editors type ``kairos check stories/x.md``, and pre-commit passes the files a commit changes. A
story is judged with the vocabulary and the other stories (slugs must not collide), so the whole
folder is always loaded; only the problems and counts of the stories named are reported. A file
that is not a story (``vocabulary.yml``) affects every story, so naming it checks them all.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.core.story_sources import COLLECTIONS_FOLDER, STORY_FOLDER_INDEX, StoriesFolderMissing
from kairos.core.vocabulary import VOCABULARY_FILE


class CheckTargetError(ValueError):
    """The paths given cannot be checked together; the message says why."""


@dataclass(frozen=True)
class CheckTarget:
    """A stories folder (as the user wrote it) and the stories in it to report, None for all."""

    stories_dir: str
    story_names: frozenset[str] | None = None

    def reported(self, anthology: Anthology) -> Anthology:
        """The anthology with only the named stories and collections (vocabulary problems
        always stay)."""
        if self.story_names is None:
            return anthology
        shown = self.stories_dir.rstrip("/") or "."
        paths = {f"{shown}/{name}" for name in self.story_names}
        return dataclasses.replace(
            anthology,
            stories=[s for s in anthology.stories if s.loaded.path in paths],
            folder_problems=[],
            collections=[c for c in anthology.collections if c.path in paths],
        )


def _story_of(path: Path) -> tuple[Path, str | None]:
    """The stories folder holding ``path``, and the story's name there (None: not a story)."""
    parent = path.parent
    if parent.name == COLLECTIONS_FOLDER and (parent.parent / VOCABULARY_FILE).is_file():
        return parent.parent, f"{COLLECTIONS_FOLDER}/{path.name}"  # a teaching collection
    if not (parent / VOCABULARY_FILE).is_file() and (parent.parent / VOCABULARY_FILE).is_file():
        # A story kept in its own folder: any of its files stands for the story.
        return parent.parent, f"{parent.name}/{STORY_FOLDER_INDEX}"
    if path.name.lower().endswith(".md"):
        return parent, path.name
    return parent, None


def check_target(arguments: tuple[str, ...]) -> CheckTarget:
    """One folder, or files of one stories folder; raises for a path that does not exist."""
    if not arguments:
        return CheckTarget("stories")
    folders: dict[str, Path] = {}
    names: set[str] = set()
    whole = False
    for argument in arguments:
        path = Path(argument)
        if not (path.is_dir() or path.is_file()):
            raise StoriesFolderMissing(f"{argument}: no such file or folder")
        folder, name = (path, None) if path.is_dir() else _story_of(path)
        folders[os.path.realpath(folder)] = folder
        if name is None:
            whole = True
        else:
            names.add(name)
    if len(folders) > 1:
        shown = ", ".join(sorted(p.as_posix() for p in folders.values()))
        raise CheckTargetError(
            f"found paths in more than one stories folder ({shown}); check one folder at a time"
        )
    (folder,) = folders.values()
    return CheckTarget(folder.as_posix(), None if whole else frozenset(names))
