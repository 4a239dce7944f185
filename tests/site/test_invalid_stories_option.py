"""``invalid_stories: hold-back``: a strict build holds back every story with a problem and
publishes the others; ``fail`` (the default) stops the build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..site_factory import PLUGIN_LOGGER, build_site, files_containing, write_project, write_story


def broken_and_fine(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "fine-story", title="A fine story")
    write_story(stories, "broken-story", title="A broken story", themes=("kindnes",))
    write_story(stories, "postcode-story", title="Near the park", body="We lived at SW1A 1AA.\n")


def test_hold_back_publishes_the_others_even_in_a_strict_build(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken_and_fine(project)
    write_project(project, plugin={"invalid_stories": "hold-back"})
    with caplog.at_level(logging.INFO):
        site = build_site(project, strict=True)
    notes = [r.getMessage() for r in caplog.records if r.name == PLUGIN_LOGGER]
    assert (
        "kairos: held back: stories/broken-story.md:9: themes: 'kindnes' is not a known theme; "
        "did you mean 'kindness'?"
    ) in notes
    assert any(n.startswith("kairos: held back: stories/postcode-story.md:") for n in notes)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert (site / "stories/fine-story/index.html").is_file()
    for needle in ("broken-story", "A broken story", "postcode-story", "SW1A"):
        assert files_containing(site, needle) == []
    assert notes[-1] == "kairos: published 1 story; held back 2 (invalid 2)"


def test_fail_is_the_default_and_stops_a_strict_build(project: Path) -> None:
    broken_and_fine(project)
    write_project(project)
    with pytest.raises(Abort):
        build_site(project, strict=True)
    assert not (project / "site").exists()
