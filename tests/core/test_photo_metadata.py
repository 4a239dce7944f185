"""A photo's metadata is read over the whole file, and the cleaned copy holds none of it."""

from __future__ import annotations

import contextlib
import io
import struct
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kairos.core.photo_metadata import metadata_text, read_photo
from kairos.core.photo_tags import DamagedPhoto, MetadataText

from ..photo_files import (
    PLANTED,
    XMP_PACKET_START,
    avif_with_exif,
    chunk,
    encoded,
    exif,
    full_gif,
    full_jpeg,
    full_png,
    full_webp,
    large_webp,
    noise,
    picture,
    segment,
    with_chunks,
    with_segments,
    xmp_packet,
)

EXIF_TEXTS = [
    MetadataText("EXIF ImageDescription", PLANTED["description"]),
    MetadataText("EXIF Artist", PLANTED["artist"]),
    MetadataText("EXIF Copyright", PLANTED["copyright"]),
    MetadataText("EXIF UserComment", PLANTED["comment"]),
]
XMP_TEXT = MetadataText("XMP dc:creator", PLANTED["xmp"])
FULL: dict[str, tuple[Callable[[], bytes], str, list[str], list[MetadataText]]] = {
    "jpeg": (
        full_jpeg,
        "JPEG",
        ["EXIF"],
        [
            XMP_TEXT,
            MetadataText("IPTC By-line", PLANTED["iptc"]),
            MetadataText("JPEG comment", PLANTED["comment"]),
            *EXIF_TEXTS,
        ],
    ),
    "png": (
        full_png,
        "PNG",
        ["EXIF"],
        [
            *EXIF_TEXTS,
            MetadataText("PNG tEXt Author", PLANTED["png"]),
            MetadataText("PNG zTXt Comment", PLANTED["comment"]),
            XMP_TEXT,
        ],
    ),
    "webp": (full_webp, "WebP", ["EXIF"], [*EXIF_TEXTS, XMP_TEXT]),
    "gif": (
        full_gif,
        "GIF",
        ["XMP exif:GPSLatitude"],
        [MetadataText("GIF comment", PLANTED["gif"]), XMP_TEXT],
    ),
}


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGB").tobytes()


