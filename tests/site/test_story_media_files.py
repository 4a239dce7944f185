"""A published story's photo is in the site and on its page; a held-back story's never is."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from kairos.core import story_media
from kairos.core.photo_metadata import read_photo

from ..photo_files import (
    PLANTED,
    XMP_PACKET_START,
    avif_with_exif,
    chunk,
    encoded,
    full_gif,
    full_jpeg,
    full_png,
    full_webp,
    large_webp,
    picture,
    small,
    with_chunks,
)
from ..site_factory import (
    PLUGIN_LOGGER,
    build_site,
    captured_logs,
    consent,
    files_containing,
    write_project,
    write_story,
    write_vocabulary,
)

#: A real 1x1 PNG, so a browser or an image tool would accept it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
)
#: Two photos with different pixels, each with a caption in a text chunk.
PHOTOS = {
    name: with_chunks(
        encoded(picture((2 + i, 2)), "PNG"), chunk(b"tEXt", b"Title\0" + name.encode())
    )
    for i, name in enumerate(("cup.png", "saucer.png"))
}
BODY = (
    "Tea came at four.\n\n![A cup of tea on a ward table](cup.png)\n\n"
    '<img src="saucer.png" alt="An empty saucer">\n'
)


def folder_story(stories: Path, slug: str, body: str = BODY, **fields: object) -> Path:
    """``stories/<slug>/index.md`` with cup.png and saucer.png beside it."""
    path = write_story(stories, slug, body=body, **fields)  # type: ignore[arg-type]
    folder = stories / slug
    folder.mkdir()
    path.rename(folder / "index.md")
    for name, data in PHOTOS.items():
        (folder / name).write_bytes(data)
    return folder


def project(tmp_path: Path, *, status: str = "granted", **options: object) -> Path:
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    write_story(stories, "other", body="Another story.\n")
    record = consent(status)
    body = BODY if status != "withdrawn" else ""
    folder_story(stories, "tea-at-four", body=body, consent_record=record)
    write_project(tmp_path, plugin={"search": "none", **options})
    return stories


def test_a_published_story_shows_its_photos(tmp_path: Path) -> None:
    project(tmp_path)
    site = build_site(tmp_path)
    folder = site / "stories" / "tea-at-four"
    for name, source in PHOTOS.items():
        published = (folder / name).read_bytes()
        assert published == read_photo(source).cleaned
        assert b"tEXt" not in published
        assert pixels(published) == pixels(source)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<img alt="A cup of tea on a ward table" src="cup.png">' in page
    assert '<img src="saucer.png" alt="An empty saucer">' in page


def test_without_directory_urls_the_photo_is_found_from_the_page(tmp_path: Path) -> None:
    project(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    site = build_site(tmp_path)
    page = (site / "stories" / "tea-at-four.html").read_text(encoding="utf-8")
    assert 'src="tea-at-four/cup.png"' in page
    assert 'src="tea-at-four/saucer.png"' in page
    assert (site / "stories" / "tea-at-four" / "cup.png").is_file()


@pytest.mark.parametrize("status", ["pending", "withdrawn-with-media"])
def test_a_held_back_story_leaves_no_photo(tmp_path: Path, status: str) -> None:
    stories = project(tmp_path, status=status.removesuffix("-with-media"))
    with captured_logs(PLUGIN_LOGGER) as records:
        site = build_site(tmp_path, strict=status == "pending")
    assert (site / "stories" / "other" / "index.html").is_file()
    assert not (site / "stories" / "tea-at-four").exists()
    digests = {hashlib.sha256(d).hexdigest() for d in PHOTOS.values()}
    digests |= {hashlib.sha256(read_photo(d).cleaned).hexdigest() for d in PHOTOS.values()}
    published = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.png")}
    assert digests.isdisjoint(published)
    assert files_containing(site, "cup.png") == []
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    if status == "pending":
        assert warnings == []
        assert (stories / "tea-at-four" / "cup.png").is_file()
    else:
        assert warnings == [
            "kairos: stories/tea-at-four/index.md:1: media: found 'cup.png' in a withdrawn "
            "story's "
            "folder; a withdrawn story keeps only its front-matter in index.md, the media has "
            "to leave the repository: delete it",
            "kairos: stories/tea-at-four/index.md:1: media: found 'saucer.png' in a withdrawn "
            "story's "
            "folder; a withdrawn story keeps only its front-matter in index.md, the media has "
            "to leave the repository: delete it",
        ]


def test_a_docs_file_shown_only_by_a_held_back_story_is_left_out(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    write_story(
        stories,
        "old-photo",
        body="![A ward at night](/images/ward.png)\n",
        consent_record=consent("pending"),
    )
    write_project(tmp_path, plugin={"search": "none"})
    (tmp_path / "docs" / "images").mkdir()
    (tmp_path / "docs" / "images" / "ward.png").write_bytes(PNG)
    (tmp_path / "docs" / "images" / "logo.png").write_bytes(small("PNG", 2))
    with captured_logs(PLUGIN_LOGGER) as records:
        site = build_site(tmp_path, strict=False)
    assert not (site / "images" / "ward.png").exists()
    assert (site / "images" / "logo.png").is_file()
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert warnings == [
        "kairos: stories/old-photo.md:18: media: found '/images/ward.png'; a story's photos "
        "live in its "
        "own folder, so that they leave the site with the story: move the story to "
        "stories/old-photo/index.md and put the file beside it",
        "kairos: images/ward.png: shown by stories/old-photo.md, a story that is not published; "
        "it was "
        "left out of the site. A story's photos live in the story's own folder "
        "(stories/<slug>/), so that they leave the site with it",
    ]
    with pytest.raises(Abort):
        build_site(tmp_path, strict=True)


def test_a_docs_file_in_the_place_of_a_photo_is_refused(tmp_path: Path) -> None:
    project(tmp_path)
    taken = tmp_path / "docs" / "stories" / "tea-at-four"
    taken.mkdir(parents=True)
    (taken / "cup.png").write_bytes(PNG)
    with captured_logs("mkdocs.commands.build") as records, pytest.raises(Abort):
        build_site(tmp_path)
    assert [r.getMessage() for r in records if r.levelno >= logging.ERROR] == [
        "these files in docs/ have the address of a story's photo, which Kairos copies from "
        f"the story's folder; move or rename them: {tmp_path}/docs/stories/tea-at-four/cup.png"
    ]


def test_mkdocs_build_strict_publishes_the_photo(tmp_path: Path) -> None:
    project(tmp_path)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "stories" / "tea-at-four" / "cup.png").is_file()


# Every published photo is a cleaned copy -------------------------------------------------


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGB").tobytes()


def _raw_markers(data: bytes) -> list[bytes]:
    markers = (b"Exif", XMP_PACKET_START, b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"8BIM", b"XMP")
    return [marker for marker in markers if marker in data]


def _metadata_seen_by_pillow(data: bytes) -> dict[str, object]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        seen: dict[str, object] = {
            key: value
            for key, value in image.info.items()
            if key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Author")
        }
        if dict(image.getexif()):
            seen["getexif"] = dict(image.getexif())
        if getattr(image, "text", None):
            seen["text"] = image.text  # type: ignore[attr-defined]
    return seen


SHOWN = {
    "garden.jpg": full_jpeg(),
    "garden.png": full_png(),
    "garden.webp": full_webp(),
    "large.webp": large_webp(),
    "garden.gif": full_gif(),
}


def test_every_published_photo_holds_no_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a photo the checker would refuse (a location, an e-mail address) is published
    without its metadata: the checker is switched off here, to test the build alone."""
    monkeypatch.setattr(story_media, "photo_problems", lambda *args, **kwargs: [])
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    body = "Photos.\n\n" + "".join(f"![A photo, {name}]({name})\n" for name in SHOWN)
    folder = stories / "photos"
    folder.mkdir(parents=True)
    write_story(stories, "photos", body=body).rename(folder / "index.md")
    for name, data in SHOWN.items():
        (folder / name).write_bytes(data)
    write_project(tmp_path, plugin={"search": "none"})
    site = build_site(tmp_path)
    published = sorted(p for p in site.rglob("*") if p.suffix in (".jpg", ".png", ".webp", ".gif"))
    shown = [p for p in published if p.parent.name == "photos"]
    assert sorted(p.name for p in shown) == sorted(SHOWN)
    for path in published:
        data = path.read_bytes()
        assert _metadata_seen_by_pillow(data) == {}, path
        assert _raw_markers(data) == [], path
        for word in (*PLANTED.values(), "Planted", "Hidden", "943 476 5919", "900321"):
            assert word.encode() not in data, (path, word)
    for path in shown:
        assert pixels(path.read_bytes()) == pixels(SHOWN[path.name])
    assert {name: (folder / name).read_bytes() for name in SHOWN} == SHOWN  # sources untouched
    for word in (*PLANTED.values(), "Planted", "943 476 5919", "900321"):
        assert files_containing(site, word) == []
    assert files_containing(site, "A photo, garden.jpg") != []  # the published text is there


