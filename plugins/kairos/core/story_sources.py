"""Where the stories of a folder are: one Markdown file each, or one folder each with its media.

A story is either ``stories/<slug>.md`` or ``stories/<slug>/index.md`` with the story's media
files beside it. Both give the same web address, ``/stories/<slug>/``. This module is the one
place that decides which entries of the stories folder are stories; the loader, the checker,
the site and the audit all ask it. An entry that no build will ever read gets a warning
(:func:`ignored_files`), so an editor is told, not ignored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kairos.core.problems import Problem, printable_name
from kairos.core.vocabulary import VOCABULARY_FILE

#: The Markdown file of a story kept in its own folder.
STORY_FOLDER_INDEX = "index.md"
#: The sub-folder of the stories folder that holds teaching collections: never a story folder.
COLLECTIONS_FOLDER = "collections"


class StoriesFolderMissing(FileNotFoundError):
    """The stories folder does not exist, so nothing can be checked."""


@dataclass(frozen=True)
class StorySource:
    """One story's place in the stories folder.

    ``slug`` is the file name without ``.md``, or the folder's name (bytes that are not UTF-8
    written ``\\xe9``); it may break the slug rule (the loader reports that). ``folder`` is
    the story's own folder, None for a story kept in one file.
    """

    slug: str
    markdown: Path
    folder: Path | None = None

    @property
    def name(self) -> str:
        """The Markdown file's path inside the stories folder: ``x.md`` or ``x/index.md``."""
        if self.folder is None:
            return printable_name(self.markdown.name)
        return f"{printable_name(self.folder.name)}/{STORY_FOLDER_INDEX}"


def story_sources(stories_dir: Path) -> list[StorySource]:
    """Every story of ``stories_dir``, sorted by slug (a file before a folder of the same slug).

    A misnamed ``.md`` file or folder is returned too, so that it is reported rather than
    skipped, and so is a symbolic link named like a story file (the loader refuses it); a
    symbolic link to a folder is not a story.
    """
    if not stories_dir.is_dir():
        raise StoriesFolderMissing(f"{stories_dir}: no such folder")
    sources: list[StorySource] = []
    with os.scandir(stories_dir) as entries:
        for entry in entries:
            if entry.name.startswith(("_", ".")):
                continue
            if entry.is_dir(follow_symlinks=False):
                index = Path(entry.path) / STORY_FOLDER_INDEX
                if entry.name != COLLECTIONS_FOLDER and os.path.lexists(index):
                    sources.append(StorySource(printable_name(entry.name), index, Path(entry.path)))
            elif entry.name.lower().endswith(".md"):
                sources.append(StorySource(printable_name(entry.name[:-3]), Path(entry.path)))
    return sorted(sources, key=lambda source: (source.slug, source.folder is not None))


_TEXT_SUFFIXES = (".markdown", ".mdown", ".mkd", ".txt", ".text", "")


def ignored_files(
    stories_dir: Path, display_dir: str, stories: Iterable[StorySource]
) -> list[Problem]:
    """A warning for each entry of ``stories_dir`` that is neither one of its ``stories`` nor
    its vocabulary, saying what to do: ``the-nurse.markdown``, ``the-nurse.md.txt`` or a folder
    without ``index.md`` would never be published, silently. Names starting with ``_`` or
    ``.`` and symbolic links (:mod:`kairos.core.outside_links` and the loader) are not warned
    about, nor is ``collections`` (the collection loader warns about its entries)."""
    read = {VOCABULARY_FILE, *((source.folder or source.markdown).name for source in stories)}
    problems = []
    with os.scandir(stories_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name in read or name.startswith(("_", ".")) or entry.is_symlink():
                continue
            stem = name.split(".", 1)[0]
            suffix = name[len(stem) :].lower()
            if entry.is_dir() and name == COLLECTIONS_FOLDER:
                continue  # teaching collections
            if entry.is_dir():
                message = (
                    "this folder is never read: a story kept in a folder needs its text in "
                    f"'{name}/{STORY_FOLDER_INDEX}'; put each story directly in "
                    f"{display_dir}/ as <slug>.md, or as <slug>/{STORY_FOLDER_INDEX}"
                )
            elif suffix in _TEXT_SUFFIXES or suffix.endswith((".md.txt", ".md.bak")):
                message = (
                    "this file is never read: a story's file name ends in .md; if it is a "
                    f"story, rename it to '{stem}.md'"
                )
            else:
                message = (
                    "this file is never read: only stories (.md files, or story folders holding "
                    "index.md and their photos) and vocabulary.yml belong here; move a story's "
                    "photo into its folder, and keep anything else out of the repository"
                )
            problems.append(Problem(f"{display_dir}/{name}", 1, "file", message, "warning"))
    return problems
