"""A published story's photo is in the site and on its page; a held-back story's never is."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

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
    for name in ("cup.png", "saucer.png"):
        (folder / name).write_bytes(PNG + name.encode())
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
    assert (folder / "cup.png").read_bytes() == PNG + b"cup.png"
    assert (folder / "saucer.png").read_bytes() == PNG + b"saucer.png"
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
    digests = {hashlib.sha256(PNG + n).hexdigest() for n in (b"cup.png", b"saucer.png")}
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
    (tmp_path / "docs" / "images" / "logo.png").write_bytes(PNG + b"logo")
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
