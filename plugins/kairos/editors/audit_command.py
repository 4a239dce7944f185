"""``kairos audit``: look for held-back stories in a built site."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from kairos.core.anthology import StoriesFolderMissing, load_anthology
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.editors.command_options import date_option
from kairos.safety.site_audit import scan_site

__all__ = ["audit"]


@click.command()
@click.argument("site_dir", type=click.Path(path_type=str))
@click.option(
    "--stories",
    "stories_dir",
    default="stories",
    show_default=True,
    type=click.Path(path_type=str),
    help="The stories folder the site was built from.",
)
@click.option(
    "--date",
    "build_date",
    callback=date_option,
    metavar="YYYY-MM-DD",
    help="The build date the site was built for. Default: SOURCE_DATE_EPOCH, else today (UTC).",
)
def audit(site_dir: str, stories_dir: str, build_date: dt.date | None) -> None:
    """Check that no story held back on the build date appears anywhere in SITE_DIR.

    Reads every file of the built site (HTML, JSON, XML, JavaScript, text; .gz files
    decompressed; Pagefind's search index decoded) and looks for each held-back story's
    address, slug, title and text. Prints
    one line per file and story found. Exit status: 0 nothing found, 1 found, 2 could not run.
    """
    site = Path(site_dir)
    label = site_dir.rstrip("/") or "/"
    if not site.is_dir():
        click.echo(f"kairos audit: {label}: no such folder", err=True)
        raise SystemExit(2)
    try:
        date = resolve_build_date(build_date, os.environ)
        anthology = load_anthology(Path(stories_dir), date, display_dir=stories_dir)
    except (BuildDateError, StoriesFolderMissing) as error:
        click.echo(f"kairos audit: {error}", err=True)
        raise SystemExit(2) from None
    result = scan_site(site, anthology, stories_dir=Path(stories_dir))
    for finding in result.findings:
        click.echo(finding.line(label))
    files = len({finding.file for finding in result.findings})
    stories = len({finding.slug for finding in result.findings})
    if result.findings:
        click.echo(
            f"kairos audit: {stories} held-back {'story' if stories == 1 else 'stories'} found "
            f"in {files} {'file' if files == 1 else 'files'} of {result.files_checked} checked; "
            "do not publish this site"
        )
        raise SystemExit(1)
    click.echo(
        f"kairos audit: {result.files_checked} files checked, no held-back story found "
        f"({result.held_back} held back on {date.isoformat()})"
    )
