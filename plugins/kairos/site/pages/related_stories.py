"""Related stories: the published stories sharing the most themes with a story, newest first.

:class:`RelatedStories` indexes the stories once, by every combination of their themes, so that
finding a story's related stories looks at a handful of candidates instead of every story: for
``s`` shared themes it merges the (newest-first) lists of the ``s``-theme combinations of the
story's own themes, from the most shared themes down, and stops as soon as it has enough. A
story has at most six themes, so at most 63 combinations.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from kairos.site.pages.catalogue import StoryEntry, newest_first


class RelatedStories:
    """The related stories of any story, among ``candidates`` (published stories only)."""

    def __init__(self, candidates: Iterable[StoryEntry]) -> None:
        self._stories = sorted(candidates, key=newest_first)
        self._themes = [frozenset(entry.story.themes) for entry in self._stories]
        #: Positions in ``_stories`` (newest first) of the stories holding each combination.
        self._holding: defaultdict[frozenset[str], list[int]] = defaultdict(list)
        # Stories share theme sets: each set's combinations are made once, not per story.
        made: dict[frozenset[str], list[frozenset[str]]] = {}
        for position, themes in enumerate(self._themes):
            if (combinations_of := made.get(themes)) is None:
                ordered = sorted(themes)
                combinations_of = made[themes] = [
                    frozenset(c)
                    for n in range(1, len(ordered) + 1)
                    for c in combinations(ordered, n)
                ]
            for combination in combinations_of:
                self._holding[combination].append(position)

    def of(self, entry: StoryEntry, limit: int) -> list[StoryEntry]:
        """Up to ``limit`` other stories that share at least one theme with ``entry``.

        Ranked by the number of shared themes, then newest first (then title, then slug, so
        the order never depends on file-system order).
        """
        related: list[StoryEntry] = []
        if limit <= 0:
            return related
        themes = frozenset(entry.story.themes)
        ordered = sorted(themes)
        for shared in range(len(ordered), 0, -1):
            lists = [self._holding.get(frozenset(c), []) for c in combinations(ordered, shared)]
            # A story sharing exactly ``shared`` themes is in exactly one of the lists; one
            # sharing more was met at a higher level (and is in several lists here).
            for position in heapq.merge(*lists):
                other = self._stories[position]
                if len(themes & self._themes[position]) != shared or other.slug == entry.slug:
                    continue
                related.append(other)
                if len(related) == limit:
                    return related
        return related
