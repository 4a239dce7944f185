"""The "Consent reviews due" issue: one GitHub issue listing the consent reviews coming up.

``kairos report --due 30 --github-issue`` runs daily: while any granted story's review date is
within the window or past, one open issue lists each story, its date and consent record;
otherwise it is closed. Issues are e-mailed, so a title the identifier scan flags is
``[masked]``. :func:`reminder_body` decides (None: close);
:mod:`~kairos.editors.github.github_issue` talks to GitHub.
"""

from __future__ import annotations

from kairos.core.problems import masked_if_identifying
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
    return "\n".join(
        [
            f"Consent must be confirmed again for {len(report.reviews)} "
            f"{'story' if len(report.reviews) == 1 else 'stories'} by "
            f"{report.due_by.isoformat()} (checked on {report.build_date.isoformat()}, "
            f"{report.due_within_days} days ahead). The day after its review date a story "
            "disappears from the site until its consent is confirmed.",
            "",
            "| story | title | review by | when | consent record |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            "For each story: find the signed form by its record reference (kept offline), contact "
            "the storyteller or their proxy through your usual channel, then in a pull request "
            "either renew `consent.review_by` (and `consent.record` if there is a new form) or "
            "withdraw the story. See the editors' guide, *Consent reviews*.",
            "",
            "<sub>Kept up to date every day by the *Consent reviews due* workflow "
            "(`kairos report --due "
            f"{report.due_within_days} --github-issue`); it closes this issue when no review is "
            "due.</sub>",
        ]
    )


def closing_comment(report: ConsentReport) -> str:
    return (
        f"No consent review is due by {report.due_by.isoformat()} (checked on "
        f"{report.build_date.isoformat()}), so this reminder is closed. A new one opens when "
        "the next review comes within reach."
    )


def sync_reminder(report: ConsentReport, run: Runner = run_gh) -> list[IssueAction]:
    """Open, update or close the one "Consent reviews due" issue; return what was done."""
    return sync_issue(
        REMINDER_TITLE, reminder_body(report), closing_comment=closing_comment(report), run=run
    )
