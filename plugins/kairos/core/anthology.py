"""A whole stories folder: every story loaded, judged by the publishing rule on one date."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kairos.core.problems import Problem
from kairos.core.publishing import HoldReason, Verdict, publishing_rule
from kairos.core.story import Story
from kairos.core.story_loader import LoadedStory, load_story
from kairos.core.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "Anthology",
    "CheckSummary",
    "JudgedStory",
    "StoriesFolderMissing",
    "load_anthology",
    "story_files",
]


class StoriesFolderMissing(FileNotFoundError):
    """The stories folder does not exist, so nothing can be checked."""


@dataclass(frozen=True)
class JudgedStory:
    """A loaded story and its verdict on the build date."""

    loaded: LoadedStory
    verdict: Verdict

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def story(self) -> Story | None:
        return self.loaded.story


@dataclass(frozen=True)
class CheckSummary:
    """The counts behind the one summary line editors and CI read."""

    build_date: dt.date
    checked: int
    valid: int
    published: int
    held_back: int
    reasons: dict[HoldReason, int]
    errors: int
    warnings: int

    @property
    def invalid(self) -> int:
        return self.checked - self.valid

    def __str__(self) -> str:
        reasons = ", ".join(f"{reason.label} {self.reasons[reason]}" for reason in HoldReason)
        return (
            f"{_plural(self.checked, 'story', 'stories')} checked: {self.valid} valid, "
            f"{self.invalid} invalid; {self.published} published on "
            f"{self.build_date.isoformat()}, {self.held_back} held back ({reasons}); "
            f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"
        )


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


@dataclass
class Anthology:
    """Every story file in a folder, with the vocabulary and the verdicts for one build date."""

    build_date: dt.date
    vocabulary: Vocabulary
    stories: list[JudgedStory]
    vocabulary_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """All problems, file by file, line by line."""
        every = [*self.vocabulary_problems]
        for judged in self.stories:
            every += judged.loaded.problems
        return sorted(every, key=lambda p: (p.path, p.line, p.column or 0))

    @property
    def published(self) -> list[JudgedStory]:
        return [s for s in self.stories if s.verdict.published]

    @property
    def held_back(self) -> list[JudgedStory]:
        return [s for s in self.stories if not s.verdict.published]

    def summary(self) -> CheckSummary:
        reasons = Counter(s.verdict.reason for s in self.held_back)
        problems = self.problems
        return CheckSummary(
            build_date=self.build_date,
            checked=len(self.stories),
            valid=sum(1 for s in self.stories if s.loaded.is_valid),
            published=len(self.published),
            held_back=len(self.held_back),
            reasons={reason: reasons.get(reason, 0) for reason in HoldReason},
            errors=sum(1 for p in problems if p.is_error),
            warnings=sum(1 for p in problems if not p.is_error),
        )


def story_files(stories_dir: Path) -> list[Path]:
    """The files that are stories: ``*.md`` directly in the folder, not ``_`` or ``.`` names.

    A misnamed ``.md`` file is returned too, so that it is reported rather than skipped.
    """
    if not stories_dir.is_dir():
        raise StoriesFolderMissing(f"{stories_dir}: no such folder")
    with os.scandir(stories_dir) as entries:
        names = sorted(
            entry.name
            for entry in entries
            if entry.name.lower().endswith(".md")
            and not entry.name.startswith(("_", "."))
            and (entry.is_symlink() or not entry.is_dir())
        )
    return [stories_dir / name for name in names]


def load_anthology(
    stories_dir: Path, build_date: dt.date, display_dir: str | None = None
) -> Anthology:
    """Load and judge every story; raises :class:`StoriesFolderMissing` and nothing else."""
    shown = (display_dir or stories_dir.as_posix()).rstrip("/") or "."
    files = story_files(stories_dir)
    vocabulary, vocabulary_problems = load_vocabulary(stories_dir, shown)
    stories = []
    with _fewer_garbage_collections():
        for file in files:
            loaded = load_story(file, f"{shown}/{file.name}", vocabulary)
            stories.append(JudgedStory(loaded, publishing_rule(loaded.story, build_date)))
    return Anthology(build_date, vocabulary, stories, vocabulary_problems)


@contextmanager
def _fewer_garbage_collections() -> Iterator[None]:
    """Collect cycles less often while loading.

    Every loaded story stays alive, so each young-generation collection would walk a growing
    heap of objects that can never be freed: a quarter of the time at 5,000 stories.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
