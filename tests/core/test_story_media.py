"""A story's photos live in its own folder, are checked, and go where its consent goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.anthology import Anthology, load_anthology
from kairos.core.story_media import _every_reference, folder_media_files, media_references

from ..story_cases import stories_folder, valid_story
from .test_photo_location import jpeg, tiff

D = dt.date(2026, 6, 1)
PNG = b"\x89PNG\r\n\x1a\n"
#: The body of valid_story() starts on line 19.
BODY_LINE = 19


def folder_story(
    tmp_path: Path, body: str, files: dict[str, bytes] | None = None, story: str = ""
) -> Anthology:
    folder = stories_folder(tmp_path)
    own = folder / "cups"
    own.mkdir()
    text = story or valid_story()
    (own / "index.md").write_text(text.replace("She pulled up a chair and sat down.\n", body))
    for name, content in (files if files is not None else {"cup.png": PNG}).items():
        (own / name).write_bytes(content)
    return load_anthology(folder, D, "stories")


def messages(anthology: Anthology) -> list[str]:
    return [str(p) for p in anthology.problems]


def test_a_folder_story_shows_its_photo(tmp_path: Path) -> None:
    anthology = folder_story(tmp_path, "Text.\n\n![A cup of tea](cup.png)\n")
    assert messages(anthology) == []
    [judged] = anthology.published
    assert judged.loaded.media == ["cup.png"]


def test_every_way_to_show_an_image_is_found() -> None:
    body = (
        '![A](a.png "title")\n'
        "![B][b]\n"
        "[b]: <b.jpg>\n"
        "[Full size](c.webp)\n"
        '<img alt="D" src="d.gif">\n'
        "<a href='e.avif'>E</a>\n"
        "[Another story](../other.md) and [a site](https://example.org/f.png)\n"
    )
    assert [(r.kind, r.target, body[r.start : r.end], r.alt) for r in media_references(body)] == [
        ("image", "a.png", "a.png", "A"),
        ("definition", "b.jpg", "b.jpg", None),
        ("link", "c.webp", "c.webp", None),
        ("html", "d.gif", "d.gif", "D"),
        ("html", "e.avif", "e.avif", None),
    ]


_BODY_PIECES = st.sampled_from(
    ["!", "[", "]", "(", ")", "<", ">", "a.png", "img ", "a ", 'src="b.jpg"', "href=c.gif",
     "alt='x'", ":", " ", "\n", "Hello", "https://example.org/", "[r]: ", "#", "\"", "'"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(body=st.one_of(st.text(max_size=60), st.lists(_BODY_PIECES, max_size=30).map("".join)))
def test_a_body_without_brackets_or_tags_is_not_read_and_nothing_is_missed(body: str) -> None:
    """The shortcut (no '[' and no '<': nothing to find) gives what every pattern finds."""
    assert media_references(body) == _every_reference(body)
    if "[" not in body and "<" not in body:
        assert media_references(body) == []


def test_a_missing_file_is_an_error_on_its_line(tmp_path: Path) -> None:
    anthology = folder_story(tmp_path, "Text.\n\n![A cup of tea](Cup.png)\n")
    assert messages(anthology) == [
        "stories/cups/index.md:1: warning: media: found 'cup.png' in stories/cups/, but the "
        "story does not show it, so it is not published; show it in the text or delete it",
        f"stories/cups/index.md:{BODY_LINE + 2}: media: found 'Cup.png', but stories/cups/ has "
        "no such file; upload it there or correct the name (upper and lower case count)",
    ]
    assert anthology.published == []


def test_images_outside_the_folder_are_errors(tmp_path: Path) -> None:
    body = (
        "![A](../other/cup.png)\n"
        "![B](/images/cup.png)\n"
        "![C](https://example.org/cup.png)\n<!-- kairos: reviewed https://example.org/cup.png -->\n"
        "![D](photos/cup.png)\n"
        "![E](cup.png)\n"
    )
    anthology = folder_story(tmp_path, body)
    outside = (
        "outside the story's folder; a story's photos live in its own folder, so that they "
        "leave the site with the story: put the file in stories/cups/ and write its name only"
    )
    assert messages(anthology) == [
        f"stories/cups/index.md:{BODY_LINE}: media: found '../other/cup.png', {outside}",
        f"stories/cups/index.md:{BODY_LINE + 1}: media: found '/images/cup.png', {outside}",
        f"stories/cups/index.md:{BODY_LINE + 2}: media: found 'https://example.org/cup.png', "
        "on another site; a story shows only its own files (a reader's browser would otherwise "
        "tell that site who reads the story): save the image in stories/cups/ and write its name",
        f"stories/cups/index.md:{BODY_LINE + 4}: media: found 'photos/cup.png', {outside}",
    ]


def test_a_story_in_one_file_has_no_photos(tmp_path: Path) -> None:
    story = valid_story().replace("sat down.\n", "sat down.\n\n![A cup](/images/cup.png)\n")
    anthology = load_anthology(stories_folder(tmp_path, {"cups.md": story}), D, "stories")
    assert messages(anthology) == [
        f"stories/cups.md:{BODY_LINE + 2}: media: found '/images/cup.png'; a story's photos "
        "live in its own folder, so that they leave the site with the story: move the story to "
        "stories/cups/index.md and put the file beside it"
    ]


def test_an_image_needs_alt_text(tmp_path: Path) -> None:
    anthology = folder_story(tmp_path, "![ ](cup.png)\n<img src=cup.png>\n")
    hint = (
        "describe it for readers who cannot see it, e.g. ![A nurse's hands holding a "
        "cup](hands.jpg)"
    )
    assert messages(anthology) == [
        f"stories/cups/index.md:{BODY_LINE}: media: found an image without alt text "
        f"('cup.png'); {hint}",
        f"stories/cups/index.md:{BODY_LINE + 1}: media: found an image without alt text "
        f"('cup.png'); {hint}",
    ]


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    anthology = folder_story(
        tmp_path, "![A cup](cup.svg)\n", {"cup.svg": b"<svg/>", "consent.pdf": b"%PDF"}
    )
    assert messages(anthology) == [
        "stories/cups/index.md:1: media: found 'consent.pdf' in stories/cups/; a story's "
        "folder holds index.md and its photos (.avif, .gif, .jpeg, .jpg, .png, .webp) only: "
        "move it out of the repository (consent forms and notes stay offline)",
        "stories/cups/index.md:1: media: found 'cup.svg' in stories/cups/; a story's folder "
        "holds index.md and its photos (.avif, .gif, .jpeg, .jpg, .png, .webp) only: move it "
        "out of the repository (consent forms and notes stay offline)",
        f"stories/cups/index.md:{BODY_LINE}: media: found 'cup.svg'; a story may show .avif, "
        ".gif, .jpeg, .jpg, .png, .webp files",
    ]


def test_a_pending_story_keeps_its_photo_unpublished(tmp_path: Path) -> None:
    pending = valid_story().replace("status: granted", "status: pending")
    anthology = folder_story(tmp_path, "![A cup of tea](cup.png)\n", story=pending)
    assert messages(anthology) == []
    assert anthology.published == []
    assert anthology.held_back[0].loaded.media == ["cup.png"]


def test_a_withdrawn_story_folder_keeps_no_media(tmp_path: Path) -> None:
    withdrawn = (
        valid_story()
        .replace("status: granted", "status: withdrawn\n  withdrawn_on: 2026-03-01")
        .replace("She pulled up a chair and sat down.\n", "")
    )
    folder = stories_folder(tmp_path)
    (folder / "cups").mkdir()
    (folder / "cups" / "index.md").write_text(withdrawn)
    (folder / "cups" / "cup.png").write_bytes(PNG)
    (folder / "cups" / ".DS_Store").write_bytes(b"")
    assert folder_media_files(folder / "cups") == [folder / "cups" / "cup.png"]
    assert messages(load_anthology(folder, D, "stories")) == [
        "stories/cups/index.md:1: media: found 'cup.png' in a withdrawn story's folder; a "
        "withdrawn story keeps only its front-matter in index.md, the media has to leave the "
        "repository: delete it"
    ]


def test_a_photo_that_records_where_it_was_taken_is_refused(tmp_path: Path) -> None:
    photo = jpeg(tiff())
    anthology = folder_story(tmp_path, "![A garden](garden.jpg)\n", {"garden.jpg": photo})
    assert messages(anthology) == [
        "stories/cups/index.md:1: media: found 'garden.jpg', a photo that records where it was "
        "taken (GPS location data, readable by anyone who downloads it); save a copy without "
        "location and upload that instead (see the editors' guide)"
    ]
    assert anthology.published == []
