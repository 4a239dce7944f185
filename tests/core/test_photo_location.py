"""Photos that record where they were taken are found in JPEG, PNG and WebP files."""

from __future__ import annotations

import struct

import pytest

from kairos.core.photo_location import records_location


def tiff(*, gps_tags: tuple[int, ...] = (0, 2, 4), big_endian: bool = False) -> bytes:
    """A TIFF block: IFD0 with a GPS pointer (when ``gps_tags``), then the GPS directory."""
    order = ">" if big_endian else "<"
    header = (b"MM" if big_endian else b"II") + struct.pack(f"{order}HI", 42, 8)
    if not gps_tags:
        return header + struct.pack(f"{order}H", 1) + struct.pack(f"{order}HHII", 0x10F, 2, 1, 0)
    gps_offset = 8 + 2 + 12 + 4
    ifd0 = struct.pack(f"{order}H", 1) + struct.pack(f"{order}HHII", 0x8825, 4, 1, gps_offset)
    gps = struct.pack(f"{order}H", len(gps_tags)) + b"".join(
        struct.pack(f"{order}HHII", tag, 5, 3, 0) for tag in gps_tags
    )
    return header + ifd0 + struct.pack(f"{order}I", 0) + gps


def jpeg(block: bytes) -> bytes:
    app1 = b"Exif\x00\x00" + block
    return b"\xff\xd8\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xda\x00\x02"


def png(block: bytes) -> bytes:
    chunk = struct.pack(">I4s", len(block), b"eXIf") + block + b"\x00\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + chunk


def webp(block: bytes) -> bytes:
    chunk = struct.pack("<4sI", b"EXIF", len(block)) + block + b"\x00" * (len(block) & 1)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize("wrap", [jpeg, png, webp])
@pytest.mark.parametrize("big_endian", [False, True])
def test_a_gps_position_is_found(wrap: object, big_endian: bool) -> None:
    assert callable(wrap)
    assert records_location(wrap(tiff(big_endian=big_endian)))


@pytest.mark.parametrize(
    "data",
    [
        jpeg(tiff(gps_tags=())),  # camera data, no GPS directory
        jpeg(tiff(gps_tags=(0,))),  # a GPS directory with only its version
        b"\x89PNG\r\n\x1a\n",  # no EXIF at all
        b"\xff\xd8\xff\xe1\xff\xff Exif",  # cut short
        jpeg(b"II*\x00\xff\xff\xff\xff"),  # a directory offset past the end
        b"GIF89a",
    ],
)
def test_no_position_is_found_where_there_is_none(data: bytes) -> None:
    assert not records_location(data)
