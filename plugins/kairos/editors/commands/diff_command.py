"""``kairos diff``: what a change to the stories does to the public site."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import tempfile
from pathlib import Path

import click

from kairos.core.anthology import Anthology
from kairos.core.site_settings import MKDOCS_FILE, Setting, pinned_build_date
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    format_option,
    judged_anthology,
    resolved_date,
    stories_dir_option,
)
from kairos.editors.reports.diff_report import (
    DiffFormat,
    build_date_change,
    publication_diff,
    render_diff_report,
)
from kairos.editors.reports.git_stories import (
    GitStoriesError,
    copy_stories_at,
    file_at,
    repository_root,
    resolve_revision,
)


def _judged_at(
    root: Path, revision: str, folder: str, date: dt.date, shown: str, into: Path
) -> tuple[Anthology, Setting | None]:
    """The stories folder at ``revision`` (copied into ``into``) judged on ``date``, and the
    build date pinned in the mkdocs.yml beside it then."""
    commit = resolve_revision(root, revision)
    copy_stories_at(root, commit, folder, into)
    config = posixpath.normpath(posixpath.join(folder, posixpath.pardir, MKDOCS_FILE))
    raw = None if config.startswith("..") else file_at(root, commit, config)
    pinned = None if raw is None else pinned_build_date(raw.decode("utf-8", "replace"))
    return judged_anthology(into, date, shown), pinned


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@stories_dir_option("The stories folder, as a path from the current folder.")
@build_date_option("Build date for both sides.")
@format_option("markdown", "a pull request's summary or comment")
def diff(
    base: str,
    head: str | None,
    stories_dir: str,
    build_date: dt.date | None,
    output_format: DiffFormat,
) -> None:
    """Show what changes for readers between two git revisions of the stories.

    BASE and HEAD are git revisions (a branch, tag or commit); without HEAD, the stories as
    they are on disk. Both sides are judged by the publishing rule on the same build date.
    Lists stories newly published, withdrawn or held back (with the reason), story files
    deleted, published stories whose text or fields change, theme, level and role pages that
    change, and new problems. A story's text is shown only when it is published. Nothing is
    checked out. Exit status: 0 printed, 2 could not run (not a git repository, a bad
    revision or date).
    """
    shown = stories_dir.rstrip("/") or "."
    date = resolved_date(build_date)
    try:
        root = repository_root(Path.cwd())
        absolute = (Path.cwd() / stories_dir).resolve()
        if not absolute.is_relative_to(root.resolve()):
            raise CommandError(f"{stories_dir}: not inside the git repository {root}")
        folder = absolute.relative_to(root.resolve()).as_posix()
        with tempfile.TemporaryDirectory(prefix="kairos-diff-") as scratch:
            before, pinned_before = _judged_at(root, base, folder, date, shown, Path(scratch, "a"))
            if head is None:
                after = judged_anthology(stories_dir, date, shown)
                pinned_after = pinned_build_date(Path(stories_dir, os.pardir, MKDOCS_FILE))
            else:
                into = Path(scratch, "b")
                after, pinned_after = _judged_at(root, head, folder, date, shown, into)
            date_change = build_date_change(
                after,
                # The site's mkdocs.yml, in the project folder: the stories folder's parent.
                os.path.normpath(os.path.join(shown, os.pardir, MKDOCS_FILE)),
                pinned_before.value if pinned_before else None,
                pinned_after.value if pinned_after else None,
                pinned_after.line if pinned_after else None,
            )
            # Inside the with: the comparison reads media files from the copies.
            result = publication_diff(before, after, base, head or "working tree", date_change)
    except GitStoriesError as error:
        raise CommandError(str(error)) from None
    click.echo(render_diff_report(result, output_format), nl=False)
