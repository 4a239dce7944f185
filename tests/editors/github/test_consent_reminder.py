"""The "Consent reviews due" issue: what it says, and when it opens, changes and closes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from kairos.core.anthology import load_anthology
from kairos.editors.github.consent_reminder import REMINDER_TITLE, reminder_body, sync_reminder
from kairos.editors.reports.consent_report import ConsentReport, consent_report

from ...story_cases import stories_folder, valid_story

REVIEW_BY = dt.date(2026, 7, 1)


def report_on(tmp_path: Path, day: dt.date) -> ConsentReport:
    folder = stories_folder(
        tmp_path,
        {
            "due.md": valid_story(review_by=REVIEW_BY.isoformat()).replace(
                "KF-2026-001", "KF-2026-045"
            ),
            "later.md": valid_story(review_by="2027-01-01"),
            "pending.md": valid_story().replace("status: granted", "status: pending"),
        },
    )
    return consent_report(load_anthology(folder, day, "stories"), 30)


class RecordingGh:
    """A fake ``gh`` runner holding open issues, as GitHub would."""

    def __init__(self) -> None:
        self.issues: list[tuple[int, str, str]] = []
        self.calls: list[list[str]] = []

    def __call__(self, arguments: Sequence[str]) -> str:
        self.calls.append(list(arguments))
        kind = arguments[1]
        if kind == "list":
            return json.dumps([{"number": n, "title": t, "body": b} for n, t, b in self.issues])
        if kind == "create":
            self.issues.append((len(self.calls), arguments[3], arguments[5]))
        elif kind == "edit":
            self.issues = [
                (n, t, arguments[4] if n == int(arguments[2]) else b) for n, t, b in self.issues
            ]
        elif kind == "close":
            self.issues = [i for i in self.issues if i[0] != int(arguments[2])]
        return ""


def test_the_body_lists_story_review_date_and_record(tmp_path: Path) -> None:
    body = reminder_body(report_on(tmp_path, dt.date(2026, 6, 1)))
    assert body is not None
    assert body.splitlines()[:5] == [
        "Consent must be confirmed again for 1 story by 2026-07-01 (checked on 2026-06-01, "
        "30 days ahead). The day after its review date a story disappears from the site until "
        "its consent is confirmed.",
        "",
        "| story | title | review by | when | consent record |",
        "| --- | --- | --- | --- | --- |",
        "| `stories/due.md` | The nurse who sat down | 2026-07-01 | in 30 days | `KF-2026-045` |",
    ]


def test_nothing_due_means_no_issue(tmp_path: Path) -> None:
    assert reminder_body(report_on(tmp_path, dt.date(2026, 5, 31))) is None


def test_overdue_and_due_today_are_listed_too(tmp_path: Path) -> None:
    today = reminder_body(report_on(tmp_path / "a", REVIEW_BY))
    overdue = reminder_body(report_on(tmp_path / "b", REVIEW_BY + dt.timedelta(days=2)))
    assert today is not None and "| 2026-07-01 | today |" in today
    assert overdue is not None and "| 2026-07-01 | 2 days overdue |" in overdue


def test_the_issue_opens_30_days_ahead_follows_the_days_and_closes(tmp_path: Path) -> None:
    gh = RecordingGh()
    assert sync_reminder(report_on(tmp_path / "1", dt.date(2026, 5, 31)), run=gh) == []
    assert gh.issues == []

    (opened,) = sync_reminder(report_on(tmp_path / "2", dt.date(2026, 6, 1)), run=gh)
    assert opened.kind == "create"
    assert [title for _, title, _ in gh.issues] == [REMINDER_TITLE]

    (updated,) = sync_reminder(report_on(tmp_path / "3", dt.date(2026, 6, 2)), run=gh)
    assert updated.kind == "edit"
    assert "| in 29 days |" in gh.issues[0][2]

    assert sync_reminder(report_on(tmp_path / "3", dt.date(2026, 6, 2)), run=gh) == []

    # Consent renewed: the story's review date moves on, nothing is due, the issue closes.
    renewed = stories_folder(tmp_path / "4", {"due.md": valid_story(review_by="2029-07-01")})
    report = consent_report(load_anthology(renewed, dt.date(2026, 6, 3), "stories"), 30)
    (closed,) = sync_reminder(report, run=gh)
    assert closed.kind == "close"
    assert closed.comment.startswith("No consent review is due by 2026-07-03")
    assert gh.issues == []
