"""``kairos audit``: look for held-back stories in a built site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kairos.core.problems import plural
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    judged_anthology,
    stories_dir_option,
)
from kairos.safety.audit.site_scan import AuditResult, scan_site


def _summary(result: AuditResult) -> str:
    files = len({finding.file for finding in result.findings})
    stories = len({finding.slug for finding in result.findings})
    parts = []
    if result.findings:
        parts.append(
            f"{plural(stories, 'held-back story', 'held-back stories')} found "
            f"in {plural(files, 'file')} of {result.files_checked} checked"
        )
    if result.unreadable:
        parts.append(f"{plural(len(result.unreadable), 'file')} could not be read")
    return "; ".join(parts)


@click.command()
@click.argument("site_dir", type=click.Path(path_type=str))
@stories_dir_option("The stories folder the site was built from.", "--stories")
@click.option(
    "--docs",
    "docs_dir",
    default=None,
    type=click.Path(path_type=str),
    help="The hand-written pages the site was built from (default: docs, if it exists); "
    "a slug they mention is not looked for.",
)
@build_date_option("The build date the site was built for.")
def audit(
    site_dir: str, stories_dir: str, docs_dir: str | None, build_date: dt.date | None
) -> None:
    """Check that no story held back on the build date appears anywhere in SITE_DIR.

    Reads every file of the built site (text in UTF-8, UTF-16 or Windows-1252; compressed
    files, ZIP archives, PDF text and Pagefind's search index; images by name and hash) and
    looks for each held-back story's address, slug, title, any 25 words of its text, and its
    media. Prints one line per file and story found, and per file that cannot be read.
    Exit status: 0 nothing found, 1 found, 2 could not run.
    """
    site = Path(site_dir)
    label = site_dir.rstrip("/") or "/"
    if not site.is_dir():
        raise CommandError(f"{label}: no such folder")
    if docs_dir is not None and not Path(docs_dir).is_dir():
        raise CommandError(f"{docs_dir}: no such folder")
    docs = Path(docs_dir if docs_dir is not None else "docs")
    anthology = judged_anthology(stories_dir, build_date)
    result = scan_site(site, anthology, stories_dir=Path(stories_dir), docs_dir=docs)
    for line in result.lines(label):
        click.echo(line)
    if not result.clean:
        click.echo(f"kairos audit: {_summary(result)}; do not publish this site")
        raise SystemExit(1)
    click.echo(
        f"kairos audit: {result.files_checked} files checked, no held-back story found "
        f"({result.held_back} held back on {anthology.build_date.isoformat()})"
    )
