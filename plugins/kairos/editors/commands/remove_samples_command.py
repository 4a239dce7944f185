"""``kairos remove-samples``: make the anthology your own (editors/sample_removal.py)."""

from __future__ import annotations

from pathlib import Path

import click

from kairos.core.problems import plural
from kairos.core.story_sources import StoriesFolderMissing
from kairos.editors.commands.command_options import (
    CommandError,
    how_to_run_kairos,
    stories_dir_option,
)
from kairos.editors.project.sample_removal import plan_sample_removal


@click.command("remove-samples")
@stories_dir_option()
@click.option(
    "--docs-dir",
    default="docs",
    show_default=True,
    type=click.Path(path_type=str),
    help="The hand-written pages.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
def remove_samples(stories_dir: str, docs_dir: str, dry_run: bool) -> None:
    """Remove the sample stories (with their photos), collections and wording in docs/.

    Sample stories and collections carry '# kairos: sample' in their front-matter; sample
    wording sits between '<!-- kairos: sample -->' and '<!-- kairos: end sample -->'.
    Nothing else is touched, and the site still builds with no story at all. Exit status: 0
    done (or nothing to do), 1 a marker left open (nothing changed), 2 no such folder.
    """
    shown_stories = stories_dir.rstrip("/") or "."
    shown_docs = docs_dir.rstrip("/") or "."
    try:
        removal = plan_sample_removal(Path(stories_dir), Path(docs_dir), shown_stories, shown_docs)
    except StoriesFolderMissing as error:
        raise CommandError(str(error)) from None
    if removal.problems:
        for problem in removal.problems:
            click.echo(problem, err=True)
        raise CommandError("nothing was changed", 1)
    verb = "would remove" if dry_run else "removed"
    for story in removal.stories:
        kind = "sample story and its photos" if story.is_dir() else "sample story"
        click.echo(f"{verb} {shown_stories}/{story.name}{'/' if story.is_dir() else ''} ({kind})")
    for collection in removal.collections:
        click.echo(f"{verb} {shown_stories}/collections/{collection.name} (sample collection)")
    for page, ranges in removal.passages.items():
        shown = f"{shown_docs}/{page.relative_to(docs_dir).as_posix()}"
        for first, last in ranges:
            click.echo(f"{verb} {shown}:{first}-{last} (sample wording)")
    if not removal.stories and not removal.collections and not removal.passages:
        click.echo("No sample stories or sample wording found; nothing was changed.")
        return
    if dry_run:
        return
    removal.apply()
    stories = len(removal.stories)
    passages = sum(len(ranges) for ranges in removal.passages.values())
    collections = len(removal.collections)
    also = f", {plural(collections, 'sample collection')}" if collections else ""
    click.echo(
        f"Removed {plural(stories, 'sample story', 'sample stories')}{also} and "
        f"{plural(passages, 'passage')} of sample wording.\n"
        f"Next: add your first story ({how_to_run_kairos()} new), then check the site with "
        "make serve."
    )
