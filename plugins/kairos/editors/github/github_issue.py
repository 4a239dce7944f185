"""Keep one open GitHub issue per exact title: open it, update it, or close it.

:func:`plan_issue_actions` is pure: from the open issues (``gh issue list --json
number,title,body``) and the body wanted (``None`` when all is well) it returns the actions;
:func:`sync_issue` runs them through a runner (``gh`` by default, a fake in tests). The rules:

- a body and no open issue with that title: create one; a body and an open issue: update its
  body if it differs (a nightly job failing the same way notifies no one again);
- no body: close every open issue with that title, with a comment saying why;
- several open issues with the title: keep the oldest, close the others as duplicates.

Closed issues are left alone, so each keeps the history of its episode.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

# GitHub refuses an issue body longer than 65,536 characters; keep clear of it.
MAX_BODY_CHARACTERS = 60_000
_TRUNCATED = "\n\n(cut short: the full text is in the workflow run's log)\n"
# How many open issues are listed; the exact title is matched here, not by GitHub's search,
# whose index can lag behind an issue created a moment ago.
LIST_LIMIT = 1000

# Runs `gh` with these arguments and returns what it printed; raises GitHubIssueError on failure.
Runner = Callable[[Sequence[str]], str]


class GitHubIssueError(Exception):
    """The issue list could not be read, or ``gh`` failed."""


@dataclass(frozen=True)
class OpenIssue:
    number: int
    title: str
    body: str


@dataclass(frozen=True)
class IssueAction:
    """One change to make: ``number`` is None only for ``create``."""

    kind: Literal["create", "edit", "close"]
    number: int | None
    title: str
    body: str = ""
    comment: str = ""


def parse_open_issues(listing: str) -> list[OpenIssue]:
    try:
        items = json.loads(listing)
        if not isinstance(items, list):
            raise TypeError(f"expected a list, found {type(items).__name__}")
        return [
            OpenIssue(int(item["number"]), str(item["title"]), str(item.get("body") or ""))
            for item in items
        ]
    except (ValueError, TypeError, KeyError) as error:
        raise GitHubIssueError(f"could not read the list of open issues: {error}") from None


def fit_body(body: str, cut_notice: str = _TRUNCATED) -> str:
    """``body`` cut to GitHub's limit, ending with ``cut_notice`` when it had to be cut."""
    if len(body) <= MAX_BODY_CHARACTERS:
        return body
    return body[: MAX_BODY_CHARACTERS - len(cut_notice)] + cut_notice


def same_text(a: str, b: str) -> bool:
    """Whether two bodies say the same, whatever their line ends and outer white space."""
    # GitHub stores bodies with CRLF line ends when edited in the browser.
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def plan_issue_actions(
    open_issues: Sequence[OpenIssue],
    title: str,
    body: str | None,
    *,
    closing_comment: str,
) -> list[IssueAction]:
    """The actions that leave exactly one open issue titled ``title`` holding ``body``, or none
    when ``body`` is None."""
    matching = sorted((i for i in open_issues if i.title == title), key=lambda i: i.number)
    if body is None:
        return [IssueAction("close", i.number, title, comment=closing_comment) for i in matching]
    body = fit_body(body)
    if not matching:
        return [IssueAction("create", None, title, body=body)]
    kept, *duplicates = matching
    actions = [
        IssueAction("close", d.number, title, comment=f"Duplicate of #{kept.number}.")
        for d in duplicates
    ]
    if not same_text(kept.body, body):
        actions.insert(0, IssueAction("edit", kept.number, title, body=body))
    return actions


def gh_arguments(action: IssueAction) -> list[str]:
    if action.kind == "create":
        return ["issue", "create", "--title", action.title, "--body", action.body]
    if action.kind == "edit":
        return ["issue", "edit", str(action.number), "--body", action.body]
    return ["issue", "close", str(action.number), "--comment", action.comment]


def run_gh(arguments: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Run the GitHub command line; it takes its token from ``GH_TOKEN`` or ``GITHUB_TOKEN``
    and the repository from ``GH_REPO`` or the checkout's remote."""
    try:
        result = subprocess.run(
            ["gh", *arguments],
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ if environ is None else environ),
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitHubIssueError(f"could not run gh: {error}") from None
    if result.returncode != 0:
        command = " ".join(["gh", *arguments[:2]])
        raise GitHubIssueError(f"{command} failed: {result.stderr.strip() or result.stdout}")
    return result.stdout


def sync_issue(
    title: str,
    body: str | None,
    *,
    closing_comment: str,
    run: Runner = run_gh,
) -> list[IssueAction]:
    """Make GitHub hold one open issue ``title`` with ``body`` (none when ``body`` is None);
    return the actions taken."""
    fields = ["--limit", str(LIST_LIMIT), "--json", "number,title,body"]
    listing = run(["issue", "list", "--state", "open", *fields])
    actions = plan_issue_actions(
        parse_open_issues(listing), title, body, closing_comment=closing_comment
    )
    for action in actions:
        run(gh_arguments(action))
    return actions
