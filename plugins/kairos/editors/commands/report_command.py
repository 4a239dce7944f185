"""``kairos report``: the editors' regular consent review, and the "Consent reviews due" issue.

Issues are e-mailed, so a title the identifier scan flags is ``[masked]`` in the issue.
:func:`reminder_body` decides (None: close); :mod:`~kairos.editors.github.github_issue` talks
to GitHub.
"""

from __future__ import annotations

import datetime as dt

import click

from kairos.core.problems import masked_if_identifying, plural
from kairos.editors import editors_template
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    format_option,
    judged_anthology,
)
from kairos.editors.github.github_issue import (
    GitHubIssueError,
    IssueAction,
    Runner,
    run_gh,
    sync_issue,
)
from kairos.editors.reports.consent_report import (
    ConsentReport,
    ReportFormat,
    consent_report,
    render_consent_report,
)

REMINDER_TITLE = "Consent reviews due"


@click.command()
@click.argument("stories_dir", default="stories", type=click.Path(path_type=str))
@click.option(
    "--due",
    "due_days",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    metavar="DAYS",
    help="List consent reviews due within this many days of the date (that day included).",
)
@build_date_option("Date of the report.", "report_date")
@format_option("csv", "spreadsheets")
@click.option(
    "--github-issue",
    is_flag=True,
    help="Also open, update or close the one 'Consent reviews due' issue with the gh command "
    "line (needs GH_TOKEN); the scheduled workflow uses it.",
)
def report(
    stories_dir: str,
    due_days: int,
    report_date: dt.date | None,
    output_format: ReportFormat,
    github_issue: bool,
) -> None:
    """For editors' regular review: held-back stories, consent reviews due, counts.

    Reads STORIES_DIR (default: stories). Lists stories held back and why, consent reviews
    overdue, due today and due within --due days, and how many published stories there are
    by theme, framework level and storyteller role. With --github-issue, one GitHub issue
    lists the reviews due (it is closed when none is). Exit status: 0 printed, 1 the issue
    could not be updated, 2 could not run.
    """
    anthology = judged_anthology(stories_dir, report_date)
    content = consent_report(anthology, due_days)
    click.echo(render_consent_report(content, output_format), nl=False)
    if not github_issue:
        return
    try:
        actions = sync_reminder(content)
    except GitHubIssueError as error:
        raise CommandError(f"could not update the issue '{REMINDER_TITLE}': {error}", 1) from None
    done = {"create": "opened", "edit": "updated", "close": "closed"}
    what = ", ".join(sorted({done[action.kind] for action in actions})) or "already current"
    click.echo(
        f"kairos report: {plural(len(content.reviews), 'consent review')} due by "
        f"{content.due_by.isoformat()}; issue '{REMINDER_TITLE}': {what}",
        err=True,
    )


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
