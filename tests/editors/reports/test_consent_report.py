"""The editors' consent report: held-back stories, review windows at their edges, counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology
from kairos.editors.reports.consent_report import (
    CSV_COLUMNS,
    ConsentReview,
    consent_report,
    render_consent_report,
)

from ...story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)
PENDING = """---
title: Still waiting
summary: Not yet.
storyteller:
  name: Sam
  role: patient
published: 2026-01-15
themes: [waiting]
framework_level: co-planning
consent:
  status: pending
  record: KF-2026-002
  given_by: storyteller
---
Text.
"""


def review_by(days: int) -> str:
    return (D + dt.timedelta(days=days)).isoformat()


def anthology(tmp_path: Path, date: dt.date = D) -> Anthology:
    """Stories whose reviews fall just inside and just outside each edge of a 60-day window."""
    folder = stories_folder(
        tmp_path,
        {
            "overdue.md": valid_story(review_by=review_by(-1)),
            "due-today.md": valid_story(review_by=review_by(0)).replace(
                "role: family-member", "role: patient"
            ),
            "due-tomorrow.md": valid_story(review_by=review_by(1)),
            "last-day-in.md": valid_story(review_by=review_by(60)).replace(
                "framework_level: civil-discourse", "framework_level: co-execution"
            ),
            "first-day-out.md": valid_story(review_by=review_by(61)).replace(
                "themes: [kindness, end-of-life]", "themes: [hope]"
            ),
            "still-waiting.md": PENDING,
            "broken.md": valid_story().replace("themes: [kindness, end-of-life]", "themes: []"),
        },
    )
    return load_anthology(folder, date, "stories")


def slugs(reviews: tuple[ConsentReview, ...]) -> list[tuple[str, int]]:
    return [(r.slug, r.days) for r in reviews]


def test_review_windows_at_their_edges(tmp_path: Path) -> None:
    report = consent_report(anthology(tmp_path), 60)
    assert report.due_by == dt.date(2026, 7, 31)
    assert slugs(report.consent_reviews["overdue"]) == [("overdue", -1)]
    assert slugs(report.consent_reviews["due_today"]) == [("due-today", 0)]
    assert slugs(report.consent_reviews["due_soon"]) == [("due-tomorrow", 1), ("last-day-in", 60)]


@pytest.mark.parametrize(
    ("due", "soon"),
    [
        (0, []),
        (1, [("due-tomorrow", 1)]),
        (59, [("due-tomorrow", 1)]),
        (60, [("due-tomorrow", 1), ("last-day-in", 60)]),
        (61, [("due-tomorrow", 1), ("last-day-in", 60), ("first-day-out", 61)]),
    ],
)
def test_the_window_includes_its_last_day(
    tmp_path: Path, due: int, soon: list[tuple[str, int]]
) -> None:
    report = consent_report(anthology(tmp_path), due)
    assert slugs(report.consent_reviews["due_soon"]) == soon
    assert slugs(report.consent_reviews["due_today"]) == [("due-today", 0)]


def test_the_day_after_review_by_the_story_is_overdue_and_held_back(tmp_path: Path) -> None:
    report = consent_report(anthology(tmp_path, D + dt.timedelta(days=1)), 60)
    assert slugs(report.consent_reviews["overdue"]) == [("overdue", -2), ("due-today", -1)]
    assert [(s.slug, s.reasons) for s in report.held_back][:2] == [
        ("broken", ("invalid",)),
        ("due-today", ("consent review overdue",)),
    ]


def test_when_reads_as_words() -> None:
    def when(days: int) -> str:
        return ConsentReview("s", "p", "t", D, days).when

    assert [when(d) for d in (-2, -1, 0, 1, 60)] == [
        "2 days overdue",
        "1 day overdue",
        "today",
        "in 1 day",
        "in 60 days",
    ]


def test_held_back_lists_every_reason_and_invalid_stories(tmp_path: Path) -> None:
    report = consent_report(anthology(tmp_path), 60)
    assert [(s.slug, s.title, s.reasons) for s in report.held_back] == [
        ("broken", None, ("invalid",)),
        ("overdue", "The nurse who sat down", ("consent review overdue",)),
        ("still-waiting", "Still waiting", ("pending",)),
    ]


def test_counts_cover_every_theme_level_and_role_including_zeros(tmp_path: Path) -> None:
    report = consent_report(anthology(tmp_path), 60)
    assert report.checked == 7
    assert report.published == 4
    assert [(c.key, c.count) for c in report.published_by["theme"]] == [
        ("kindness", 3),
        ("being-heard", 0),
        ("dignity", 0),
        ("trust", 0),
        ("waiting", 0),
        ("hope", 1),
        ("end-of-life", 3),
    ]
    assert [(c.label, c.count) for c in report.published_by["framework_level"]] == [
        ("Civil discourse", 3),
        ("Co-planning", 0),
        ("Co-execution", 1),
    ]
    assert [(c.key, c.count) for c in report.published_by["storyteller_role"]] == [
        ("patient", 1),
        ("family-member", 3),
        ("carer", 0),
        ("professional", 0),
        ("other", 0),
    ]


def test_a_negative_window_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        consent_report(anthology(tmp_path), -1)


# Formats

EXPECTED_TEXT = """\
Consent report for 2026-06-01: 7 stories, 4 published, 3 held back

