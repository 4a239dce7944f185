"""Stories kept from one load of the folder to the next (the editor's preview): a story is
loaded again exactly when its file, its folder, the vocabulary or the set of slugs changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kairos.core.anthology import LoadedStories, load_anthology

from ..site_factory import THEMES, write_story, write_vocabulary

DATE = dt.date(2025, 6, 1)


def loaded(stories: Path, kept: LoadedStories) -> dict[str, object]:
    anthology = load_anthology(stories, DATE, loaded_before=kept)
    return {judged.slug: judged.loaded for judged in anthology.stories}


def test_only_the_saved_story_is_loaded_again(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "alpha")
    write_story(stories, "bravo")
    kept = LoadedStories()
    first = loaded(stories, kept)
    write_story(stories, "bravo", body="Words saved since.\n")
    second = loaded(stories, kept)
    assert second["alpha"] is first["alpha"]
    assert second["bravo"] is not first["bravo"]
    fresh = load_anthology(stories, DATE)
    assert [j.loaded for j in fresh.stories] == list(second.values())


def test_a_new_story_or_a_new_vocabulary_loads_every_story_again(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "alpha")
    kept = LoadedStories()
    first = loaded(stories, kept)
    write_story(stories, "bravo")
    second = loaded(stories, kept)
    assert second["alpha"] is not first["alpha"]
    write_vocabulary(stories, themes={**THEMES, "hope": ("Hope", "Looking forward.")})
    third = loaded(stories, kept)
    assert third["alpha"] is not second["alpha"]
    assert third == {j.slug: j.loaded for j in load_anthology(stories, DATE).stories}


def test_two_stories_with_one_slug_are_never_kept(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "alpha")
    (stories / "alpha").mkdir()
    write_story(stories / "alpha", "index")
    kept = LoadedStories()
    load_anthology(stories, DATE, loaded_before=kept)
    again = load_anthology(stories, DATE, loaded_before=kept)
    fresh = load_anthology(stories, DATE)
    assert [j.loaded.problems for j in again.stories] == [j.loaded.problems for j in fresh.stories]
