"""``kairos remove-samples``: take out the sample stories and wording the repository ships with.

The plan is made first (:func:`plan_sample_removal`), and nothing is touched while a marker is
left open, so a run does all it says or nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import click

from kairos.core.front_matter import split_front_matter
from kairos.core.problems import plural
from kairos.core.story_sources import COLLECTIONS_FOLDER, StoriesFolderMissing, story_sources
from kairos.editors.commands.command_options import (
    CommandError,
    how_to_run_kairos,
    stories_dir_option,
)

#: The YAML comment that marks a sample story's front-matter.
SAMPLE_STORY = "# kairos: sample"
#: The lines around sample wording in a hand-written page.
SAMPLE_START = "<!-- kairos: sample -->"
SAMPLE_END = "<!-- kairos: end sample -->"


@dataclass
class SampleRemoval:
    """What a run removes: story files or folders, and passages of pages by line range."""

    stories: list[Path] = field(default_factory=list)
    collections: list[Path] = field(default_factory=list)
    #: Page -> the (first, last) line numbers of each passage, counted from 1.
    passages: dict[Path, list[tuple[int, int]]] = field(default_factory=dict)
    #: ``path:line: ...`` for a marker left open; nothing is removed while there is one.
    problems: list[str] = field(default_factory=list)

    def apply(self) -> None:
        """Delete the stories and collections, and cut the passages out of their pages."""
        for path in [*self.stories, *self.collections]:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        for page, ranges in self.passages.items():
            lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
            for first, last in reversed(ranges):
                del lines[first - 1 : last]
                # Two blank lines where the passage was read as one paragraph break.
                while (
                    1 < first <= len(lines)
                    and lines[first - 2].strip() == "" == lines[first - 1].strip()
                ):
                    del lines[first - 1]
            page.write_text("".join(lines), encoding="utf-8")


def _is_sample_story(markdown: Path) -> bool:
    try:
        text = markdown.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    block, _problems = split_front_matter(text, markdown.name)
    return block is not None and any(
        line.strip().startswith(SAMPLE_STORY) for line in block.yaml_text.splitlines()
    )


def _passages(page: Path, shown: str, problems: list[str]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        marker = line.strip()
        if marker == SAMPLE_START:
            if start is not None:
                problems.append(
                    f"{shown}:{number}: found a second '{SAMPLE_START}' before "
                    f"'{SAMPLE_END}' closed the one on line {start}; close each passage"
                )
            start = number
        elif marker == SAMPLE_END:
            if start is None:
                problems.append(
                    f"{shown}:{number}: found '{SAMPLE_END}' with no '{SAMPLE_START}' before "
                    "it; remove it, or mark where the passage starts"
                )
            else:
                ranges.append((start, number))
                start = None
    if start is not None:
        problems.append(
            f"{shown}:{start}: found '{SAMPLE_START}' that is never closed; add a line "
            f"'{SAMPLE_END}' where the sample passage ends"
        )
    return ranges


def plan_sample_removal(stories_dir: Path, docs_dir: Path, shown_docs: str) -> SampleRemoval:
    """Every sample story and collection in ``stories_dir``, and every sample passage in
    ``docs_dir`` (named from ``shown_docs`` in messages)."""
    removal = SampleRemoval()
    for source in story_sources(stories_dir):
        if _is_sample_story(source.markdown):
            removal.stories.append(source.folder or source.markdown)
    collections = stories_dir / COLLECTIONS_FOLDER
    if collections.is_dir() and not collections.is_symlink():
        for markdown in sorted(collections.glob("*.md")):
            if markdown.is_file() and not markdown.is_symlink() and _is_sample_story(markdown):
                removal.collections.append(markdown)
    if docs_dir.is_dir():
        for page in sorted(docs_dir.rglob("*.md")):
            shown = f"{shown_docs}/{page.relative_to(docs_dir).as_posix()}"
            if ranges := _passages(page, shown, removal.problems):
                removal.passages[page] = ranges
    return removal


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
        removal = plan_sample_removal(Path(stories_dir), Path(docs_dir), shown_docs)
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
    passages = sum(len(ranges) for ranges in removal.passages.values())
    collections = len(removal.collections)
    also = f", {plural(collections, 'sample collection')}" if collections else ""
    click.echo(
        f"Removed {plural(len(removal.stories), 'sample story', 'sample stories')}{also} and "
        f"{plural(passages, 'passage')} of sample wording.\n"
        f"Next: add your first story ({how_to_run_kairos()} new), then check the site with "
        "make serve."
    )
