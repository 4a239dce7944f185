"""``kairos diff``: what a change to the stories does to the public site."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import tempfile
from pathlib import Path

import click

from kairos.core.anthology import Anthology, load_anthology
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.core.site_settings import (
    MKDOCS_FILE,
    PinnedDate,
    pinned_build_date,
    pinned_build_date_in,
)
from kairos.core.story_sources import StoriesFolderMissing
from kairos.editors.commands.command_options import build_date_option, fail, stories_dir_option
from kairos.editors.reports.diff_report import DiffFormat, render_diff_report
from kairos.editors.reports.git_stories import (
    GitStoriesError,
    copy_stories_at,
    file_at,
    repository_root,
    resolve_revision,
)
from kairos.editors.reports.publication_diff import build_date_change, publication_diff

WORKING_TREE = "working tree"


def _stories_folder_in_repository(root: Path, stories_dir: str) -> str:
    folder = (Path.cwd() / stories_dir).resolve()
    try:
        return folder.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitStoriesError(f"{stories_dir}: not inside the git repository {root}") from None


def _pinned_at(root: Path, revision: str, folder: str) -> PinnedDate | None:
    """The build date pinned in the mkdocs.yml beside ``folder`` at ``revision``."""
    path = posixpath.normpath(posixpath.join(folder, posixpath.pardir, MKDOCS_FILE))
    if path.startswith(".."):
        return None
    raw = file_at(root, resolve_revision(root, revision), path)
    if raw is None:
        return None
    return pinned_build_date_in(raw.decode("utf-8", "replace"))


def _anthology_at(
    root: Path, revision: str, folder: str, date: dt.date, shown: str, scratch: Path
) -> Anthology:
    commit = resolve_revision(root, revision)
    into = scratch / revision.replace("/", "_")
    copy_stories_at(root, commit, folder, into)
    return load_anthology(into, date, display_dir=shown)


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@stories_dir_option("The stories folder, as a path from the current folder.")
@build_date_option("Build date for both sides.")
@click.option(
    "--format",
    "diff_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, markdown for a pull request's summary or comment.",
)
def diff(
    base: str,
    head: str | None,
    stories_dir: str,
    build_date: dt.date | None,
    diff_format: DiffFormat,
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
    try:
        date = resolve_build_date(build_date, os.environ)
        root = repository_root(Path.cwd())
        folder = _stories_folder_in_repository(root, stories_dir)
        with tempfile.TemporaryDirectory(prefix="kairos-diff-") as scratch:
            before = _anthology_at(root, base, folder, date, shown, Path(scratch) / "base")
            if head is None:
                after = load_anthology(Path(stories_dir), date, display_dir=shown)
            else:
                after = _anthology_at(root, head, folder, date, shown, Path(scratch) / "head")
            # The site's mkdocs.yml, in the project folder: the stories folder's parent.
            config_file = os.path.normpath(os.path.join(shown, os.pardir, MKDOCS_FILE))
            pinned_before = _pinned_at(root, base, folder)
            pinned_after = (
                pinned_build_date(Path(stories_dir, os.pardir, MKDOCS_FILE))
                if head is None
                else _pinned_at(root, head, folder)
            )
            date_change = build_date_change(
                after,
                config_file,
                pinned_before.text if pinned_before else None,
                pinned_after.text if pinned_after else None,
                pinned_after.line if pinned_after else None,
            )
            # Inside the with: the comparison reads media files from the copies.
            result = publication_diff(before, after, base, head or WORKING_TREE, date_change)
    except (BuildDateError, StoriesFolderMissing, GitStoriesError) as error:
        fail("diff", str(error), 2)
    click.echo(render_diff_report(result, diff_format), nl=False)
