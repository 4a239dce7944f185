"""A story's photos: they live in the story's own folder and go wherever its consent goes.

A story ``stories/<slug>/index.md`` shows ``![A nurse's hands](hands.jpg)``, a file beside it;
the site copies only what a published story shows, so a withdrawn story's photo leaves with
its text. Hence an image anywhere else (``docs/``, another story's folder, another site) is an
error, since it would outlive the story; an image needs alt text; a withdrawn story's folder
keeps ``index.md`` only; a story folder holds nothing but its photos (no consent form); and
what each photo's hidden metadata says is checked (:func:`photo_problems`).
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

from kairos.core.identifier_problems import reviewed_values
from kairos.core.identifiers import Severity
from kairos.core.photo_metadata import read_photo
from kairos.core.photo_tags import DamagedPhoto
from kairos.core.problems import Problem, did_you_mean, private_part
from kairos.core.reader_text import scan_as_read

if TYPE_CHECKING:
    from kairos.core.story_loader import LoadedStory

#: The file types a story may show: photos and drawings that every current browser displays,
#: and whose metadata the site can remove (:mod:`kairos.core.photo_metadata`). SVG is left out
#: (it can carry script), as are HEIC (browsers cannot show it) and PDF.
MEDIA_SUFFIXES = (".gif", ".jpeg", ".jpg", ".png", ".webp")
#: Photos browsers show but whose metadata cannot be removed without re-encoding: refused.
UNCLEANABLE_SUFFIXES = (".avif",)

_SUFFIX_LIST = ", ".join(MEDIA_SUFFIXES)
_FIELD = "media"

ReferenceKind = Literal["image", "link", "definition", "html"]


@dataclass(frozen=True)
class MediaReference:
    """One place in a story's body that shows or links to a file.

    ``start``/``end`` delimit the target as written in the body, so the site can point it at
    the copied file; ``alt`` is None where the reference has no alt text of its own (a link,
    a reference definition).
    """

    kind: ReferenceKind
    target: str
    start: int
    end: int
    alt: str | None

    @property
    def file_name(self) -> str:
        """The target without query, fragment and percent-encoding: the file it names."""
        return unquote(re.split(r"[?#]", self.target, maxsplit=1)[0])


_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<alt>[^\[\]\n]*(?:\n[^\[\]\n]+)*)\]\(\s*"
    r"(?:<(?P<angled>[^<>\n]*)>|(?P<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\[\]\n]*)\](?:\[(?P<ref>[^\[\]\n]*)\])?")
_DEFINITION = re.compile(
    r"^ {0,3}\[(?P<ref>[^\]\n]+)\]:[ \t]*(?:<(?P<angled>[^>\n]*)>|(?P<target>\S+))", re.MULTILINE
)
_TAG = re.compile(r"<(?P<tag>img|a)\b[^<>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"(?P<name>[a-zA-Z-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))"
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _is_local_media(target: str) -> bool:
    """A link to a file a story may show (or an AVIF, refused), not to another site."""
    name = re.split(r"[?#]", target, maxsplit=1)[0].lower()
    return not _SCHEME.match(target) and name.endswith(MEDIA_SUFFIXES + UNCLEANABLE_SUFFIXES)


def media_references(body: str) -> list[MediaReference]:
    """Every image in ``body`` (Markdown or ``<img>``), and every link to a media file.

    Code is read too: an image written inside code is reported as if it were shown, rather
    than risk missing one that Markdown does show (an unclosed fence is not code).
    """
    found: list[MediaReference] = []
    if "[" not in body and "<" not in body:
        return found  # every Markdown reference needs a '[' and every tag a '<': none to find

    def add(
        kind: ReferenceKind, match: re.Match[str], group: str, alt: str | None, at: int = 0
    ) -> None:
        """The target in ``group`` of ``match``, which starts ``at`` in the body."""
        start, end = at + match.start(group), at + match.end(group)
        found.append(MediaReference(kind, match[group], start, end, alt))

    image_refs: dict[str, str] = {}
    inline_spans: list[tuple[int, int]] = []
    for match in _INLINE.finditer(body):
        group = "angled" if match["angled"] is not None else "target"
        inline_spans.append(match.span())
        if match["bang"]:
            add("image", match, group, match["alt"])
        elif _is_local_media(match[group]):
            add("link", match, group, None)
    for match in _REFERENCE_IMAGE.finditer(body):
        if any(start <= match.start() < end for start, end in inline_spans):
            continue
        image_refs[(match["ref"] or match["alt"]).strip().casefold()] = match["alt"]
        if not match["alt"].strip():
            found.append(MediaReference("image", "", match.start(), match.start(), ""))
    for match in _DEFINITION.finditer(body):
        group = "angled" if match["angled"] is not None else "target"
        if match["ref"].strip().casefold() in image_refs or _is_local_media(match[group]):
            add("definition", match, group, None)
    for match in _TAG.finditer(body):
        attributes = {
            m["name"].lower(): (m, next(g for g in ("dq", "sq", "bare") if m[g] is not None))
            for m in _ATTRIBUTE.finditer(match[0])
        }
        is_image = match["tag"].lower() == "img"
        alt = attributes["alt"][0][attributes["alt"][1]] if "alt" in attributes else ""
        if (url := attributes.get("src" if is_image else "href")) is None:
            if is_image:
                found.append(MediaReference("html", "", match.start(), match.start(), alt))
        elif is_image or _is_local_media(url[0][url[1]]):
            add("html", *url, alt if is_image else None, match.start())
    return sorted(found, key=lambda reference: reference.start)


def folder_media_files(folder: Path) -> list[Path]:
    """Every entry of a story's folder but ``index.md`` and ``_``/``.`` names, sorted.

    For the site (what it may copy) and the output audit (what must not be in the site when
    the story is held back).
    """
    return sorted(
        file
        for file in folder.iterdir()
        if file.name != "index.md" and not file.name.startswith(("_", "."))
    )


def _outside_message(target: str, slug: str, folder: Path | None) -> str:
    if _SCHEME.match(target) or target.startswith("//"):
        return (
            f"found '{target}', on another site; a story shows only its own files (a reader's "
            "browser would otherwise tell that site who reads the story): save the image in "
            f"stories/{slug}/ and write its name"
        )
    if folder is None:
        return (
            f"found '{target}'; a story's photos live in its own folder, so that they leave "
            f"the site with the story: move the story to stories/{slug}/index.md and put the "
            "file beside it"
        )
    return (
        f"found '{target}', outside the story's folder; a story's photos live in its own "
        f"folder, so that they leave the site with the story: put the file in stories/{slug}/ "
        "and write its name only"
    )


def story_media_problems(story: LoadedStory, *, withdrawn: bool) -> list[Problem]:
    """Problems with a story's images and folder; sets the story's ``media_references`` and
    ``media``, the names of the files it shows."""
    problems: list[Problem] = []
    path, slug, body, folder = story.path, story.slug, story.body, story.folder

    def report(reference: MediaReference, message: str) -> None:
        line = story.body_first_line + body.count("\n", 0, reference.start)
        private = private_part(message, f"'{reference.target.strip()}'")  # as any quoted text
        problems.append(Problem(path, line, _FIELD, message, private=private))

    files = {p.name: p for p in folder_media_files(folder)} if folder is not None else {}
    story.media_references = media_references(body)
    story.media = shown = []
    for reference in story.media_references:
        target = reference.target.strip()
        if reference.alt is not None and not reference.alt.strip():
            shown_as = f" ('{target}')" if target else ""
            report(
                reference,
                f"found an image without alt text{shown_as}; describe it for readers who "
                "cannot see it, e.g. ![A nurse's hands holding a cup](hands.jpg)",
            )
        name = reference.file_name
        if not target:
            if reference.kind == "html":
                report(reference, 'found <img> without a file; add src="photo.jpg"')
            continue
        outside = _SCHEME.match(target) or target.startswith(("/", "\\")) or folder is None
        if outside or "/" in name or "\\" in name or name in ("", ".", ".."):
            report(reference, _outside_message(target, slug, folder))
            continue
        if name.lower().endswith(UNCLEANABLE_SUFFIXES) and name in files:
            continue  # refused with the folder's files
        if not name.lower().endswith(MEDIA_SUFFIXES):
            report(reference, f"found '{target}'; a story may show {_SUFFIX_LIST} files")
            continue
        if name not in files:
            same = [file for file in files if file.casefold() == name.casefold()]  # case first
            nearest = f"; did you mean '{same[0]}'?" if same else did_you_mean(name, list(files))
            nearest = nearest or "; upload it there or correct the name"
            message = f"found '{target}', but stories/{slug}/ has no such file{nearest}"
            report(reference, f"{message} (upper and lower case count)")
            continue
        if name not in shown:
            shown.append(name)
    return problems + _folder_problems(story, files, withdrawn)


def _folder_problems(story: LoadedStory, files: dict[str, Path], withdrawn: bool) -> list[Problem]:
    """Each entry of the story's folder that is not one of its photos, each photo it does not
    show, then what each photo's metadata holds."""
    problems, photos, slug = [], [], story.slug
    for name, file in files.items():
        severity: Severity = "error"
        if withdrawn:
            message = (
                f"found '{name}' in a withdrawn story's folder; a withdrawn story keeps only "
                "its front-matter in index.md, the media has to leave the repository: delete it"
            )
        elif not stat.S_ISREG(file.lstat().st_mode):  # (a link's own status: not regular)
            message = (
                f"found '{name}' in stories/{slug}/, which is not a regular file (a folder or "
                "a link); a story's folder holds index.md and its photos only: remove it"
            )
        elif name.lower().endswith(UNCLEANABLE_SUFFIXES):
            message = (
                f"found '{name}', an AVIF photo; the site publishes a copy of each photo "
                "without its hidden details (such as where it was taken), and cannot make one "
                "of an AVIF file: save it as JPEG or WebP and upload that instead"
            )
        elif not name.lower().endswith(MEDIA_SUFFIXES):
            message = (
                f"found '{name}' in stories/{slug}/; a story's folder holds index.md and its "
                f"photos ({_SUFFIX_LIST}) only: move it out of the repository (consent forms "
                "and notes stay offline)"
            )
        else:
            photos.append(file)
            if name in story.media:
                continue
            severity = "warning"
            message = (
                f"found '{name}' in stories/{slug}/, but the story does not show it, so "
                "it is not published; show it in the text or delete it"
            )
        private = private_part(message, f"'{name}'")
        problems.append(Problem(story.path, 1, _FIELD, message, severity=severity, private=private))
    reviewed = reviewed_values(story.body) if photos else frozenset()
    for file in photos:
        problems += photo_problems(story.path, file, reviewed)
    return problems


