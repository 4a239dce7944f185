"""Load one story file into a validated :class:`~kairos.story.Story` or a list of problems."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from kairos.core.front_matter import Location, read_yaml_mapping, split_front_matter
from kairos.core.identifier_problems import identifier_problems, reviewed_values
from kairos.core.photo_problems import photo_problems
from kairos.core.problems import Problem
from kairos.core.reader_labels import reading_minutes
from kairos.core.source_file import read_source_text
from kairos.core.story import SLUG_PATTERN, Consent, Story, Storyteller
from kairos.core.story_media import MediaReference, media_references, story_media_problems
from kairos.core.story_rules import check_story_rules
from kairos.core.story_sources import printable_name
from kairos.core.validation_messages import problems_from_validation_error
from kairos.core.vocabulary import Vocabulary

__all__ = ["LoadedStory", "load_story", "suggest_slug", "unique_slug"]

_KNOWN_FIELDS: dict[Location, tuple[str, ...]] = {
    (): tuple(Story.model_fields),
    ("consent",): tuple(Consent.model_fields),
    ("storyteller",): tuple(Storyteller.model_fields),
}


@dataclass
class LoadedStory:
    """What one file holds: the story if it is valid, and every problem found in it."""

    slug: str
    path: str
    story: Story | None = None
    body: str = ""
    body_first_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    #: The story's own folder (``stories/<slug>/``), None for a story kept in one file.
    folder: Path | None = None
    #: Images and media links in the body, with the span of each target.
    media_references: list[MediaReference] = field(default_factory=list)
    #: Names of the files in ``folder`` that the story shows (checked to exist).
    media: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the body, counted once per loaded story (the preview hands an
        unchanged story from one rebuild to the next: ``anthology.LoadedStories``)."""
        return reading_minutes(self.body)

    @property
    def is_valid(self) -> bool:
        return self.story is not None and not self.errors


def suggest_slug(name: str, taken: Collection[str] = ()) -> str:
    """A valid slug close to ``name`` that no story in ``taken`` has (for hints).

    ``The-Nurse.md`` beside ``the-nurse.md`` is told ``the-nurse-2``: renaming it as told must
    not overwrite the other story.
    """
    return unique_slug(re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "story", taken)


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


def _suggestion(raw_name: str) -> str:
    """A valid slug close to a name holding bytes that are not UTF-8 (those bytes dropped)."""
    return suggest_slug(raw_name.encode("utf-8", "surrogateescape").decode("utf-8", "ignore"))


def _others(slugs: Collection[str], own: str) -> list[str]:
    """The other stories' slugs (made only for a misnamed file, not for every story)."""
    return [slug for slug in slugs if slug != own]


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
    raw_name = file.stem if folder is None else folder.name
    loaded = LoadedStory(slug=printable_name(raw_name), path=display_path, folder=folder)
    if loaded.slug != raw_name:
        what = "file" if folder is None else "folder"
        loaded.problems.append(
            Problem(
                display_path,
                1,
                f"{what} name",
                f"found '{printable_name(file.name if folder is None else folder.name)}', "
                f"a name that is not UTF-8 text (bytes shown as \\xNN); a story's {what} name is "
                "its web address: lowercase letters, digits and single hyphens"
                + (", ending in .md" if folder is None else "")
                + f", e.g. '{_suggestion(raw_name)}{'.md' if folder is None else ''}'",
            )
        )
    elif folder is not None:
        if not re.fullmatch(SLUG_PATTERN, folder.name):
            loaded.problems.append(
                Problem(
                    display_path,
                    1,
                    "folder name",
                    f"found '{folder.name}'; a story's folder name is its web address: "
                    "lowercase letters, digits and single hyphens, "
                    f"e.g. '{suggest_slug(folder.name, _others(slugs, folder.name))}'",
                )
            )
    elif not re.fullmatch(SLUG_PATTERN, file.stem) or file.suffix != ".md":
        loaded.problems.append(
            Problem(
                display_path,
                1,
                "file name",
                f"found '{file.name}'; a story's file name is its web address: lowercase "
                f"letters, digits and single hyphens, ending in .md, "
                f"e.g. '{suggest_slug(file.stem, _others(slugs, file.stem))}.md'",
            )
        )
    text, problems = read_source_text(file, display_path)
    loaded.problems += problems
    if text is None:
        return loaded
    block, problems = split_front_matter(text, display_path)
    loaded.problems += problems
    if block is None:
        return loaded
    loaded.body, loaded.body_first_line = block.body, block.body_first_line
    document, problems = read_yaml_mapping(block.yaml_text, display_path, block.yaml_first_line)
    loaded.problems += problems
    if document is None:
        return loaded
    told = set(document.invalid)
    try:
        story = Story.model_validate(document.data)
    except ValidationError as error:
        story = None
        loaded.problems += problems_from_validation_error(
            error, document, display_path, _KNOWN_FIELDS, told
        )
    loaded.problems += check_story_rules(
        document, display_path, vocabulary, block.body, block.body_first_line
    )
    consent = document.data.get("consent")
    withdrawn = isinstance(consent, dict) and consent.get("status") == "withdrawn"
    loaded.media_references = media_references(block.body)
    problems, loaded.media = story_media_problems(
        display_path,
        loaded.slug,
        block.body,
        block.body_first_line,
        folder,
        loaded.media_references,
        withdrawn=withdrawn,
    )
    loaded.problems += problems
    loaded.problems += identifier_problems(
        display_path, text, document, block.body, block.body_first_line
    )
    if folder is not None:  # a story kept in one file has no photos
        loaded.problems += photo_problems(
            display_path, folder, reviewed_values(block.body), withdrawn=withdrawn
        )
    loaded.problems.sort(key=lambda p: (p.line, p.column or 0, p.field))
    if not loaded.errors:
        loaded.story = story
    return loaded
