"""``kairos check``, ``kairos schema`` and ``kairos fields``: the story format, checked."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import click

from kairos.core.collection import Collection
from kairos.core.privacy_notice import privacy_warnings
from kairos.core.schema import json_schema_text
from kairos.core.site_settings import pinned_date_warnings, read_site_settings
from kairos.core.story import Story
from kairos.core.story_sources import StoriesFolderMissing
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    format_option,
    judged_anthology,
    resolved_date,
)
from kairos.editors.reports.check_report import (
    CheckTargetError,
    ReportFormat,
    check_target,
    render_check_report,
)
from kairos.editors.reports.field_reference import field_reference_markdown


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@build_date_option("Build date for the publishing rule.")
@format_option("github", "pull-request annotations")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def check(
    paths: tuple[str, ...], build_date: dt.date | None, output_format: ReportFormat, strict: bool
) -> None:
    """Validate every story in a stories folder (default: stories) and the vocabulary.

    PATHS is the folder, or some of its story files (stories/x.md; pre-commit passes the files
    a commit changes): then the whole folder is read but only those stories are reported.
    Prints every problem as PATH:LINE: FIELD: what was found; what is allowed, then one
    summary line. json and github, which leave this machine, print [masked] for any value that
    may identify someone; text shows it. Exit status: 0 all valid, 1 problems found, 2 could
    not run.
    """
    # Python's cycle collector is paused: a check makes almost no cyclic garbage, while each
    # collection walks the thousands of loaded stories that stay alive (about a tenth of the
    # run at 5,000 stories). They are freed by reference counting when _checked returns.
    enabled = gc.isenabled()
    gc.disable()
    try:
        status = _checked(paths, build_date, output_format, strict)
    finally:
        if enabled:
            gc.enable()
    if status:
        raise SystemExit(status)


def _checked(
    paths: tuple[str, ...], build_date: dt.date | None, output_format: ReportFormat, strict: bool
) -> int:
    """:func:`check`'s work; returns the exit status."""
    date = resolved_date(build_date)
    try:
        target = check_target(paths)
    except (CheckTargetError, StoriesFolderMissing) as error:
        raise CommandError(str(error)) from None
    anthology = target.reported(judged_anthology(target.stories_dir, date))
    settings = read_site_settings(Path(target.stories_dir), target.stories_dir)
    if settings is not None:  # the site's mkdocs.yml, beside the stories folder
        anthology.folder_problems += settings.problems + privacy_warnings(settings)
        anthology.folder_problems += pinned_date_warnings(settings)
    click.echo(render_check_report(anthology, output_format), nl=False)
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
    click.echo(json_schema_text(Collection if collection else Story), nl=False)


@click.command()
def fields() -> None:
    """Print the editors' field reference (Markdown), generated from the story model.

    editors/fields.md is this output: kairos fields > editors/fields.md
    """
    click.echo(field_reference_markdown(), nl=False)
