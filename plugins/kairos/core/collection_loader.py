"""Load the teaching collections of a stories folder: ``stories/collections/<slug>.md``.

A collection is read like a story (the same front-matter reader and identifier scan) and
checked against the stories folder's slugs: an unknown or repeated story is an error. Whether
each story may be taught from on the build date is decided later, by
:mod:`kairos.core.teaching`, since consent changes and a held-back story never stops the site.
"""

from __future__ import annotations

import re
from collections.abc import Collection as Slugs
from dataclasses import dataclass, field
from pathlib import Path

from kairos.core.collection import Collection
from kairos.core.front_matter import LoadedFile, Location, YamlDocument
from kairos.core.identifier_problems import identifier_problems
from kairos.core.problems import Problem, did_you_mean, printable_name
from kairos.core.story import SLUG_PATTERN
from kairos.core.story_loader import name_problems
from kairos.core.story_sources import COLLECTIONS_FOLDER
from kairos.core.validation_messages import validated

_TEXT_FIELDS = ("title", "summary", "audience", "time_needed", "learning_outcomes")


@dataclass
class LoadedCollection(LoadedFile):
    """What one collection file holds: the collection if it is valid, and every problem.

    ``body`` holds the facilitator notes (Markdown)."""

    collection: Collection | None = None
    #: The line of each entry of ``stories``, in order.
    entry_lines: list[int] = field(default_factory=list)


def _text_fields(data: dict[str, object]) -> tuple[tuple[Location, str], ...]:
    """Every free-text field: shown on the Teaching pages and printed in the pack."""
    entries = data.get("stories")
    discussions = range(len(entries) if isinstance(entries, list) else 0)
    return tuple(((name,), name) for name in _TEXT_FIELDS) + tuple(
        (("stories", i, "discussion"), "stories.discussion") for i in discussions
    )


def _check_slugs(loaded: LoadedCollection, document: YamlDocument, story_slugs: Slugs[str]) -> None:
    """Unknown and repeated stories told in ``loaded``, with the line of each entry."""
    entries = document.data.get("stories")
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        line = document.line_of(("stories", index, "story"))
        loaded.entry_lines.append(line)
        slug = entry.get("story") if isinstance(entry, dict) else None
        if not isinstance(slug, str) or not re.fullmatch(SLUG_PATTERN, slug):
            continue  # the model reports it
        if slug in seen:
            message = (
                f"found '{slug}' again (first on line {seen[slug]}); a story is listed once in a "
                "collection: remove this entry"
            )
        elif slug not in story_slugs:
            message = (
                f"found '{slug}', which is not a story in this folder; a collection lists stories "
                "by slug (a story's file name without .md)"
            ) + did_you_mean(slug, sorted(story_slugs))
        else:
            seen[slug] = line
            continue
        loaded.problems.append(Problem(loaded.path, line, "stories.story", message))
        seen.setdefault(slug, line)


def load_collection(file: Path, display_path: str, story_slugs: Slugs[str]) -> LoadedCollection:
    """Read, parse and validate one collection file. Never raises for anything in the file."""
    loaded = LoadedCollection(slug=printable_name(file.stem), path=display_path)
    loaded.problems += name_problems(
        display_path, file.stem, file.name, owner="collection", suffix_ok=file.suffix == ".md"
    )
    read = loaded.read(file)
    if read is None:
        return loaded
    text, document = read
    collection = validated(loaded, Collection, document)
    _check_slugs(loaded, document, story_slugs)
    if not loaded.body.strip():
        message = (
            "found nothing after the front-matter; write the facilitator notes there: how to "
            "open and close the session safely, and where participants can find support"
        )
        loaded.problems.append(
            Problem(display_path, loaded.body_first_line, "facilitator notes", message)
        )
    loaded.problems += identifier_problems(loaded, text, document, _text_fields(document.data))
    loaded.collection = loaded.finished(collection)
    return loaded


def load_collections(
    stories_dir: Path, display_dir: str, story_slugs: Slugs[str]
) -> tuple[list[LoadedCollection], list[Problem]]:
    """Every collection of ``stories_dir/collections`` by slug, and a warning for each entry
    there that is never read (names starting with ``_`` or ``.`` are skipped, as for stories)."""
    folder = stories_dir / COLLECTIONS_FOLDER
    shown = f"{display_dir}/{COLLECTIONS_FOLDER}"
    if not folder.is_dir() or folder.is_symlink():
        return [], []
    collections, problems = [], []
    for path in sorted(folder.iterdir()):
        name = printable_name(path.name)
        if name.startswith(("_", ".")):
            continue
        if path.name.lower().endswith(".md") and not path.is_dir():
            collections.append(load_collection(path, f"{shown}/{name}", story_slugs))
        else:
            message = "this entry is never read: only collections (one .md file each) belong in"
            problems.append(
                Problem(f"{shown}/{name}", 1, "file", f"{message} {shown}/", severity="warning")
            )
    return collections, problems
