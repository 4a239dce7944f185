"""One report comment per pull request: created once, then edited; a refusal never fails CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from kairos.editors.github.github_issue import MAX_BODY_CHARACTERS, GitHubIssueError
from kairos.editors.github.pull_request_comment import (
    MARKER,
    CommentAction,
    PullRequestComment,
    main,
    parse_comments,
    plan_comment,
)

REPORT = "### What this change does to the public site\n\n- **1 story will be published**\n"


def test_no_comment_yet_creates_one() -> None:
    others = [PullRequestComment(1, "Looks good to me")]
    assert plan_comment(others, REPORT) == CommentAction("create", f"{MARKER}\n{REPORT}")


def test_the_oldest_marked_comment_is_edited() -> None:
    comments = [
        PullRequestComment(7, f"{MARKER}\nold report"),
        PullRequestComment(3, f"{MARKER}\nolder report"),
    ]
    assert plan_comment(comments, REPORT) == CommentAction("edit", f"{MARKER}\n{REPORT}", 3)


def test_an_unchanged_report_is_not_posted_again() -> None:
    comments = [PullRequestComment(3, f"{MARKER}\n{REPORT}".replace("\n", "\r\n"))]
    assert plan_comment(comments, REPORT).kind == "none"


def test_a_long_report_is_cut_to_what_github_accepts() -> None:
    action = plan_comment([], "x" * 100_000)
    assert len(action.body) == MAX_BODY_CHARACTERS
    assert action.body.endswith(
        "(cut short: the whole report is in the job summary of the CI run)\n"
    )


def test_parse_comments_reads_gh_api_lines() -> None:
    listing = json.dumps([5, "a\nb"]) + "\n" + json.dumps([6, None]) + "\n"
    assert parse_comments(listing) == [PullRequestComment(5, "a\nb"), PullRequestComment(6, "")]
    with pytest.raises(GitHubIssueError, match="could not read the pull request's comments"):
        parse_comments("<html>")


class Gh:
    def __init__(self, comments: list[tuple[int, str]], refuse_writes: bool = False) -> None:
        self.comments = comments
        self.refuse_writes = refuse_writes
        self.calls: list[list[str]] = []

    def __call__(self, arguments: Sequence[str]) -> str:
        self.calls.append(list(arguments))
        if "--method" not in arguments:
            return "".join(json.dumps([i, b]) + "\n" for i, b in self.comments)
        if self.refuse_writes:
            raise GitHubIssueError(
                "gh api failed: Resource not accessible by integration (HTTP 403)"
            )
        return "{}"


def test_main_posts_then_updates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "publication-diff.md"
    report.write_text(REPORT, encoding="utf-8")
    gh = Gh([(1, "LGTM")])
    assert main(["12", str(report)], run=gh) == 0
    assert gh.calls[-1] == [
        "api",
        "--method",
        "POST",
        "repos/{owner}/{repo}/issues/12/comments",
        "-f",
        f"body={MARKER}\n{REPORT}",
    ]
    gh = Gh([(1, "LGTM"), (9, f"{MARKER}\nold")])
    assert main(["12", str(report)], run=gh) == 0
    assert gh.calls[-1][:4] == [
        "api",
        "--method",
        "PATCH",
        "repos/{owner}/{repo}/issues/comments/9",
    ]
    assert capsys.readouterr().out == (
        "pull request #12: report comment posted\npull request #12: report comment updated\n"
    )


def test_a_read_only_token_is_a_notice_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "publication-diff.md"
    report.write_text(REPORT, encoding="utf-8")
    assert main(["12", str(report)], run=Gh([], refuse_writes=True)) == 0
    assert capsys.readouterr().out == (
        "::notice title=No pull request comment::gh api failed: Resource not accessible by "
        "integration (HTTP 403). The report is in this job's summary (a pull request from a "
        "fork cannot be commented on by its workflow).\n"
    )


def test_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twelve", "x.md"]) == 2
    assert capsys.readouterr().out.startswith(
        "usage: python -m kairos.editors.github.pull_request_comment"
    )
