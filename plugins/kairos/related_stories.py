"""Related stories: the published stories sharing the most themes with a story, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import StoryEntry, newest_first

__all__ = ["related_stories"]


def related_stories(
    entry: StoryEntry, candidates: Iterable[StoryEntry], limit: int
) -> list[StoryEntry]:
    """Up to ``limit`` other stories that share at least one theme with ``entry``.

    Ranked by the number of shared themes, then newest first (then title, then slug, so the
    order never depends on file-system order). ``candidates`` must be published stories only;
    the site passes its :class:`~kairos.catalogue.Catalogue`.
    """
    if limit <= 0:
        return []
    themes = set(entry.story.themes)
    scored = [
        (len(themes.intersection(other.story.themes)), other)
        for other in candidates
        if other.slug != entry.slug
    ]
    ranked = sorted(
        ((shared, other) for shared, other in scored if shared),
        key=lambda pair: (-pair[0], *newest_first(pair[1])),
    )
    return [other for _, other in ranked[:limit]]
