"""Identifiers hidden by markup fail a strict build and never reach a preview site (issue 16)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..site_factory import build_site, files_containing, write_project, write_story

HIDDEN_BODY = (
    "She sat with us all night.\n\n"
    "Her NHS number was 943 *476* 5919.\n"
    "Write to robin@exam<!-- -->ple.net, or ring 07700 <span>900123</span>.\n"
    "The ward's was 9434<b></b>765919, the desk's [07700](#) 900456.\n"
)
#: Where each identifier starts in the source (each of these is written once), and its kind.
HIDDEN = [
    ("943 *476", "an NHS number"),
    ("robin@exam<", "an e-mail address"),
    ("07700 <span>", "a phone number"),
    ("9434<b>", "an NHS number"),
    ("07700](#)", "a phone number"),
]


def _expected_problems(story: Path) -> list[str]:
    """``path:line:column: identifiers: looks like KIND`` where each identifier starts."""
    text = story.read_text(encoding="utf-8")
    expected = []
    for written, kind in HIDDEN:
        offset = text.index(written)
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        expected.append(f"stories/{story.name}:{line}:{column}: identifiers: looks like {kind}")
    return expected


def test_a_strict_build_fails_at_each_hidden_identifier(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = project / "stories"
    write_story(stories, "fine")
    story = write_story(stories, "hidden-tale", body=HIDDEN_BODY)
    write_project(project)
    site = project / "site"
    with pytest.raises(Abort):
        build_site(project, site_dir=site)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    expected = _expected_problems(story)
    assert len(expected) == len(HIDDEN)
    for problem in expected:
        assert any(problem in error for error in errors), (problem, errors)
    assert not site.exists()


def test_a_preview_leaves_the_story_out_and_shows_no_hidden_identifier(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "fine", body="A short account of care, told plainly.\n")
    write_story(stories, "hidden-tale", title="The hidden tale", body=HIDDEN_BODY)
    write_project(project)
    site = build_site(project, strict=False)
    assert (site / "stories/fine/index.html").is_file()
    assert files_containing(site, "told plainly") != []
    assert not (site / "stories/hidden-tale").exists()
    for needle in ("The hidden tale", "She sat with us", "robin@", "900123", "765919", "5919"):
        assert files_containing(site, needle) == [], needle
