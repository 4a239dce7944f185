"""The ``kairos`` command line: a thin adapter from click to the core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from .anthology import StoriesFolderMissing, load_anthology
from .build_date import BuildDateError, resolve_build_date
from .check_report import ReportFormat, render_check_report
from .schema import story_json_schema_text

__all__ = ["main"]


def _date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return resolve_build_date(value, {})
    except BuildDateError as error:
        raise click.BadParameter(str(error).removeprefix("build date: ")) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kairos-stories")
def main() -> None:
    """Kairos: check, build and look after an anthology of patient and family stories."""


@main.command()
@click.argument("stories_dir", default="stories", type=click.Path(path_type=str))
@click.option(
    "--date",
    "build_date",
    callback=_date_option,
    metavar="YYYY-MM-DD",
    help="Build date for the publishing rule. Default: SOURCE_DATE_EPOCH, else today (UTC).",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def check(
    stories_dir: str, build_date: dt.date | None, report_format: ReportFormat, strict: bool
) -> None:
    """Validate every story in STORIES_DIR (default: stories) and the vocabulary.

    Prints every problem as PATH:LINE: FIELD: what was found; what is allowed, then one
    summary line. Exit status: 0 all valid, 1 problems found, 2 could not run.
    """
    try:
        date = resolve_build_date(build_date, os.environ)
        anthology = load_anthology(Path(stories_dir), date, display_dir=stories_dir)
    except (BuildDateError, StoriesFolderMissing) as error:
        click.echo(f"kairos check: {error}", err=True)
        raise SystemExit(2) from None
    click.echo(render_check_report(anthology, report_format), nl=False)
    summary = anthology.summary()
    if summary.errors or (strict and summary.warnings):
        raise SystemExit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of a story's front-matter, generated from the story model."""
    click.echo(story_json_schema_text(), nl=False)
