"""``kairos check``, ``kairos schema`` and ``kairos fields``: the story format, checked."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kairos.core.anthology import load_anthology
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.core.privacy_notice import privacy_warnings
from kairos.core.schema import collection_json_schema_text, story_json_schema_text
from kairos.core.site_settings import pinned_date_of, pinned_date_warning, read_site_settings
from kairos.core.story_sources import StoriesFolderMissing
from kairos.editors.commands.command_options import CommandError, build_date_option
from kairos.editors.reports.check_report import ReportFormat, render_check_report
from kairos.editors.reports.check_targets import CheckTargetError, check_target
from kairos.editors.reports.field_reference import field_reference_markdown


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@build_date_option("Build date for the publishing rule.")
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
    paths: tuple[str, ...], build_date: dt.date | None, report_format: ReportFormat, strict: bool
) -> None:
    """Validate every story in a stories folder (default: stories) and the vocabulary.

    PATHS is the folder, or some of its story files (stories/x.md; pre-commit passes the files
    a commit changes): then the whole folder is read but only those stories are reported.
    Prints every problem as PATH:LINE: FIELD: what was found; what is allowed, then one
    summary line. json and github, which leave this machine, print [masked] for any value that
    may identify someone; text shows it. Exit status: 0 all valid, 1 problems found, 2 could
    not run.
    """
    with _cycle_collector_paused():
        status = _checked(paths, build_date, report_format, strict)
    if status:
        raise SystemExit(status)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during a check.

    A check makes almost no cyclic garbage, while each collection walks the thousands of
    loaded stories that stay alive: about a tenth of the run at 5,000 stories. The stories
    are freed by reference counting when :func:`_checked` returns, before the collector runs
    again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _checked(
    paths: tuple[str, ...], build_date: dt.date | None, report_format: ReportFormat, strict: bool
) -> int:
    """:func:`check`'s work; returns the exit status."""
    try:
        date = resolve_build_date(build_date, os.environ)
        target = check_target(paths)
        everything = load_anthology(Path(target.stories_dir), date, display_dir=target.stories_dir)
        anthology = target.reported(everything)
        settings = read_site_settings(Path(target.stories_dir), target.stories_dir)
    except (BuildDateError, StoriesFolderMissing, CheckTargetError) as error:
        raise CommandError(str(error)) from None
    if settings is not None:  # the site's mkdocs.yml, beside the stories folder
        anthology.folder_problems += [*settings.problems, *privacy_warnings(settings)]
        if (pinned := pinned_date_of(settings)) is not None:
            anthology.folder_problems.append(pinned_date_warning(settings.path, pinned))
    click.echo(render_check_report(anthology, report_format), nl=False)
    summary = anthology.summary()
    return 1 if summary.errors or (strict and summary.warnings) else 0


@click.command()
@click.option(
    "--collection",
    is_flag=True,
    help="The schema of a teaching collection's front-matter instead of a story's.",
)
def schema(collection: bool) -> None:
    """Print the JSON Schema of a story's front-matter, generated from the story model.

    editors/story.schema.json is this output; with --collection,
    editors/collection.schema.json.
    """
    click.echo(collection_json_schema_text() if collection else story_json_schema_text(), nl=False)


@click.command()
def fields() -> None:
    """Print the editors' field reference (Markdown), generated from the story model.

    editors/fields.md is this output: kairos fields > editors/fields.md
    """
    click.echo(field_reference_markdown(), nl=False)
