"""One open GitHub issue per exact title: the pure decision, the gh command lines, the sync."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest

from kairos.editors.github.github_issue import (
    MAX_BODY_CHARACTERS,
    GitHubIssueError,
    IssueAction,
    OpenIssue,
    gh_arguments,
    parse_open_issues,
    plan_issue_actions,
    run_gh,
    sync_issue,
)

TITLE = "Site deploy failed"
CLOSING = "The deploy of 2026-12-02 was clean."


def plan(issues: list[OpenIssue], body: str | None) -> list[IssueAction]:
    return plan_issue_actions(issues, TITLE, body, closing_comment=CLOSING)


# The decision


def test_a_body_and_no_open_issue_creates_one() -> None:
    other = OpenIssue(3, "Site deploy failed again", "x")  # a similar title is not the same
    assert plan([other], "broken") == [IssueAction("create", None, TITLE, body="broken")]


def test_a_changed_body_edits_the_open_issue() -> None:
    assert plan([OpenIssue(7, TITLE, "old")], "new") == [IssueAction("edit", 7, TITLE, body="new")]


def test_the_same_body_does_nothing_so_nobody_is_notified_again() -> None:
    assert plan([OpenIssue(7, TITLE, "line one\r\nline two\r\n")], "line one\nline two") == []


def test_no_body_closes_every_open_issue_with_the_title() -> None:
    issues = [OpenIssue(9, TITLE, "b"), OpenIssue(4, TITLE, "a"), OpenIssue(5, "Other", "c")]
    assert plan(issues, None) == [
        IssueAction("close", 4, TITLE, comment=CLOSING),
        IssueAction("close", 9, TITLE, comment=CLOSING),
    ]


def test_no_body_and_no_issue_does_nothing() -> None:
    assert plan([], None) == []


def test_duplicates_are_closed_in_favour_of_the_oldest() -> None:
    issues = [OpenIssue(12, TITLE, "new"), OpenIssue(8, TITLE, "old"), OpenIssue(10, TITLE, "x")]
    assert plan(issues, "new") == [
        IssueAction("edit", 8, TITLE, body="new"),
        IssueAction("close", 10, TITLE, comment="Duplicate of #8."),
        IssueAction("close", 12, TITLE, comment="Duplicate of #8."),
    ]


def test_a_body_too_long_for_github_is_cut_short_with_a_note() -> None:
    (action,) = plan([], "x" * 100_000)
    assert len(action.body) == MAX_BODY_CHARACTERS
    assert action.body.endswith("(cut short: the full text is in the workflow run's log)\n")


# Reading gh's output and writing its command lines


def test_parse_open_issues_reads_gh_json() -> None:
    listing = json.dumps(
        [{"number": 2, "title": TITLE, "body": None}, {"number": 3, "title": "T", "body": "b"}]
    )
    assert parse_open_issues(listing) == [OpenIssue(2, TITLE, ""), OpenIssue(3, "T", "b")]


@pytest.mark.parametrize("listing", ["not json", '[{"title": "no number"}]', "{}"])
def test_parse_open_issues_refuses_what_it_cannot_read(listing: str) -> None:
    with pytest.raises(GitHubIssueError, match="could not read the list of open issues"):
        parse_open_issues(listing)


def test_gh_arguments() -> None:
    assert gh_arguments(IssueAction("create", None, TITLE, body="b")) == [
        "issue", "create", "--title", TITLE, "--body", "b",
    ]  # fmt: skip
    assert gh_arguments(IssueAction("edit", 5, TITLE, body="b")) == [
        "issue", "edit", "5", "--body", "b",
    ]  # fmt: skip
    assert gh_arguments(IssueAction("close", 5, TITLE, comment="c")) == [
        "issue", "close", "5", "--comment", "c",
    ]  # fmt: skip


# The sync, with a fake runner


class FakeGh:
    def __init__(self, issues: list[dict[str, object]]) -> None:
        self.issues = issues
        self.calls: list[list[str]] = []

    def __call__(self, arguments: Sequence[str]) -> str:
        self.calls.append(list(arguments))
        return json.dumps(self.issues) if arguments[:2] == ["issue", "list"] else ""


def test_sync_lists_open_issues_then_runs_each_action() -> None:
    gh = FakeGh([{"number": 4, "title": TITLE, "body": "old"}])
    actions = sync_issue(TITLE, "new", closing_comment=CLOSING, run=gh)
    assert actions == [IssueAction("edit", 4, TITLE, body="new")]
    assert gh.calls == [
        ["issue", "list", "--state", "open", "--limit", "1000", "--json", "number,title,body"],
        ["issue", "edit", "4", "--body", "new"],
    ]


def test_sync_closes_when_all_is_well() -> None:
    gh = FakeGh([{"number": 4, "title": TITLE, "body": "old"}])
    sync_issue(TITLE, None, closing_comment=CLOSING, run=gh)
    assert gh.calls[1:] == [["issue", "close", "4", "--comment", CLOSING]]


# The real runner, against a stand-in gh on the PATH


def fake_gh_on_path(tmp_path: Path, script: str) -> dict[str, str]:
    gh = tmp_path / "gh"
    gh.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}


def test_run_gh_returns_what_gh_printed(tmp_path: Path) -> None:
    environ = fake_gh_on_path(tmp_path, 'echo "args: $*"\n')
    assert run_gh(["issue", "list"], environ) == "args: issue list\n"


def test_run_gh_reports_a_failure_with_gh_message(tmp_path: Path) -> None:
    environ = fake_gh_on_path(tmp_path, 'echo "HTTP 403: Resource not accessible" >&2\nexit 1\n')
    with pytest.raises(GitHubIssueError) as raised:
        run_gh(["issue", "create", "--title", "t"], environ)
    assert str(raised.value) == "gh issue create failed: HTTP 403: Resource not accessible"


def test_run_gh_reports_a_missing_gh(tmp_path: Path) -> None:
    with pytest.raises(GitHubIssueError, match="could not run gh"):
        run_gh(["issue", "list"], {"PATH": str(tmp_path)})
