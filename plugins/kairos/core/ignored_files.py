"""Files in the stories folder that no build will ever read, so an editor is told, not ignored.

``the-nurse.markdown``, ``the-nurse.md.txt`` or a folder without ``index.md`` would never be
published, silently: each gets a warning saying what to do. Not warned about: ``*.md`` files
(the loader reports a bad name), story folders, ``vocabulary.yml``, ``collections`` (the
collection loader warns about its entries), names starting with ``_`` or ``.``, and symbolic
links (:mod:`kairos.core.outside_links` and the loader).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kairos.core.problems import Problem
from kairos.core.story_sources import COLLECTIONS_FOLDER, STORY_FOLDER_INDEX, StorySource
from kairos.core.vocabulary import VOCABULARY_FILE

_TEXT_SUFFIXES = (".markdown", ".mdown", ".mkd", ".txt", ".text", "")


def _advice(name: str) -> str:
    stem = name.split(".", 1)[0]  # (a name starting with '.' is never warned about)
    suffix = name[len(stem) :].lower()
    if suffix in _TEXT_SUFFIXES or suffix.endswith((".md.txt", ".md.bak")):
        return (
            "this file is never read: a story's file name ends in .md; if it is a story, "
            f"rename it to '{stem}.md'"
        )
    return (
        "this file is never read: only stories (.md files, or story folders holding index.md "
        "and their photos) and vocabulary.yml belong here; move a story's photo into its "
        "folder, and keep anything else out of the repository"
    )


def ignored_files(
    stories_dir: Path, display_dir: str, stories: Iterable[StorySource]
) -> list[Problem]:
    """A warning for each entry of ``stories_dir`` that is neither one of its ``stories``
    (:func:`~kairos.core.story_sources.story_sources`) nor its vocabulary."""
    read = {VOCABULARY_FILE, *((source.folder or source.markdown).name for source in stories)}
    problems = []
    with os.scandir(stories_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name in read or name.startswith(("_", ".")) or entry.is_symlink():
                continue
            if not entry.is_dir():
                message = _advice(name)
            elif name == COLLECTIONS_FOLDER:
                continue  # teaching collections
            else:
                message = (
                    "this folder is never read: a story kept in a folder needs its text in "
                    f"'{name}/{STORY_FOLDER_INDEX}'; put each story directly in "
                    f"{display_dir}/ as <slug>.md, or as <slug>/{STORY_FOLDER_INDEX}"
                )
            problems.append(
                Problem(f"{display_dir}/{name}", 1, "file", message, severity="warning")
            )
    return problems
