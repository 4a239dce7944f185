"""Images in the site: cleaned copies only, and a story's photos only while it is published.

A story's page is ``stories/<slug>.md`` even when the story is a folder, so a target such as
``cup.png`` is pointed at ``<slug>/cup.png`` and the photo added as ``stories/<slug>/cup.png``
(MkDocs checks the link; a raw ``<img>``'s ``src`` is written relative to the page here). Each
photo is a cleaned copy (:func:`~kairos.core.photo_metadata.read_photo`); one changed since the
check is a build error. Only what a published story shows is added: a held-back story's folder
is never read, and a file in ``docs/`` that a held-back story shows is taken out of the site.

A picture on a hand-written page or a logo can carry the same metadata, so each JPEG, PNG, GIF
or WebP in docs/ and the theme is replaced by its cleaned copy, the file itself unchanged. An
AVIF or HEIF image (not cleanable without re-encoding) or an unreadable one stops the build,
naming every such file.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kairos.core.anthology import Anthology
from kairos.core.photo_metadata import read_photo
from kairos.core.photo_tags import DamagedPhoto
from kairos.core.story_media import MEDIA_SUFFIXES, MediaReference
from kairos.site.build_report import log
from kairos.site.pages.catalogue import Catalogue

#: Image formats whose metadata cannot be taken out without re-encoding the picture.
UNCLEANABLE_IMAGE_SUFFIXES = (".avif", ".heic", ".heif")


def clean_published_images(files: Files) -> None:
    """Give each image file read from disk (docs/, the theme) its cleaned copy as content."""
    problems: list[str] = []
    for file in files:
        suffix = Path(file.src_uri).suffix.lower()
        if file.generated_by is not None or file.abs_src_path is None:
            continue
        if suffix in UNCLEANABLE_IMAGE_SUFFIXES:
            problems.append(
                f"{file.abs_src_path}: found an {suffix[1:].upper()} image; the site publishes "
                "images without their metadata (where a photo was taken, who is in it), which "
                "cannot be taken out of this format: save it as JPEG or WebP instead"
            )
            continue
        if suffix not in MEDIA_SUFFIXES:
            continue
        try:
            file.content_bytes = read_photo(Path(file.abs_src_path).read_bytes()).cleaned
        except (OSError, DamagedPhoto) as error:
            problems.append(
                f"{file.abs_src_path}: could not be read as an image ({error}); the site "
                "publishes only images it can copy without their metadata: save it again, or "
                "remove it"
            )
    if problems:
        raise PluginError("kairos: " + "\nkairos: ".join(problems))


def add_story_media(catalogue: Catalogue, files: Files, config: MkDocsConfig) -> None:
    """Add a cleaned copy of each photo a published story shows; a docs/ file in their place
    is an error."""
    added = [
        (f"stories/{entry.slug}/{name}", entry.folder / name)
        for entry in catalogue.stories
        if entry.folder is not None
        for name in entry.media
    ]
    taken = sorted(uri for uri, _ in added if files.get_file_from_path(uri) is not None)
    if taken:
        raise PluginError(
            "these files in docs/ have the address of a story's photo, which Kairos copies "
            "from the story's folder; move or rename them: "
            + ", ".join(f"{config.docs_dir}/{uri}" for uri in taken)
        )
    for uri, source in added:
        try:
            cleaned = read_photo(source.read_bytes()).cleaned
        except (DamagedPhoto, OSError) as error:
            raise PluginError(
                f"{uri}: the photo cannot be published without its hidden details ({error}); "
                "run kairos check"
            ) from error
        files.append(File.generated(config, uri, content=cleaned))


def _docs_paths(reference: MediaReference, slug: str) -> set[str]:
    """Where in docs/ a reference from a held-back story could point (as written or as
    MkDocs would resolve it from the story's page)."""
    name = reference.file_name.strip()
    if not name or "://" in name or name.startswith("//"):
        return set()
    if name.startswith("/"):
        return {posixpath.normpath(name.lstrip("/"))}
    return {
        posixpath.normpath(posixpath.join(base, name)) for base in ("stories", f"stories/{slug}")
    }


def remove_held_back_docs_media(anthology: Anthology, files: Files) -> None:
    """Take every docs/ file a held-back story shows out of the site, with a warning each."""
    for judged in anthology.held_back:
        for reference in judged.loaded.media_references:
            for path in sorted(_docs_paths(reference, judged.slug)):
                file = files.get_file_from_path(path)
                if file is None or file.is_documentation_page() or file.generated_by:
                    continue
                files.remove(file)
                log.warning(
                    f"{file.src_uri}: shown by {judged.loaded.path}, a story that is not "
                    "published; it was left out of the site. A story's photos live in the "
                    "story's own folder (stories/<slug>/), so that they leave the site with it"
                )
