"""A story's photos live in its own folder, are checked, and go where its consent goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core import story_media
from kairos.core.anthology import Anthology, load_anthology
from kairos.core.story_media import folder_media_files, media_references

from ..photo_files import (
    PLANTED,
    avif_with_exif,
    chunk,
    encoded,
    exif,
    full_gif,
    full_jpeg,
    full_png,
    large_webp,
    picture,
    segment,
    with_chunks,
    with_segments,
)
from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)
PNG = encoded(picture(), "PNG")
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
    """The shortcut (no '[' and no '<': nothing to find) misses nothing a pattern finds."""
    patterns = (story_media._INLINE, story_media._REFERENCE_IMAGE, story_media._DEFINITION)
    if "[" not in body and "<" not in body:
        assert not any(p.search(body) for p in (*patterns, story_media._TAG))
        assert media_references(body) == []


def test_a_missing_file_is_an_error_on_its_line(tmp_path: Path) -> None:
    anthology = folder_story(tmp_path, "Text.\n\n![A cup of tea](Cup.png)\n")
    assert messages(anthology) == [
        "stories/cups/index.md:1: warning: media: found 'cup.png' in stories/cups/, but the "
        "story does not show it, so it is not published; show it in the text or delete it",
        f"stories/cups/index.md:{BODY_LINE + 2}: media: found 'Cup.png', but stories/cups/ has "
        "no such file; did you mean 'cup.png'? (upper and lower case count)",
    ]
    assert anthology.published == []


def test_a_file_name_that_may_identify_someone_is_masked_in_outgoing_reports(
    tmp_path: Path,
) -> None:
    anthology = folder_story(
        tmp_path, "Text.\n\n![A cup of tea](cup.png)\n\n![A](07700900321.png)\n"
    )
    (problem,) = [p for p in anthology.problems if p.field == "media" and p.line > 1]
    assert str(problem).startswith(
        f"stories/cups/index.md:{BODY_LINE + 4}: media: found '07700900321.png'"
    )
    assert str(problem.masked()) == (
        f"stories/cups/index.md:{BODY_LINE + 4}: media: found [masked], but stories/cups/ has "
        "no such file; upload it there or correct the name (upper and lower case count)"
    )
    unshown = folder_story(tmp_path / "b", "Text.\n", {"07700900321.png": PNG})
    assert [str(p.masked()) for p in unshown.problems] == [
        "stories/cups/index.md:1: warning: media: found [masked] in stories/cups/, but the "
        "story does not show it, so it is not published; show it in the text or delete it"
    ]


def test_a_missing_file_with_no_near_name_says_to_upload_it(tmp_path: Path) -> None:
    anthology = folder_story(tmp_path, "Text.\n\n![A cup of tea](cup.png)\n\n![A](zebra.png)\n")
    assert messages(anthology)[-1] == (
        f"stories/cups/index.md:{BODY_LINE + 4}: media: found 'zebra.png', but stories/cups/ has "
        "no such file; upload it there or correct the name (upper and lower case count)"
    )


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
        "folder holds index.md and its photos (.gif, .jpeg, .jpg, .png, .webp) only: "
        "move it out of the repository (consent forms and notes stay offline)",
        "stories/cups/index.md:1: media: found 'cup.svg' in stories/cups/; a story's folder "
        "holds index.md and its photos (.gif, .jpeg, .jpg, .png, .webp) only: move it "
        "out of the repository (consent forms and notes stay offline)",
        f"stories/cups/index.md:{BODY_LINE}: media: found 'cup.svg'; a story may show .gif, "
        ".jpeg, .jpg, .png, .webp files",
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


# Photo files: read to their end; a location is refused, metadata text scanned like free text.
WHERE = "stories/cups/index.md:1: media: found"
TAKEN = (
    "a photo that records where it was taken (GPS location data in its {}, readable by anyone "
    "who downloads it); save a copy without location and upload that instead (see the "
    "editors' guide)"
)
PUBLIC = (
    "the site publishes the photo without it, but this file is public in the repository: "
    "save a copy without it and upload that, or mark it reviewed in the story"
)


def photo_story(tmp_path: Path, name: str, data: bytes, body: str = "") -> Anthology:
    return folder_story(tmp_path, f"![A garden]({name})\n{body}", {name: data})


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        ("garden.jpg", encoded(picture(), "JPEG", exif=exif(text=False)), "EXIF"),
        ("garden.png", encoded(picture(), "PNG", exif=exif(text=False)), "EXIF"),
        ("garden.webp", large_webp(text=False), "EXIF"),
        ("garden.gif", full_gif(), "XMP exif:GPSLatitude"),
        (
            "garden.jpg",
            with_segments(
                encoded(picture(), "JPEG"),
                segment(
                    0xE1,
                    b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><rdf:Description "
                    b"exif:GPSLongitude='0,7.6W'/></x:xmpmeta>",
                ),
            ),
            "XMP exif:GPSLongitude",
        ),
    ],
)
def test_a_photo_that_records_where_it_was_taken_is_refused(
    tmp_path: Path, name: str, data: bytes, where: str
) -> None:
    anthology = photo_story(tmp_path, name, data)
    assert messages(anthology) == [f"{WHERE} '{name}', {TAKEN.format(where)}"]
    assert anthology.published == []


def test_metadata_text_is_scanned_like_free_text(tmp_path: Path) -> None:
    anthology = photo_story(
        tmp_path, "garden.jpg", encoded(picture(), "JPEG", exif=exif(gps=False))
    )
    photo = "stories/cups/garden.jpg:1: "
    assert messages(anthology) == [
        f"{photo}photo metadata EXIF Artist: looks like an e-mail address "
        f"('robin.planted@example.org'); {PUBLIC}",
        f"{photo}photo metadata EXIF ImageDescription: looks like an NHS number "
        f"('943 476 5919'); {PUBLIC}",
        f"{photo}photo metadata EXIF UserComment: looks like a phone number "
        f"('07700 900321'); {PUBLIC}",
    ]
    # A report that leaves the editor's machine names the kind, never the value.
    assert [str(p.masked()).split("; ")[0] for p in anthology.problems] == [
        f"{photo}photo metadata EXIF {field}: looks like {kind} ([masked])"
        for field, kind in [
            ("Artist", "an e-mail address"),
            ("ImageDescription", "an NHS number"),
            ("UserComment", "a phone number"),
        ]
    ]
    assert anthology.published == []


def test_metadata_text_in_every_block_is_found(tmp_path: Path) -> None:
    email = "jo.hidden@example.org"
    png = with_chunks(
        encoded(picture(), "PNG"),
        chunk(b"tEXt", b"Author\x00" + email.encode()),
        chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><dc:creator><rdf:li>Call "
              b"07700 900321</rdf:li></dc:creator></x:xmpmeta>"),
    )  # fmt: skip
    jpeg = with_segments(encoded(picture(), "JPEG"), segment(0xFE, email.encode()))
    folder_story(tmp_path, "![A](a.png) ![B](b.jpg)\n", {"a.png": png, "b.jpg": jpeg})
    assert messages(load_anthology(tmp_path / "stories", D, "stories")) == [
        f"stories/cups/a.png:1: photo metadata PNG tEXt Author: looks like an e-mail address "
        f"('{email}'); {PUBLIC}",
        "stories/cups/a.png:1: photo metadata XMP dc:creator: looks like a phone "
        f"number ('07700 900321'); {PUBLIC}",
        f"stories/cups/b.jpg:1: photo metadata JPEG comment: looks like an e-mail address "
        f"('{email}'); {PUBLIC}",
    ]


def test_a_value_marked_reviewed_in_the_story_is_not_reported(tmp_path: Path) -> None:
    jpeg = with_segments(encoded(picture(), "JPEG"), segment(0xFE, b"ward 07700 900321"))
    anthology = photo_story(
        tmp_path, "garden.jpg", jpeg, "<!-- kairos: reviewed 07700 900321 -->\n"
    )
    assert messages(anthology) == []
    assert len(anthology.published) == 1


def test_a_photo_with_every_kind_of_metadata_but_no_identifier_is_published(
    tmp_path: Path,
) -> None:
    """Text without identifiers is no problem: the site publishes a copy without it."""
    quiet = exif(gps=False, text=False)
    quiet[0x013B] = "Robin"
    jpeg = with_segments(encoded(picture(), "JPEG", exif=quiet), segment(0xFE, b"Garden"))
    anthology = photo_story(tmp_path, "garden.jpg", jpeg)
    assert messages(anthology) == []
    assert anthology.published[0].loaded.media == ["garden.jpg"]


def test_an_avif_photo_is_refused(tmp_path: Path) -> None:
    anthology = photo_story(tmp_path, "garden.avif", avif_with_exif())
    assert messages(anthology) == [
        f"{WHERE} 'garden.avif', an AVIF photo; the site publishes a copy of each photo "
        "without its hidden details (such as where it was taken), and cannot make one of an "
        "AVIF file: save it as JPEG or WebP and upload that instead"
    ]
    assert anthology.published == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xd8\xff\xe0 a photo", "a segment at byte 2 runs past the end of the file"),
        (b"<html>not a photo</html>", "it is not a JPEG, PNG, GIF or WebP image"),
        (full_png()[:-12], "it ends before its IEND chunk"),
    ],
)
def test_a_photo_that_cannot_be_read_to_its_end_is_refused(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    anthology = photo_story(tmp_path, "garden.png", data)
    assert messages(anthology) == [
        f"{WHERE} 'garden.png', which cannot be read to its end ({reason}); the site publishes "
        "a copy of each photo without its hidden details and cannot make one: open it in a "
        "photo editor, save it again as JPEG, PNG or WebP and upload that instead"
    ]
    assert anthology.published == []


def test_a_held_back_story_s_photo_is_checked_too(tmp_path: Path) -> None:
    pending = valid_story().replace("status: granted", "status: pending")
    anthology = folder_story(
        tmp_path, "![A garden](garden.jpg)\n", {"garden.jpg": full_jpeg()}, story=pending
    )
    assert f"{WHERE} 'garden.jpg', {TAKEN.format('EXIF')}" in messages(anthology)
    assert any(PLANTED["artist"].split()[-1] in m for m in messages(anthology))
