"""``kairos purge SLUG``: the steps that remove a withdrawn story from the git history.

A tombstone takes the story off the site, but every earlier version of its file stays in git's
history, in every clone and fork, and on GitHub; the steps (``templates/purge_steps.sh.tmpl``)
are for an administrator to read, then run. Kairos never runs them.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path, PurePosixPath

import click

from kairos.core.story import SLUG_PATTERN
from kairos.editors import editors_template
from kairos.editors.commands.command_options import (
    CommandError,
    judged_anthology,
    stories_dir_option,
)
from kairos.editors.reports.git_stories import GitStoriesError, repository_root

#: Shown when the repository's address is unknown; the script fails clearly if left in.
PLACEHOLDER_REPOSITORY = "git@github.com:OWNER/REPOSITORY.git"


def purge_steps(
    slug: str, stories_dir: PurePosixPath, tombstone: PurePosixPath, repository: str
) -> str:
    """The steps for the withdrawn story ``slug``: comments for people, commands that run as
    written in bash. ``stories_dir`` is the folder of stories inside the repository, and
    ``tombstone`` the story's file as it is now (``stories/<slug>.md`` or
    ``stories/<slug>/index.md``)."""
    q = shlex.quote
    file, folder = f"{stories_dir / slug}.md", f"{stories_dir / slug}/"
    return editors_template("purge_steps.sh.tmpl").substitute(
        slug=slug,
        clone=f"kairos-purge-{slug}",
        saved=f"{slug}.tombstone.md",
        repository=q(repository),
        tombstone=tombstone.as_posix(),
        tombstone_q=q(tombstone.as_posix()),
        tombstone_folder_q=q(tombstone.parent.as_posix()),
        file=file,
        file_q=q(file),
        folder=folder,
        folder_q=q(folder),
        message_q=q(f"Tombstone of the withdrawn story {slug} (history purged)"),
    )


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
