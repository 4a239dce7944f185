"""Keep one comment on a pull request holding a report, updated in place at each push.

CI puts ``kairos diff --format markdown`` in the job summary and, where the token allows, in one
comment recognised by a hidden marker on its first line: created once, then edited, and not
posted again when unchanged. A fork's read-only token is refused by GitHub: a notice, never a
failed job. :func:`plan_comment` decides (pure); :func:`sync_comment` runs it through ``gh``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kairos.editors.github.github_issue import GitHubIssueError, Runner, fit_body, run_gh, same_text

MARKER = "<!-- kairos:publication-diff -->"
_CUT = "\n\n(cut short: the whole report is in the job summary of the CI run)\n"


@dataclass(frozen=True)
class PullRequestComment:
    comment_id: int
    body: str


@dataclass(frozen=True)
class CommentAction:
    """``create`` a comment, ``edit`` comment ``comment_id``, or ``none`` when it is current."""

    kind: Literal["create", "edit", "none"]
    body: str
    comment_id: int | None = None


def plan_comment(comments: Sequence[PullRequestComment], report: str) -> CommentAction:
    """The one change that leaves a single marked comment holding ``report``: the oldest
    marked comment is kept."""
    body = fit_body(f"{MARKER}\n{report}", _CUT)
    ours = (c for c in comments if c.body.startswith(MARKER))
    current = min(ours, key=lambda c: c.comment_id, default=None)
    if current is None:
        return CommentAction("create", body)
    kind: Literal["create", "edit", "none"] = "none" if same_text(current.body, body) else "edit"
    return CommentAction(kind, body, current.comment_id)


def parse_comments(listing: str) -> list[PullRequestComment]:
    """The comments in what ``gh api --paginate ... --jq '.[] | [.id, .body] | @json'`` prints."""
    try:
        rows = [json.loads(line) for line in listing.splitlines() if line.strip()]
        return [PullRequestComment(int(number), str(body or "")) for number, body in rows]
    except (ValueError, TypeError) as error:
        raise GitHubIssueError(f"could not read the pull request's comments: {error}") from None


def sync_comment(number: int, report: str, run: Runner = run_gh) -> CommentAction:
    """Create or update the pull request's report comment; return what was done."""
    comments_path = f"repos/{{owner}}/{{repo}}/issues/{number}/comments"
    listing = run(["api", "--paginate", comments_path, "--jq", ".[] | [.id, .body] | @json"])
    action = plan_comment(parse_comments(listing), report)
    if action.kind == "create":
        run(["api", "--method", "POST", comments_path, "-f", f"body={action.body}"])
    elif action.kind == "edit":
        path = f"repos/{{owner}}/{{repo}}/issues/comments/{action.comment_id}"
        run(["api", "--method", "PATCH", path, "-f", f"body={action.body}"])
    return action


def main(arguments: Sequence[str] | None = None, run: Runner = run_gh) -> int:
    """``python -m kairos.editors.github.pull_request_comment NUMBER REPORT.md``; 0 if refused."""
    given = list(sys.argv[1:] if arguments is None else arguments)
    if len(given) != 2 or not given[0].isdigit():
        print("usage: python -m kairos.editors.github.pull_request_comment NUMBER REPORT.md")
        return 2
    number, report_file = given
    try:
        action = sync_comment(int(number), Path(report_file).read_text(encoding="utf-8"), run)
    except GitHubIssueError as error:
        print(
            f"::notice title=No pull request comment::{error}. The report is in this job's "
            "summary (a pull request from a fork cannot be commented on by its workflow)."
        )
        return 0
    done = {"create": "posted", "edit": "updated", "none": "already current"}[action.kind]
    print(f"pull request #{number}: report comment {done}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
