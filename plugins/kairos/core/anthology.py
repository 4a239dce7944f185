"""A whole stories folder: every story loaded, judged by the publishing rule on one date."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

from kairos.core.collection_loader import LoadedCollection, load_collections
from kairos.core.outside_links import links_leaving, project_root
from kairos.core.problems import Problem, plural
from kairos.core.publishing import HoldReason, Verdict, publishing_rule
from kairos.core.story import Story
from kairos.core.story_loader import LoadedStory, load_story
from kairos.core.story_sources import StorySource, ignored_files, story_sources
from kairos.core.vocabulary import Vocabulary, load_vocabulary


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
        # Only the reasons that apply: all eight, mostly zeros, made the line 270 characters.
        reasons = ", ".join(f"{reason.value} {n}" for reason, n in self.reasons.items() if n)
        return (
            f"{plural(self.checked, 'story', 'stories')} checked: {self.valid} valid, "
            f"{self.invalid} invalid; {self.published} published on "
            f"{self.build_date.isoformat()}, {self.held_back} held back"
            f"{f' ({reasons})' if reasons else ''}; "
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        )


@dataclass
class Anthology:
    """Every story file in a folder, with the vocabulary and the verdicts for one build date."""

    build_date: dt.date
    vocabulary: Vocabulary
    stories: list[JudgedStory]
    vocabulary_problems: list[Problem] = field(default_factory=list)
    #: Problems with entries of the folder that are not stories: links leading out of the
    #: project, files and folders that are never read.
    folder_problems: list[Problem] = field(default_factory=list)
    #: The teaching collections of ``stories/collections/``, by slug.
    collections: list[LoadedCollection] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """All problems, file by file, line by line."""
        every = [*self.vocabulary_problems, *self.folder_problems]
        for judged in self.stories:
            every += judged.loaded.problems
        for collection in self.collections:
            every += collection.problems
        return sorted(every, key=lambda p: (p.path, p.line, p.column or 0))

    @property
    def published(self) -> list[JudgedStory]:
        return [s for s in self.stories if s.verdict.published]

    @property
    def held_back(self) -> list[JudgedStory]:
        return [s for s in self.stories if not s.verdict.published]

    def holding_back_stories_with_problems(self) -> Anthology:
        """This anthology with every story that has any problem, warnings too, held back as
        invalid: what a build that must go on whatever the stories hold may publish."""
        stories = []
        for judged in self.stories:
            if judged.loaded.problems:
                others = (r for r in judged.verdict.reasons if r is not HoldReason.INVALID)
                judged = JudgedStory(judged.loaded, Verdict((HoldReason.INVALID, *others)))
            stories.append(judged)
        return replace(self, stories=stories)

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


class LoadedStories:
    """Stories already loaded in this process, for the next :func:`load_anthology` of the same
    folder (the editor's preview, which loads every story again on each save).

    A story is taken from here only while its file and its folder's entries have the same
    modification time, size and inode, and the vocabulary and the set of slugs are those it was
    loaded with (either changing forgets every story). Loading reads nothing else, so the story
    is what loading it again would give. Kept in memory only.
    """

    def __init__(self) -> None:
        self._known: tuple[Vocabulary, frozenset[str]] | None = None
        self._stories: dict[str, tuple[tuple[tuple[str, int, int, int], ...], LoadedStory]] = {}

    def load(
        self, source: StorySource, path: str, vocabulary: Vocabulary, slugs: frozenset[str]
    ) -> LoadedStory:
        """The story loaded earlier from the same bytes, else :func:`load_story` of it."""
        if self._known != (vocabulary, slugs):  # (compared in full once per load_anthology)
            self._stories = {}
        self._known = (vocabulary, slugs)
        # Modification time, size and inode of the story's file and its folder's entries.
        files = [source.markdown, *(sorted(source.folder.iterdir()) if source.folder else ())]
        stats = ((file.name, os.stat(file)) for file in files)
        stamp = tuple((name, info.st_mtime_ns, info.st_size, info.st_ino) for name, info in stats)
        kept = self._stories.get(path)
        if kept is None or kept[0] != stamp:
            kept = self._stories[path] = (stamp, _load(source, path, vocabulary, slugs))
        return kept[1]


def _load(
    source: StorySource, path: str, vocabulary: Vocabulary, slugs: frozenset[str]
) -> LoadedStory:
    return load_story(source.markdown, path, vocabulary, folder=source.folder, slugs=slugs)


def load_anthology(
    stories_dir: Path,
    build_date: dt.date,
    display_dir: str | None = None,
    *,
    root: Path | None = None,
    loaded_before: LoadedStories | None = None,
) -> Anthology:
    """Load and judge every story; raises :class:`StoriesFolderMissing` and nothing else.

    ``root`` is the project folder no symbolic link may lead out of (default: the nearest
    folder above the stories folder holding mkdocs.yml, else the one holding the stories).
    ``loaded_before``: stories an earlier load in this process may hand over unchanged.
    """
    shown = (display_dir or stories_dir.as_posix()).rstrip("/") or "."
    sources = story_sources(stories_dir)
    vocabulary, vocabulary_problems = load_vocabulary(stories_dir, shown)
    slugs = frozenset(source.slug for source in sources)
    # Two stories with one slug get a problem each after loading: never kept.
    shared = {slug for slug, n in Counter(source.slug for source in sources).items() if n > 1}
    loaded_stories = []
    # Cycles collected less often while loading: every loaded story stays alive, so each
    # young-generation collection would walk a growing heap of objects that can never be
    # freed (a quarter of the time at 5,000 stories).
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        for source in sources:
            path = f"{shown}/{source.name}"
            if loaded_before is None or source.slug in shared:
                loaded_stories.append(_load(source, path, vocabulary, slugs))
            else:
                loaded_stories.append(loaded_before.load(source, path, vocabulary, slugs))
    finally:
        gc.set_threshold(*threshold)
    # ``x.md`` beside ``x/index.md``: one web address for two stories, so neither is valid.
    for _, group in groupby(loaded_stories, key=lambda loaded: loaded.slug):  # sorted by slug
        same = list(group)
        for loaded in same if len(same) > 1 else ():
            others = " and ".join(other.path for other in same if other is not loaded)
            message = (
                f"found {others} too, with the same slug '{loaded.slug}'; a slug names one "
                "story: keep either the file or the folder, not both"
            )
            loaded.problems.append(Problem(loaded.path, 1, "file name", message))
            loaded.story = None
    stories = [
        JudgedStory(loaded, publishing_rule(loaded.story, build_date)) for loaded in loaded_stories
    ]
    root = root or project_root(stories_dir)
    folder_problems = links_leaving(stories_dir, root, shown, skip=[s.markdown for s in sources])
    folder_problems += ignored_files(stories_dir, shown, sources)
    collections, problems = load_collections(stories_dir, shown, slugs)
    folder_problems += problems
    return Anthology(
        build_date, vocabulary, stories, vocabulary_problems, folder_problems, collections
    )
