"""Whether a photo file records where it was taken (EXIF GPS latitude or longitude).

Phones write the place a photo was taken into the file, invisible on the page but readable by
anyone who downloads it: for a photo taken at home, that is the storyteller's address. Only
the EXIF block is read (JPEG ``APP1``, PNG ``eXIf``, WebP ``EXIF``), from the start of the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

__all__ = ["READ_BYTES", "has_location", "records_location"]

#: EXIF sits at the start of a photo file; nothing after this many bytes is read.
READ_BYTES = 1024 * 1024

_GPS_IFD_POINTER = 0x8825
_GPS_LATITUDE, _GPS_LONGITUDE = 2, 4


def _tiff_tags(tiff: bytes, offset: int, order: str) -> dict[int, int]:
    """Tag -> value (the offset field) of one TIFF directory; {} where it is cut short."""
    if offset + 2 > len(tiff):
        return {}
    (count,) = struct.unpack_from(f"{order}H", tiff, offset)
    tags = {}
    for index in range(count):
        entry = offset + 2 + 12 * index
        if entry + 12 > len(tiff):
            break
        tag, _, _, value = struct.unpack_from(f"{order}HHII", tiff, entry)
        tags[tag] = value
    return tags


def _tiff_has_location(tiff: bytes) -> bool:
    tiff = tiff.removeprefix(b"Exif\x00\x00")
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return False
    order = "<" if tiff[:2] == b"II" else ">"
    (first,) = struct.unpack_from(f"{order}I", tiff, 4)
    gps = _tiff_tags(tiff, first, order).get(_GPS_IFD_POINTER)
    if gps is None:
        return False
    tags = _tiff_tags(tiff, gps, order)
    return _GPS_LATITUDE in tags or _GPS_LONGITUDE in tags


def _exif_blocks(data: bytes) -> list[bytes]:
    blocks = []
    if data.startswith(b"\xff\xd8"):  # JPEG: segments until the image data starts
        position = 2
        while position + 4 <= len(data) and data[position] == 0xFF:
            marker = data[position + 1]
            (length,) = struct.unpack_from(">H", data, position + 2)
            if marker == 0xE1:
                blocks.append(data[position + 4 : position + 2 + length])
            if marker == 0xDA:
                break
            position += 2 + length
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        position = 8
        while position + 8 <= len(data):
            length, kind = struct.unpack_from(">I4s", data, position)
            if kind == b"eXIf":
                blocks.append(data[position + 8 : position + 8 + length])
            position += 12 + length
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        position = 12
        while position + 8 <= len(data):
            kind, length = struct.unpack_from("<4sI", data, position)
            if kind == b"EXIF":
                blocks.append(data[position + 8 : position + 8 + length])
            position += 8 + length + (length & 1)
    return blocks


def records_location(data: bytes) -> bool:
    """Whether the photo's EXIF holds a GPS latitude or longitude (False for a damaged file,
    which browsers will not show either)."""
    try:
        return any(_tiff_has_location(block) for block in _exif_blocks(data))
    except struct.error:
        return False


def has_location(file: Path) -> bool:
    """:func:`records_location` for the start of ``file``."""
    with file.open("rb") as stream:
        return records_location(stream.read(READ_BYTES))
