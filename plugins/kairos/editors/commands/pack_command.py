"""``kairos pack``: a collection's teaching pack for private use, made on the editor's machine.

Unlike the site's public pack it may hold stories whose consent allows teaching but not the
website, so it is written only where the editor asks, never into the site. Its words are those
of the site in the ``mkdocs.yml`` beside the stories folder (neutral words without one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import yaml

from kairos.core.site_settings import MKDOCS_FILE, read_site_settings
from kairos.core.teaching import leaving_reason, teaching_collection
from kairos.editors.commands.command_options import (
    CommandError,
    build_date_option,
    judged_anthology,
    stories_dir_option,
)
from kairos.pack.pack_document import PackCompileError, PackSettings, pack_pdf
from kairos.site.pages.site_identity import DEFAULT_SUPPORT


class _TagsUnread(yaml.SafeLoader):
    """Reads a mkdocs.yml without running MkDocs' own tags (``!ENV``, ``!!python/name:``): a
    tagged value reads as None."""


_TagsUnread.add_multi_constructor("", lambda _loader, _suffix, _node: None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def pack_settings_beside(stories_dir: Path, build_date: dt.date) -> PackSettings:
    """The pack's words for the site that publishes ``stories_dir``."""
    try:
        text = (stories_dir.resolve().parent / MKDOCS_FILE).read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_TagsUnread)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None
    config = config if isinstance(config, dict) else {}
    theme = config.get("theme")
    settings = read_site_settings(stories_dir, stories_dir.as_posix())
    options = {name: s.value for name, s in settings.options.items()} if settings else {}
    site_name = _text(config.get("site_name")) or "Stories of care"
    return PackSettings(
        site_name=site_name,
        organisation=_text(options.get("organisation")) or site_name,
        support=_text(options.get("support")) or DEFAULT_SUPPORT,
        support_url=_text(options.get("support_url")),
        build_date=build_date,
        site_url=_text(config.get("site_url")),
        language=_text(theme.get("language") if isinstance(theme, dict) else None) or "en",
    )


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
        pdf = pack_pdf(judged, anthology.vocabulary, settings)
    except PackCompileError as error:
        raise CommandError(str(error)) from None
    output.write_bytes(pdf)
    click.echo(
        f"wrote {output} ({len(judged.stories)} of {len(judged.entries)} stories, "
        f"{len(pdf) // 1024} KiB), for private use only"
    )
