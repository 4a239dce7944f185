"""Load one story file into a validated :class:`~kairos.story.Story` or a list of problems."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kairos.core.front_matter import LoadedFile
from kairos.core.identifier_problems import identifier_problems
from kairos.core.problems import Problem, printable_name
from kairos.core.reader_labels import reading_minutes
from kairos.core.story import SLUG_PATTERN, Story
from kairos.core.story_media import MediaReference, story_media_problems
from kairos.core.story_rules import check_story_rules
from kairos.core.validation_messages import validated
from kairos.core.vocabulary import Vocabulary


@dataclass
class LoadedStory(LoadedFile):
    """What one story file holds: the story if it is valid, and every problem found in it."""

    story: Story | None = None
    #: The story's own folder (``stories/<slug>/``), None for a story kept in one file.
    folder: Path | None = None
    #: Images and media links in the body, with the span of each target.
    media_references: list[MediaReference] = field(default_factory=list)
    #: Names of the files in ``folder`` that the story shows (checked to exist).
    media: list[str] = field(default_factory=list)

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the body, counted once per loaded story (the preview hands an
        unchanged story from one rebuild to the next: ``anthology.LoadedStories``)."""
        return reading_minutes(self.body)


def unique_slug(base: str, taken: Collection[str]) -> str:
    """``base``, else ``base-2``, ``base-3`` ...: the first not in ``taken``, ignoring case.

    Case is ignored because some file systems do, where ``Story.md`` and ``story.md`` collide.
    """
    taken_folded = {slug.casefold() for slug in taken}
    slug, number = base, 1
    while slug.casefold() in taken_folded:
        number += 1
        slug = f"{base}-{number}"
    return slug


def name_problems(
    path: str,
    raw_name: str,
    name: str,
    *,
    owner: str = "story",
    folder: bool = False,
    suffix_ok: bool = True,
    taken: Collection[str] = (),
) -> list[Problem]:
    """Nothing for a file or folder name that is a web address (``raw_name``, without .md);
    else a problem that says so, with a name that is and that no slug in ``taken`` has:
    ``The-Nurse.md`` beside ``the-nurse.md`` is told ``the-nurse-2``, since renaming it as
    told must not overwrite the other story."""
    note = ""
    if printable_name(raw_name) != raw_name:  # the suggestion drops the bytes that are not UTF-8
        raw_name = raw_name.encode("utf-8", "surrogateescape").decode("utf-8", "ignore")
        note = ", a name that is not UTF-8 text (bytes shown as \\xNN)"
    elif suffix_ok and re.fullmatch(SLUG_PATTERN, raw_name):
        return []
    base = re.sub(r"[^a-z0-9]+", "-", raw_name.lower()).strip("-") or "story"
    suggestion = unique_slug(base, [slug for slug in taken if slug != raw_name])
    what, md = ("folder", "") if folder else ("file", ".md")
    message = (
        f"found '{name}'{note}; a {owner}'s {what} name is its web address: lowercase "
        f"letters, digits and single hyphens{', ending in .md' if md else ''}, "
        f"e.g. '{suggestion}{md}'"
    )
    return [Problem(path, 1, f"{what} name", message)]


def load_story(
    file: Path,
    display_path: str,
    vocabulary: Vocabulary,
    *,
    folder: Path | None = None,
    slugs: Collection[str] = (),
) -> LoadedStory:
    """Read, parse and validate one story file. Never raises for anything in the file.

    ``folder`` is the story's own folder when ``file`` is its ``index.md``: the folder's name
    is then the slug. ``slugs`` are the folder's stories, whose names a suggested new name
    must not take (the story's own aside).
    """
    raw_name, name = (file.stem, file.name) if folder is None else (folder.name, folder.name)
    loaded = LoadedStory(slug=printable_name(raw_name), path=display_path, folder=folder)
    suffix_ok = folder is not None or file.suffix == ".md"
    loaded.problems += name_problems(
        display_path, raw_name, name, folder=folder is not None, suffix_ok=suffix_ok, taken=slugs
    )
    read = loaded.read(file)
    if read is None:
        return loaded
    text, document = read
    story = validated(loaded, Story, document)
    loaded.problems += check_story_rules(loaded, document, vocabulary)
    consent = document.data.get("consent")
    withdrawn = isinstance(consent, dict) and consent.get("status") == "withdrawn"
    loaded.problems += story_media_problems(loaded, withdrawn=withdrawn)
    loaded.problems += identifier_problems(loaded, text, document)
    loaded.story = loaded.finished(story)
    return loaded
