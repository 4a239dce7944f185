"""Every other image the site publishes is a cleaned copy too: those in docs/ and the theme.

Story photos are cleaned as they are added (:mod:`kairos.site.story_media_files`); a picture on
a hand-written page or a logo can carry the same metadata, so each JPEG, PNG, GIF or WebP among
the site's files is replaced by its cleaned copy (:func:`~kairos.core.photo_metadata.read_photo`),
the file itself unchanged. An AVIF or HEIF image (not cleanable without re-encoding) or an
unreadable one stops the build, naming every such file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from kairos.core.photo_metadata import read_photo
from kairos.core.photo_tags import DamagedPhoto
from kairos.core.story_media import MEDIA_SUFFIXES

#: Image formats whose metadata cannot be taken out without re-encoding the picture.
UNCLEANABLE_IMAGE_SUFFIXES = (".avif", ".heic", ".heif")


def clean_published_images(files: Files) -> None:
    """Give each image file read from disk (docs/, the theme) its cleaned copy as content."""
    problems: list[str] = []
    for file in list(files):
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
            cleaned = read_photo(Path(file.abs_src_path).read_bytes()).cleaned
        except (OSError, DamagedPhoto) as error:
            problems.append(
                f"{file.abs_src_path}: could not be read as an image ({error}); the site "
                "publishes only images it can copy without their metadata: save it again, or "
                "remove it"
            )
            continue
        file.content_bytes = cleaned
    if problems:
        raise PluginError("kairos: " + "\nkairos: ".join(problems))
