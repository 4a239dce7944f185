"""``kairos pack``: a collection's teaching pack for private use, made on the editor's machine.

The site builds a public pack for each collection, holding only stories that are published
and allow teaching. A pack made here may also hold stories whose consent allows teaching but
not the website; its cover says it is for private use, and it is written only where the
editor asks, never into the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kairos.core.teaching import leaving_reason, teaching_collection
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    judged_anthology,
    stories_dir_option,
)
from kairos.editors.project.pack_settings import pack_settings_beside
from kairos.pack.pack_document import pack_source
from kairos.pack.pack_pdf import PackCompileError, compile_pack


@click.command()
@click.argument("collection")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF file to write (outside the site folder).",
)
@stories_dir_option("The stories folder; collections are in its collections/ folder.")
@build_date_option("Build date for the consent rule.")
def pack(collection: str, output: Path, stories_dir: str, build_date: dt.date | None) -> None:
    """Write the teaching pack of COLLECTION (its slug) as a PDF for private use.

    The pack holds each story of the collection whose consent allows teaching on the build
    date, with or without the website, in the collection's order; every other story is left
    out and named. Its cover says it is for private use. Exit status: 0 written, 1 the
    collection has errors or no story may be taught from, 2 could not run.
    """
    slug = Path(collection).name.removesuffix(".md")
    anthology = judged_anthology(stories_dir, build_date)
    loaded = next((c for c in anthology.collections if c.slug == slug), None)
    if loaded is None:
        known = ", ".join(c.slug for c in anthology.collections) or "none"
        raise CommandError(f"no collection '{slug}' in {stories_dir}/collections (found: {known})")
    judged = teaching_collection(anthology, loaded, private=True)
    if judged is None:
        for problem in loaded.problems:
            click.echo(str(problem), err=True)
        raise CommandError(f"{loaded.path} has errors; no pack was written", 1)
    for entry in judged.left_out:
        click.echo(
            f"{loaded.path}:{entry.line}: left out: '{entry.slug}' ({leaving_reason(entry)})"
        )
    if not judged.stories:
        raise CommandError("no story in this collection may be taught from; no pack was written", 1)
    settings = pack_settings_beside(Path(stories_dir), anthology.build_date)
    try:
        pdf = compile_pack(pack_source(judged, anthology.vocabulary, settings), settings.build_date)
    except PackCompileError as error:
        raise CommandError(str(error)) from None
    output.write_bytes(pdf)
    click.echo(
        f"wrote {output} ({len(judged.stories)} of {len(judged.entries)} stories, "
        f"{len(pdf) // 1024} KiB), for private use only"
    )
