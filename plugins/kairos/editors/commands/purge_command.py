"""``kairos purge SLUG``: print the steps that remove a withdrawn story from the git history."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path, PurePosixPath

import click

from kairos.core.story import SLUG_PATTERN
from kairos.editors.commands.command_options import (
    CommandError,
    judged_anthology,
    stories_dir_option,
)
from kairos.editors.project.history_purge import PLACEHOLDER_REPOSITORY, purge_steps
from kairos.editors.reports.git_stories import GitStoriesError, repository_root


@click.command()
@click.argument("slug")
@stories_dir_option("The stories folder, inside the git repository.")
@click.option(
    "--repository",
    metavar="URL",
    help="The repository's address to clone and push to. Default: the remote 'origin'.",
)
def purge(slug: str, stories_dir: str, repository: str | None) -> None:
    """Print the steps that remove the withdrawn story SLUG from the repository's history.

    The story must already be a tombstone (status withdrawn, no text). The steps clone the
    repository afresh, remove every version of stories/SLUG.md and stories/SLUG/ with
    git filter-repo, put the tombstone back, force-push, and list what git cannot reach
    (GitHub's pull requests and caches, forks, old clones, search engines). Nothing is run:
    rewriting history is for an administrator. Exit status: 0 printed, 1 the story is not a
    tombstone, 2 could not run.
    """
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise CommandError(
            f"'{slug}' is not a slug; expected lowercase letters, digits and hyphens"
        )
    folder = Path(stories_dir)
    anthology = judged_anthology(stories_dir, None)
    try:
        root = repository_root(folder)
    except GitStoriesError:
        raise CommandError(
            f"{stories_dir}: not inside a git repository; run kairos purge there"
        ) from None
    judged = next((judged for judged in anthology.stories if judged.slug == slug), None)
    if judged is None:
        raise CommandError(f"no story '{slug}' in {stories_dir}; give the slug of a tombstone")
    story = judged.story
    if story is None or story.consent.status != "withdrawn" or not judged.loaded.is_valid:
        raise CommandError(
            f"{judged.loaded.path}: not a tombstone yet; set consent.status to withdrawn, add "
            "withdrawn_on, delete the text (and photos), merge it, then purge "
            "(see the editors' guide, 'Withdrawing a story')",
            1,
        )
    inside = PurePosixPath(Path(os.path.relpath(folder.resolve(), root.resolve())).as_posix())
    tombstone = inside / (f"{slug}.md" if judged.loaded.folder is None else f"{slug}/index.md")
    repository = repository or _origin(root) or PLACEHOLDER_REPOSITORY
    click.echo(purge_steps(slug, inside, tombstone, repository), nl=False)


def _origin(root: Path) -> str | None:
    result = subprocess.run(
        ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True
    )
    return result.stdout.strip() or None if result.returncode == 0 else None
