"""``kairos report``: each format, the --due window at its edges, and when it cannot run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.core.anthology import load_anthology
from kairos.editors.commands.cli import main
from kairos.editors.reports.consent_report import consent_report, render_consent_report

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
