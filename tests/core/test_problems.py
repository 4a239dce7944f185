"""Problems, and the masked form every report that leaves the editor's machine prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kairos.core.anthology import load_anthology
from kairos.core.problems import Problem, private_part

from ..story_cases import stories_folder, valid_story

PHONE = "07700 900321"


def test_masked_replaces_only_the_private_part() -> None:
    message = f"looks like a phone number ('{PHONE}'); remove it or mark it reviewed"
    problem = Problem("stories/a.md", 9, "identifiers", message, "warning", 4, private=(27, 41))
    assert message[27:41] == f"'{PHONE}'"
    assert str(problem.masked()) == (
        "stories/a.md:9:4: warning: identifiers: looks like a phone number ([masked]); "
        "remove it or mark it reviewed"
    )
    assert problem.masked().private is None
    assert str(problem) == f"stories/a.md:9:4: warning: identifiers: {message}"


def test_a_problem_quoting_nothing_private_is_its_own_masked_form() -> None:
    problem = Problem("stories/a.md", 3, "themes", "'kindnes' is not a known theme")
    assert problem.masked() is problem


@pytest.mark.parametrize(
    ("message", "quoted", "identifier", "expected"),
    [
        # Quoted values that hold something the identifier scan finds
        (f"found 'call {PHONE}'; expected", f"'call {PHONE}'", False, (6, 25)),
        ("'jo@example.org' is not a known theme", "'jo@example.org'", False, (0, 16)),
        ("found the number 9434765919; expected text", "the number 9434765919", False, (6, 27)),
        # Values that identify no one stay readable for reviewers
        ("'kindnes' is not a known theme", "'kindnes'", False, None),
        ("found '2026-13-01', which is not a real date", "'2026-13-01'", False, None),
        # A finding of the scan is private even where the scan alone would not find it again
        ("looks like a hospital number ('A1234'); remove it", "'A1234'", True, (30, 37)),
        # Nothing quoted, or not where the message says
        ("found nothing", "", True, None),
        ("found nothing", "'x'", True, None),
    ],
)
def test_private_part(
    message: str, quoted: str, identifier: bool, expected: tuple[int, int] | None
) -> None:
    assert private_part(message, quoted, identifier=identifier) == expected


def test_text_cut_short_is_judged_whole() -> None:
    """Half a phone number left at the cut of a long value is still masked."""
    message = "found 'Ring 07700 9...'; expected"
    assert private_part(message, "'Ring 07700 9...'") is None
    assert private_part(message, "'Ring 07700 9...'", source=f"Ring {PHONE}") == (6, 23)


def _masked_problems(tmp_path: Path, story: str) -> list[str]:
    folder = stories_folder(tmp_path, {"a-story.md": story})
    anthology = load_anthology(folder, dt.date(2026, 6, 1), display_dir="stories")
    return [str(problem.masked()) for problem in anthology.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "themes: [kindness, end-of-life]",
            "themes: [kindness, jo@example.org]",
            "stories/a-story.md:8: themes: [masked] is not a known theme; the known themes are "
            "listed in vocabulary.yml",
        ),
        (
            "themes: [kindness, end-of-life]",
            "themes: [kindnes]",
            "stories/a-story.md:8: themes: 'kindnes' is not a known theme; did you mean "
            "'kindness'?",
        ),
        (
            "themes: [kindness, end-of-life]",
            f"themes: [kindness, '{PHONE}', '{PHONE}']",
            "stories/a-story.md:8: themes: found [masked] more than once; list each value once",
        ),
        (
            "  record: KF-2026-001",
            f"  record: call {PHONE}",
            "stories/a-story.md:12: consent.record: found [masked]; expected the reference of "
            "the signed form kept offline, e.g. KF-2026-014: up to 40 letters, digits and . _ / "
            "- with no spaces, never a name or contact detail",
        ),
        (
            "  record: KF-2026-001",
            "  record: 9434765919",
            "stories/a-story.md:12: consent.record: found [masked]; expected text (put it in "
            "quotes)",
        ),
        (
            "title: The nurse who sat down",
            f"title: Ring {PHONE}: the nurse",
            "stories/a-story.md:2: front-matter: found a colon inside the title, which YAML "
            "reads as the start of another field; put the title in quotes: title: [masked]",
        ),
        (
            "  review_by: 2028-01-02",
            f"  review_by: ask on {PHONE}",
            "stories/a-story.md:15: consent.review_by: found the text [masked]; write a date as "
            "YYYY-MM-DD (year, month, day)",
        ),
    ],
)
def test_what_a_message_quotes_from_the_story_is_masked(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    story = valid_story()
    assert old in story
    masked = _masked_problems(tmp_path, story.replace(old, new))
    assert expected in masked
    for value in (PHONE, "900321", "jo@example.org", "9434765919"):
        assert not [line for line in masked if value in line]
