"""The "Consent reviews due" issue: one GitHub issue listing the consent reviews coming up.

``kairos report --due 30 --github-issue`` runs daily: while any granted story's review date is
within the window or past, one open issue lists each story, its date and consent record;
otherwise it is closed. Issues are e-mailed, so a title the identifier scan flags is
``[masked]``. :func:`reminder_body` decides (None: close);
:mod:`~kairos.editors.github.github_issue` talks to GitHub.
"""

from __future__ import annotations

from kairos.core.problems import masked_if_identifying, plural
from kairos.editors import editors_template
from kairos.editors.github.github_issue import IssueAction, Runner, run_gh, sync_issue
from kairos.editors.reports.consent_report import ConsentReport

REMINDER_TITLE = "Consent reviews due"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reminder_body(report: ConsentReport) -> str | None:
    """The issue's Markdown, or None when no consent review is due within the window."""
    if not report.reviews:
        return None
    rows = [
        f"| `{r.path}` | {_cell(masked_if_identifying(r.title))} | {r.review_by.isoformat()} "
        f"| {r.when} | `{r.record}` |"
        for r in report.reviews
    ]
    return (
        editors_template("consent_reminder.md.tmpl")
        .substitute(
            stories=plural(len(report.reviews), "story", "stories"),
            due_by=report.due_by.isoformat(),
            checked_on=report.build_date.isoformat(),
            days=report.due_within_days,
            rows="\n".join(rows),
        )
        .removesuffix("\n")
    )


def sync_reminder(report: ConsentReport, run: Runner = run_gh) -> list[IssueAction]:
    """Open, update or close the one "Consent reviews due" issue; return what was done."""
    closing = (
        f"No consent review is due by {report.due_by.isoformat()} (checked on "
        f"{report.build_date.isoformat()}), so this reminder is closed. A new one opens when "
        "the next review comes within reach."
    )
    return sync_issue(REMINDER_TITLE, reminder_body(report), closing_comment=closing, run=run)