def assert_no_metadata(data: bytes) -> None:
    """Pillow finds no metadata, and no marker or planted word is in the bytes."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(image.info)
        assert not getattr(image, "text", {})
    for marker in (b"Exif", XMP_PACKET_START, b"tEXt", b"zTXt", b"iTXt", b"8BIM", b"XMP"):
        assert marker not in data
    for word in PLANTED.values():
        assert word.encode() not in data
        assert word.split()[-1].encode() not in data


@pytest.mark.parametrize("case", FULL)
def test_every_block_is_read_and_none_is_kept(case: str) -> None:
    make, kind, location, texts = FULL[case]
    data = make()
    photo = read_photo(data)
    assert (photo.location, photo.texts) == (location, texts)
    with Image.open(io.BytesIO(photo.cleaned)) as image:
        assert image.format == kind.upper()  # the same kind of file, cleaned
    assert_no_metadata(photo.cleaned)
    assert pixels(photo.cleaned) == pixels(data)


def test_a_webp_over_one_mebibyte_is_read_to_its_end() -> None:
    data = large_webp()
    photo = read_photo(data)
    assert photo.location == ["EXIF"]
    assert photo.texts == EXIF_TEXTS
    assert_no_metadata(photo.cleaned)
    assert pixels(photo.cleaned) == pixels(data)


def test_a_photo_without_metadata_is_published_byte_for_byte() -> None:
    for kind in ("PNG", "GIF", "WEBP"):
        data = encoded(picture(), kind)
        assert read_photo(data).cleaned == data
    jpeg = encoded(picture(), "JPEG")
    assert read_photo(jpeg).cleaned == jpeg


def test_the_colour_profile_stays() -> None:
    profile = b"\x00\x00\x02\x0cfake profile bytes for the test" * 4
    for kind in ("JPEG", "PNG", "WEBP"):
        data = encoded(picture(), kind, icc_profile=profile, exif=exif())
        with Image.open(io.BytesIO(read_photo(data).cleaned)) as image:
            assert image.info["icc_profile"] == profile


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_the_rotation_is_kept_as_the_only_tag(kind: str) -> None:
    data = encoded(picture(), kind, exif=exif(orientation=6))
    photo = read_photo(data)
    assert photo.location == ["EXIF"]
    with Image.open(io.BytesIO(photo.cleaned)) as image:
        assert dict(image.getexif()) == {0x0112: 6}
    for word in PLANTED.values():
        assert word.encode() not in photo.cleaned
    assert pixels(photo.cleaned) == pixels(data)


def test_a_gps_position_in_big_endian_exif_or_in_xmp_alone_is_found() -> None:
    tiff = (
        b"MM\x00*\x00\x00\x00\x08\x00\x01"
        + struct.pack(">HHII", 0x8825, 4, 1, 26)
        + b"\x00\x00\x00\x00\x00\x01"
        + struct.pack(">HHII", 4, 5, 3, 0)
    )
    jpeg = encoded(picture(), "JPEG")
    assert read_photo(with_segments(jpeg, segment(0xE1, b"Exif\x00\x00" + tiff))).location == [
        "EXIF"
    ]
    xmp = segment(0xE1, XMP_PACKET_START + b"/1.0/\x00" + xmp_packet(gps=True))
    assert read_photo(with_segments(jpeg, xmp)).location == ["XMP exif:GPSLatitude"]
    itxt = chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp_packet(gps=True))
    png = with_chunks(encoded(picture(), "PNG"), itxt)
    assert read_photo(png).location == ["XMP exif:GPSLatitude"]


def test_exif_without_a_position_is_not_a_location() -> None:
    photo = read_photo(encoded(picture(), "JPEG", exif=exif(gps=False)))
    assert photo.location == []
    assert photo.texts == EXIF_TEXTS


def test_an_avif_is_not_cleaned_but_the_audit_reads_its_exif() -> None:
    data = avif_with_exif()
    with pytest.raises(DamagedPhoto, match="not a JPEG, PNG, GIF or WebP image"):
        read_photo(data)
    text = metadata_text(data)
    assert text is not None
    assert PLANTED["artist"] in text


# Damaged files: a clear reason, never a traceback.
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "it is not a JPEG, PNG, GIF or WebP image"),
        (b"\xff\xd8\xff\xe0 a photo", "a segment at byte 2 runs past the end of the file"),
        (b"\xff\xd8\x00binary", "byte 2 should start a segment and does not"),
        (encoded(noise((64, 64)), "JPEG")[:-40], "its image data is cut short"),
        (encoded(picture(), "PNG")[:-6], "a chunk at byte 71 is cut short"),
        (encoded(picture(), "PNG")[:-12], "it ends before its IEND chunk"),
        (b"\x89PNG\r\n\x1a\n", "it ends before its IEND chunk"),
        (encoded(picture(), "WEBP")[:-3], "it is shorter than its header says"),
        (encoded(picture(), "GIF")[:-1], "it ends before its trailer"),
        (b"GIF89a", "it is cut short"),
        (
            with_segments(encoded(picture(), "JPEG"), segment(0xE1, b"Exif\0\0II*\0\xff\0\0\0")),
            "its EXIF block is cut short",
        ),
    ],
)
def test_a_damaged_file_gives_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DamagedPhoto) as raised:
        read_photo(data)
    assert reason in str(raised.value)


_SAMPLES = [full_jpeg(), full_png(), full_webp(), full_gif()]


@settings(max_examples=400, deadline=None)
@given(
    sample=st.sampled_from(_SAMPLES),
    cut=st.integers(min_value=0, max_value=2000),
    flips=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 255)), max_size=4),
)
def test_any_damage_is_damaged_photo_never_a_traceback(
    sample: bytes, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(sample[: len(sample) - cut % len(sample)])
    for at, value in flips:
        if data:
            data[at % len(data)] = value
    with contextlib.suppress(DamagedPhoto):
        read_photo(bytes(data))
    metadata_text(bytes(data))
