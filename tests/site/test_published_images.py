"""Images in docs/ and the theme reach the site as cleaned copies too (published_images)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..photo_files import PLANTED, avif_with_exif, full_gif, full_jpeg, full_png, full_webp
from ..site_factory import (
    build_site,
    files_containing,
    write_project,
    write_story,
    write_vocabulary,
)
from .test_story_media_files import _metadata_seen_by_pillow, _raw_markers, pixels

DOCS_IMAGES = {
    "images/ward.jpg": full_jpeg(),
    "images/ward.png": full_png(),
    "images/ward.webp": full_webp(),
    "images/ward.gif": full_gif(),
}
PAGE = "# About\n\n" + "".join(f"![The ward, {name}]({name})\n" for name in DOCS_IMAGES)


def write_docs_images(root: Path, images: dict[str, bytes]) -> None:
    for name, data in images.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_every_image_in_docs_is_published_without_its_metadata(tmp_path: Path) -> None:
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "night-shift")
    write_project(tmp_path, docs={"about.md": PAGE}, plugin={"search": "none"})
    write_docs_images(tmp_path, DOCS_IMAGES)
    site = build_site(tmp_path)
    for name, source in DOCS_IMAGES.items():
        published = (site / name).read_bytes()
        assert _metadata_seen_by_pillow(published) == {}, name
        assert _raw_markers(published) == [], name
        assert pixels(published) == pixels(source), name
        assert (tmp_path / "docs" / name).read_bytes() == source  # the source is never changed
    for word in PLANTED.values():
        assert files_containing(site, word) == [], word
    assert files_containing(site, "The ward, images/ward.jpg") != []  # the page is there


def test_an_avif_or_damaged_image_in_docs_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "night-shift")
    write_project(tmp_path, plugin={"search": "none"})
    write_docs_images(
        tmp_path, {"images/ward.avif": avif_with_exif(), "images/cut.jpg": full_jpeg()[:200]}
    )
    with pytest.raises(Abort):
        build_site(tmp_path, site_dir=tmp_path / "site")
    docs = tmp_path / "docs" / "images"
    [message] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    lines = message.splitlines()
    assert lines[0].startswith(f"kairos: {docs / 'cut.jpg'}: could not be read as an image (")
    assert lines[1] == (
        f"kairos: {docs / 'ward.avif'}: found an AVIF image; the site publishes images without "
        "their metadata (where a photo was taken, who is in it), which cannot be taken out of "
        "this format: save it as JPEG or WebP instead"
    )
    assert not (tmp_path / "site" / "images" / "ward.avif").exists()
