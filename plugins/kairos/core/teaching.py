"""Which stories of each teaching collection may be taught from on the build date.

The one door from the anthology to the Teaching pages, the packs and the diff: a collection's
stories in its order, each judged by :func:`~kairos.core.publishing.pack_rule`. A story that
may not be taught from is left out and named in a note, never an error: consent changes,
and a withdrawn story must leave every pack at the next build without stopping it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.collection import Collection, CollectionEntry
from kairos.core.collection_loader import LoadedCollection
from kairos.core.publishing import HoldReason, PackVerdict, pack_rule
from kairos.core.story import Story


@dataclass(frozen=True)
class TeachingStory:
    """One entry of a collection: the story it names and whether a pack may print it."""

    entry: CollectionEntry
    judged: JudgedStory
    line: int
    verdict: PackVerdict

    @property
    def slug(self) -> str:
        return self.judged.slug

    @property
    def story(self) -> Story:
        """The story (only for an entry whose verdict allows it: such a story is valid)."""
        assert self.judged.story is not None
        return self.judged.story

    @property
    def body(self) -> str:
        return self.judged.loaded.body


@dataclass(frozen=True)
class TeachingCollection:
    """A valid collection with every entry that names a story, judged for one kind of pack."""

    slug: str
    path: str
    collection: Collection
    facilitator_notes: str
    entries: tuple[TeachingStory, ...]
    private: bool

    @property
    def stories(self) -> list[TeachingStory]:
        """The stories the pack and the page hold, in the collection's order."""
        return [entry for entry in self.entries if entry.verdict.allowed]

    @property
    def left_out(self) -> list[TeachingStory]:
        return [entry for entry in self.entries if not entry.verdict.allowed]


def teaching_collection(
    anthology: Anthology, loaded: LoadedCollection, *, private: bool = False
) -> TeachingCollection | None:
    """``loaded`` judged on the anthology's build date; None when it has errors."""
    if loaded.collection is None or not loaded.is_valid:
        return None
    by_slug = {judged.slug: judged for judged in anthology.stories}
    entries = []
    for index, entry in enumerate(loaded.collection.stories):
        judged = by_slug.pop(entry.story, None)  # (so a story named twice is taken once)
        if judged is None:
            continue  # reported as an error already
        verdict = pack_rule(judged.story, judged.verdict, private=private)
        line = loaded.entry_lines[index] if index < len(loaded.entry_lines) else 1
        entries.append(TeachingStory(entry, judged, line, verdict))
    return TeachingCollection(
        loaded.slug, loaded.path, loaded.collection, loaded.body, tuple(entries), private
    )


def teaching_collections(anthology: Anthology) -> list[TeachingCollection]:
    """The collections the site shows: valid, with at least one story a public pack may hold."""
    found = (teaching_collection(anthology, loaded) for loaded in anthology.collections)
    return [collection for collection in found if collection is not None and collection.stories]


def leaving_reason(entry: TeachingStory) -> str:
    """Why a story is left out of a collection's pack, in an editor's words."""
    verdict, story = entry.verdict, entry.judged.story
    if story is None or HoldReason.INVALID in verdict.hold.reasons:
        return "the story has errors"
    private_only = (
        "no 'website' in consent.scope: only a pack made with kairos pack for private use may "
        "hold it"
    )
    reasons = [
        private_only if r is HoldReason.NOT_IN_WEBSITE_SCOPE and verdict.teaching else r.value
        for r in verdict.hold.reasons
    ]
    if not verdict.teaching and story.consent.status == "granted":
        scope = ", ".join(story.consent.scope or []) or "empty"
        reasons.append(f"no 'teaching' in consent.scope (found: {scope})")
    return "; ".join(reasons)
