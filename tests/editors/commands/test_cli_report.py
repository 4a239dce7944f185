"""``kairos report``: each format, the --due window at its edges, and when it cannot run; the
"Consent reviews due" issue: what it says, and when it opens, changes and closes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.core.anthology import load_anthology
from kairos.editors.commands.cli import main
from kairos.editors.commands.report_command import REMINDER_TITLE, reminder_body, sync_reminder
from kairos.editors.reports.consent_report import (
    ConsentReport,
    consent_report,
    render_consent_report,
)

from ...fake_gh import FakeGh
from ...story_cases import stories_folder, valid_story


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reviews due on 2026-05-31 (D-1), 2026-06-01 (D), 2026-07-31 (D+60), 2026-08-01 (D+61)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return stories_folder(
        tmp_path,
        {
            "a-overdue.md": valid_story(review_by="2026-05-31"),
            "b-today.md": valid_story(review_by="2026-06-01"),
            "c-last-day-in.md": valid_story(review_by="2026-07-31"),
            "d-first-day-out.md": valid_story(review_by="2026-08-01"),
        },
    )


def report(*args: str) -> Result:
    return CliRunner().invoke(main, ["report", *args])


def test_text_is_the_default_and_matches_the_core(folder: Path) -> None:
    result = report("--date", "2026-06-01")
    assert result.exit_code == 0
    expected = consent_report(load_anthology(folder, dt.date(2026, 6, 1), "stories"), 60)
    assert result.output == render_consent_report(expected, "text")
    assert "Consent reviews overdue (1)\n" in result.output
    assert "  2026-05-31  1 day overdue  stories/a-overdue.md" in result.output
    assert "  2026-06-01  today  stories/b-today.md" in result.output
    assert "Consent reviews due in the next 60 days, by 2026-07-31 (1)\n" in result.output
    assert "stories/d-first-day-out.md" not in result.output


@pytest.mark.parametrize(
    ("due", "due_soon"),
    [
        ("59", []),
        ("60", ["c-last-day-in"]),
        ("61", ["c-last-day-in", "d-first-day-out"]),
    ],
)
def test_due_window_edges(folder: Path, due: str, due_soon: list[str]) -> None:
    result = report("stories", "--due", due, "--date", "2026-06-01", "--format", "json")
    assert result.exit_code == 0
    reviews = json.loads(result.output)["consent_reviews"]
    assert [r["slug"] for r in reviews["overdue"]] == ["a-overdue"]
    assert [r["slug"] for r in reviews["due_today"]] == ["b-today"]
    assert [r["slug"] for r in reviews["due_soon"]] == due_soon


def test_json_format(folder: Path) -> None:
    result = report("--date", "2026-06-01", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["build_date"] == "2026-06-01"
    assert data["due_by"] == "2026-07-31"
    assert [s["slug"] for s in data["held_back"]] == ["a-overdue"]


def test_csv_format(folder: Path) -> None:
    result = report("--date", "2026-06-01", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["section"], r["key"], r["days"]) for r in rows[:4]] == [
        ("held-back", "a-overdue", ""),
        ("review-overdue", "a-overdue", "-1"),
        ("review-due-today", "b-today", "0"),
        ("review-due-soon", "c-last-day-in", "60"),
    ]


def test_date_defaults_to_source_date_epoch(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01 00:00 UTC
    result = report("--format", "json")
    assert json.loads(result.output)["build_date"] == "2026-06-01"


# Could not run


def test_no_stories_folder(folder: Path) -> None:
    result = report("nowhere")
    assert result.exit_code == 2
    assert result.output == "kairos report: nowhere: no such folder\n"


def test_a_negative_window_is_a_usage_error(folder: Path) -> None:
    result = report("--due", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--due': -1 is not in the range x>=0." in result.output


def test_a_bad_date_is_a_usage_error(folder: Path) -> None:
    result = report("--date", "2026-02-30")
    assert result.exit_code == 2
    assert "Invalid value for '--date': found '2026-02-30'; expected a real date" in result.output


def test_an_unknown_format_is_a_usage_error(folder: Path) -> None:
    result = report("--format", "github")
    assert result.exit_code == 2
    assert "'github' is not one of 'text', 'json', 'csv'." in result.output


# --github-issue: the scheduled reminder, through the real gh subprocess path (a fake gh)


def test_github_issue_opens_the_reminder(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gh = FakeGh(tmp_path / "bin")
    monkeypatch.setenv("PATH", gh.path_first())
    result = CliRunner().invoke(
        main, ["report", "--due", "30", "--date", "2026-07-01", "--github-issue"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "kairos report: 3 consent reviews due by 2026-07-31; issue 'Consent reviews due': opened\n"
    )
    (issue,) = gh.open_issues
    assert issue["title"] == "Consent reviews due"
    assert (
        "| `stories/c-last-day-in.md` | The nurse who sat down | 2026-07-31 | in 30 days | "
        in str(issue["body"])
    )


def test_github_issue_failure_is_reported(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-gh-here"))
    result = CliRunner().invoke(main, ["report", "--date", "2026-07-01", "--github-issue"])
    assert result.exit_code == 1
    assert "kairos report: could not update the issue 'Consent reviews due': could not run gh" in (
        result.output
    )


# The "Consent reviews due" issue

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
