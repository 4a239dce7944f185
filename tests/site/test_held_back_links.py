"""Links to a story held back on the build date: removed before MkDocs validates them, never a
strict failure, and neither the slug nor the title reaches the site."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import yaml

from kairos.site.held_back_links import (
    UNAVAILABLE_TEXT,
    RemovedLink,
    prune_nav_config,
    remove_held_back_links,
)

from ..site_factory import (
    BUILD_DATE,
    PLUGIN_LOGGER,
    build_site,
    consent,
    files_containing,
    write_project,
    write_story,
)

YESTERDAY = BUILD_DATE - dt.timedelta(days=1)


def add_nav(root: Path, *entries: dict[str, object]) -> None:
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["nav"] += list(entries)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def test_a_strict_build_goes_on_when_a_linked_story_is_overdue_today(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = project / "stories"
    write_story(
        stories,
        "kept-story",
        title="Kept story",
        body=(
            "I read [the other one](overdue-story.md) and [The Overdue Tale](../overdue-story/).\n"
        ),
    )
    write_story(
        stories,
        "overdue-story",
        title="The Overdue Tale",
        consent_record=consent(review_by=YESTERDAY),
    )
    write_story(stories, "other-story", title="Other story")
    write_project(
        project,
        docs={
            "about.md": "# About\n\nRead [The Overdue Tale](stories/overdue-story.md), "
            "[this](stories/overdue-story/) or [it](stories/overdue-story.md#part).\n"
        },
    )
    add_nav(
        project,
        {"Overdue": "stories/overdue-story.md"},
        {"More": [{"Also overdue": "stories/overdue-story.md"}]},
        {"About": "about.md"},
    )
    with caplog.at_level(logging.INFO):
        site = build_site(project, strict=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    notes = [r.getMessage() for r in caplog.records if r.name == PLUGIN_LOGGER]
    assert (
        "kairos: nav: removed the link to 'stories/overdue-story.md': the story "
        "'overdue-story' is not published on the build date"
    ) in notes
    assert (
        "kairos: stories/kept-story.md: removed the link to '../overdue-story/': the story "
        "'overdue-story' is not published on the build date"
    ) in notes
    for needle in ("overdue-story", "The Overdue Tale", "Also overdue"):
        assert files_containing(site, needle) == []
    assert (site / "stories/kept-story/index.html").is_file()
    assert (site / "stories/other-story/index.html").is_file()
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert f'<span class="kairos-unavailable">{UNAVAILABLE_TEXT}</span>' in about
    assert '<span class="kairos-unavailable">this</span>' in about
    kept = (site / "stories/kept-story/index.html").read_text(encoding="utf-8")
    assert (
        "I read <span>the other one</span> and <span>a story that is not available</span>" in kept
    )


# The pieces


def test_link_text_holding_the_title_or_slug_is_replaced_whatever_its_case() -> None:
    held_back = {"gone": "The Long Night", "broken": None}
    html = (
        '<a href="stories/gone/">the  LONG night</a> <a href="stories/gone/">see gone</a> '
        '<a href="stories/gone/">my <em>sister</em></a> <a href="stories/broken/">hers</a>'
    )
    result, removed = remove_held_back_links(
        html, page_url="", src_uri="index.md", held_back=held_back
    )
    assert result == (
        f'<span class="kairos-unavailable">{UNAVAILABLE_TEXT}</span> '
        f'<span class="kairos-unavailable">{UNAVAILABLE_TEXT}</span> '
        '<span class="kairos-unavailable">my <em>sister</em></span> '
        f'<span class="kairos-unavailable">{UNAVAILABLE_TEXT}</span>'
    )
    assert [link.slug for link in removed] == ["gone", "gone", "gone", "broken"]


def test_nav_config_loses_entries_for_held_back_stories_and_empty_sections() -> None:
    nav = [
        {"Home": "index.md"},
        {"Gone": "stories/gone.md"},
        {"Section": [{"Gone too": "stories/gone/"}]},
        {"Mixed": [{"Kept": "stories/kept.md"}, "stories/gone.md"]},
        "about.md",
    ]
    pruned, removed = prune_nav_config(nav, {"gone"})
    assert pruned == [{"Home": "index.md"}, {"Mixed": [{"Kept": "stories/kept.md"}]}, "about.md"]
    assert removed == [
        RemovedLink("stories/gone.md", "gone"),
        RemovedLink("stories/gone/", "gone"),
        RemovedLink("stories/gone.md", "gone"),
    ]
    assert prune_nav_config(None, {"gone"}) == (None, [])
