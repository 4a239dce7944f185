"""What a story's photo files say about people and places, as problems for the editor.

The site publishes a copy of each photo without its metadata (:mod:`kairos.core.photo_metadata`),
but the file in ``stories/`` is public in the repository, and an editor who relies on the
checker should learn what a photo holds. So every photo is read to its end: a GPS position is
an error, the text in its metadata (caption, author, comments) is scanned for identifiers
exactly like a story's free-text fields, and a file that cannot be followed to its end (so
cannot be cleaned) is an error.
"""

from __future__ import annotations

import stat
from pathlib import Path

from kairos.core.photo_metadata import read_photo
from kairos.core.photo_tags import DamagedPhoto
from kairos.core.problems import Problem, private_part
from kairos.core.reader_text import scan_as_read
from kairos.core.story_media import MEDIA_SUFFIXES, folder_media_files

_FIELD = "media"


def photo_problems(
    path: str, folder: Path | None, reviewed: frozenset[str], *, withdrawn: bool
) -> list[Problem]:
    """Problems in the photo files of the story at ``path`` (its ``index.md``).

    ``reviewed`` holds the values the story marks reviewed, as read, whitespace-normalised. A
    withdrawn story's files are reported by :mod:`kairos.core.story_media` (they must go).
    """
    if folder is None or withdrawn:
        return []
    problems = []
    for file in folder_media_files(folder):
        name = file.name
        if not stat.S_ISREG(file.lstat().st_mode) or not name.lower().endswith(MEDIA_SUFFIXES):
            continue
        try:
            photo = read_photo(file.read_bytes())
        except DamagedPhoto as error:
            message = (
                f"found '{name}', which cannot be read to its end ({error}); the site publishes "
                "a copy of each photo without its hidden details and cannot make one: open it "
                "in a photo editor, save it again as JPEG, PNG or WebP and upload that instead"
            )
            problems.append(Problem(path, 1, _FIELD, message))
            continue
        if photo.location:
            message = (
                f"found '{name}', a photo that records where it was taken (GPS location data in "
                f"its {', '.join(photo.location)}, readable by anyone who downloads it); save a "
                "copy without location and upload that instead (see the editors' guide)"
            )
            problems.append(Problem(path, 1, _FIELD, message))
        for text in photo.texts:
            for finding in scan_as_read(text.text, markdown=False):
                if " ".join(finding.text.split()) in reviewed:
                    continue
                quoted = f"'{finding.text}'"
                message = (
                    f"looks like {finding.kind} ({quoted}); the site publishes the photo without "
                    "it, but this file is public in the repository: save a copy without it and "
                    "upload that, or mark it reviewed in the story"
                )
                problems.append(
                    Problem(
                        f"{path.rsplit('/', 1)[0]}/{name}",
                        1,
                        f"photo metadata {text.field}",
                        message,
                        severity=finding.severity,
                        private=private_part(message, quoted, identifier=True),
                    )
                )
    return problems