def test_a_photo_with_harmless_metadata_is_published_cleaned(tmp_path: Path) -> None:
    """The checker lets a caption without identifiers through; the copy still drops it."""
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    folder = stories / "garden"
    folder.mkdir(parents=True)
    write_story(stories, "garden", body="![A garden](garden.png)\n").rename(folder / "index.md")
    source = with_chunks(encoded(picture(), "PNG"), chunk(b"tEXt", b"Author\0Robin Quietname"))
    (folder / "garden.png").write_bytes(source)
    write_project(tmp_path, plugin={"search": "none"})
    site = build_site(tmp_path)
    published = (site / "stories" / "garden" / "garden.png").read_bytes()
    assert published == encoded(picture(), "PNG")
    assert files_containing(site, "Quietname") == []
    assert (folder / "garden.png").read_bytes() == source


def test_an_avif_photo_is_not_published(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    folder = stories / "garden"
    folder.mkdir(parents=True)
    write_story(stories, "garden", body="![A garden](garden.avif)\n").rename(folder / "index.md")
    (folder / "garden.avif").write_bytes(avif_with_exif())
    write_story(stories, "other", body="Another story.\n")
    write_project(tmp_path, plugin={"search": "none"})
    site = build_site(tmp_path, strict=False)
    assert (site / "stories" / "other" / "index.html").is_file()
    assert list(site.rglob("*.avif")) == []
    assert not (site / "stories" / "garden").exists()
    with pytest.raises(Abort):
        build_site(tmp_path, strict=True)