Held back (3)
  story                     reasons
  stories/broken.md         invalid
  stories/overdue.md        consent review overdue
  stories/still-waiting.md  pending
  Run 'make check' to see what is wrong with the invalid stories.

Consent reviews overdue (1)
  review by   when           story               title
  2026-05-31  1 day overdue  stories/overdue.md  The nurse who sat down

Consent reviews due today (1)
  review by   when   story                 title
  2026-06-01  today  stories/due-today.md  The nurse who sat down

Consent reviews due in the next 60 days, by 2026-07-31 (2)
  review by   when        story                    title
  2026-06-02  in 1 day    stories/due-tomorrow.md  The nurse who sat down
  2026-07-31  in 60 days  stories/last-day-in.md   The nurse who sat down

Published stories by theme
  theme        key          stories
  Kindness     kindness           3
  Being heard  being-heard        0
  Dignity      dignity            0
  Trust        trust              0
  Waiting      waiting            0
  Hope         hope               1
  End of life  end-of-life        3

Published stories by framework level
  framework level  key              stories
  Civil discourse  civil-discourse        3
  Co-planning      co-planning            0
  Co-execution     co-execution           1

Published stories by storyteller role
  storyteller role    key            stories
  Patients            patient              1
  Family members      family-member        3
  Carers              carer                0
  Professionals       professional         0
  Other storytellers  other                0
"""


def test_text_format(tmp_path: Path) -> None:
    assert render_consent_report(consent_report(anthology(tmp_path), 60), "text") == EXPECTED_TEXT


def test_text_format_says_none_for_empty_sections(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"a.md": valid_story(review_by="2030-01-01")})
    text = render_consent_report(consent_report(load_anthology(folder, D, "stories"), 60), "text")
    assert "Held back (0)\n  none\n" in text
    assert "Consent reviews overdue (0)\n  none\n" in text
    assert "Consent reviews due today (0)\n  none\n" in text
    assert "Consent reviews due in the next 60 days, by 2026-07-31 (0)\n  none\n" in text


def test_json_format(tmp_path: Path) -> None:
    data = json.loads(render_consent_report(consent_report(anthology(tmp_path), 60), "json"))
    assert {k: data[k] for k in ("build_date", "due_within_days", "due_by", "checked")} == {
        "build_date": "2026-06-01",
        "due_within_days": 60,
        "due_by": "2026-07-31",
        "checked": 7,
    }
    assert data["published"] == 4
    assert data["held_back"][1] == {
        "slug": "overdue",
        "path": "stories/overdue.md",
        "title": "The nurse who sat down",
        "reasons": ["consent review overdue"],
    }
    reviews = data["consent_reviews"]
    assert [r["slug"] for r in reviews["overdue"]] == ["overdue"]
    assert [r["slug"] for r in reviews["due_today"]] == ["due-today"]
    assert reviews["due_soon"][1] == {
        "slug": "last-day-in",
        "path": "stories/last-day-in.md",
        "title": "The nurse who sat down",
        "review_by": "2026-07-31",
        "days": 60,
    }
    assert data["published_by"]["framework_level"][2] == {
        "key": "co-execution",
        "label": "Co-execution",
        "count": 1,
    }
    assert len(data["published_by"]["theme"]) == 7
    assert len(data["published_by"]["storyteller_role"]) == 5


def test_csv_format(tmp_path: Path) -> None:
    text = render_consent_report(consent_report(anthology(tmp_path), 60), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert [(r["section"], r["key"]) for r in rows[:7]] == [
        ("held-back", "broken"),
        ("held-back", "overdue"),
        ("held-back", "still-waiting"),
        ("review-overdue", "overdue"),
        ("review-due-today", "due-today"),
        ("review-due-soon", "due-tomorrow"),
        ("review-due-soon", "last-day-in"),
    ]
    assert rows[3] == {
        "section": "review-overdue",
        "key": "overdue",
        "label": "The nurse who sat down",
        "path": "stories/overdue.md",
        "review_by": "2026-05-31",
        "days": "-1",
        "count": "",
        "reasons": "",
    }
    assert rows[7] == {
        "section": "theme",
        "key": "kindness",
        "label": "Kindness",
        "path": "",
        "review_by": "",
        "days": "",
        "count": "3",
        "reasons": "",
    }
    assert [r["section"] for r in rows[7:]] == ["theme"] * 7 + ["framework-level"] * 3 + [
        "storyteller-role"
    ] * 5


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_defused(tmp_path: Path) -> None:
    title = "title: '=SUM(1+1)'"
    story = valid_story().replace("title: The nurse who sat down", title)
    folder = stories_folder(tmp_path, {"a.md": story})
    report = consent_report(load_anthology(folder, dt.date(2029, 1, 1), "stories"), 60)
    rows = list(csv.DictReader(io.StringIO(render_consent_report(report, "csv"))))
    assert (rows[0]["section"], rows[0]["label"]) == ("held-back", "'=SUM(1+1)")
    assert (rows[1]["section"], rows[1]["days"]) == ("review-overdue", "-365")