def photo_problems(path: str, file: Path, reviewed: frozenset[str]) -> list[Problem]:
    """What a photo's file says about people and places, for the story at ``path``.

    The site publishes a copy without its metadata, but the file in ``stories/`` is public in
    the repository: a GPS position is an error, the text in its metadata is scanned like a
    story's free text (``reviewed``: the values the story marks reviewed, as read and
    whitespace-normalised), and a file that cannot be read to its end cannot be cleaned.
    """
    name = file.name
    quoted = f"'{name}'"  # the file name, masked where it may identify someone
    try:
        photo = read_photo(file.read_bytes())
    except DamagedPhoto as error:
        message = (
            f"found '{name}', which cannot be read to its end ({error}); the site publishes "
            "a copy of each photo without its hidden details and cannot make one: open it "
            "in a photo editor, save it again as JPEG, PNG or WebP and upload that instead"
        )
        return [Problem(path, 1, _FIELD, message, private=private_part(message, quoted))]
    problems = []
    if photo.location:
        message = (
            f"found '{name}', a photo that records where it was taken (GPS location data in "
            f"its {', '.join(photo.location)}, readable by anyone who downloads it); save a "
            "copy without location and upload that instead (see the editors' guide)"
        )
        problems.append(Problem(path, 1, _FIELD, message, private=private_part(message, quoted)))
    photo_path = f"{path.rsplit('/', 1)[0]}/{name}"  # (where its metadata's findings are told)
    for text in photo.texts:
        for finding in scan_as_read(text.text, markdown=False):
            if " ".join(finding.text.split()) in reviewed:
                continue
            value = f"'{finding.text}'"
            message = (
                f"looks like {finding.kind} ({value}); the site publishes the photo without "
                "it, but this file is public in the repository: save a copy without it and "
                "upload that, or mark it reviewed in the story"
            )
            private = private_part(message, value, identifier=True)
            metadata_field = f"photo metadata {text.field}"
            problems.append(
                Problem(photo_path, 1, metadata_field, message, finding.severity, private=private)
            )
    return problems
