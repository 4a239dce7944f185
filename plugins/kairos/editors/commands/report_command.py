"""``kairos report``: the editors' regular consent review."""

from __future__ import annotations

import datetime as dt

import click

from kairos.core.problems import plural
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    format_option,
    judged_anthology,
)
from kairos.editors.reports.consent_report import (
    ConsentReport,
    ReportFormat,
    consent_report,
    render_consent_report,
)


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
    if github_issue:
        _sync_reminder_issue(content)


def _sync_reminder_issue(content: ConsentReport) -> None:
    from kairos.editors.github import github_issue
    from kairos.editors.github.consent_reminder import REMINDER_TITLE, sync_reminder

    try:
        actions = sync_reminder(content, run=github_issue.run_gh)
    except github_issue.GitHubIssueError as error:
        raise CommandError(f"could not update the issue '{REMINDER_TITLE}': {error}", 1) from None
    done = {"create": "opened", "edit": "updated", "close": "closed"}
    what = ", ".join(sorted({done[action.kind] for action in actions})) or "already current"
    click.echo(
        f"kairos report: {plural(len(content.reviews), 'consent review')} due by "
        f"{content.due_by.isoformat()}; issue '{REMINDER_TITLE}': {what}",
        err=True,
    )
