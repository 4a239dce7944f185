"""Photo files for tests, made with Pillow, with metadata blocks spliced in by hand.

Each factory writes what a phone or photo editor writes (EXIF with GPS and text tags, XMP,
IPTC, PNG text chunks, comments) so that tests can plant a location or words in each place.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

#: Words planted in metadata; none may reach a published file.
PLANTED = {
    "artist": "Robin Planted robin.planted@example.org",
    "description": "NHS 943 476 5919 on the ward",
    "copyright": "Copyright Jo Hidden",
    "comment": "Ring Jo on 07700 900321",
    "xmp": "Xmp Creator Hidden",
    "iptc": "Iptc Byline Hidden",
    "png": "Png Text Hidden",
    "gif": "Gif Comment Hidden",
}

XMP_PACKET_START = b"http://ns.adobe.com/xap"


def picture(size: tuple[int, int] = (8, 6)) -> Image.Image:
    """A small picture with different pixels, so a decoded copy can be compared."""
    image = Image.new("RGB", size)
    image.putdata([(x * 30 % 256, y * 40 % 256, (x + y) * 9 % 256) for y in range(size[1])
                   for x in range(size[0])])  # fmt: skip
    return image


def small(kind: str, width: int = 2) -> bytes:
    """A tiny image without metadata; a different ``width``, different bytes."""
    return encoded(picture((width, 2)), kind)


def noise(size: tuple[int, int], seed: int = 18) -> Image.Image:
    """A picture that compresses badly: large files from small sizes. Seeded, so that a test
    looking for a three-byte marker ("XMP") in a megabyte of it never finds one by chance (a
    random megabyte holds "XMP" about one time in fourteen)."""
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def exif(*, gps: bool = True, text: bool = True, orientation: int | None = None) -> Image.Exif:
    """EXIF with a GPS position and the text tags people write, as Pillow stores it."""
    tags = Image.Exif()
    tags[0x0128] = 2  # ResolutionUnit: Pillow writes no EXIF whose main directory is empty
    if text:
        tags[0x013B] = PLANTED["artist"]
        tags[0x010E] = PLANTED["description"]
        tags[0x8298] = PLANTED["copyright"]
        tags.get_ifd(0x8769)[0x9286] = b"ASCII\x00\x00\x00" + PLANTED["comment"].encode()
    if gps:
        position = tags.get_ifd(0x8825)
        position[1], position[2] = "N", (51.0, 30.0, 12.5)
        position[3], position[4] = "W", (0.0, 7.0, 39.0)
    if orientation is not None:
        tags[0x0112] = orientation
    return tags


def xmp_packet(*, gps: bool = False) -> bytes:
    position = ' exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.6W"' if gps else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        f'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2024-05-01"{position}>'
        f"<dc:creator><rdf:Seq><rdf:li>{PLANTED['xmp']}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


# JPEG ------------------------------------------------------------------------------------


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    """``jpeg`` with ``segments`` after its first segment (JFIF's header stays first)."""
    (length,) = struct.unpack_from(">H", jpeg, 4)
    at = 4 + length
    return jpeg[:at] + b"".join(segments) + jpeg[at:]


def iptc(by_line: str) -> bytes:
    """An APP13 Photoshop block holding an IPTC By-line."""
    value = by_line.encode()
    records = b"\x1c\x02\x00\x00\x02\x00\x04" + b"\x1c\x02\x50" + struct.pack(">H", len(value))
    records += value
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(records)) + records
    return segment(0xED, b"Photoshop 3.0\x00" + resource + b"\x00" * (len(records) & 1))


def xmp_segment(packet: bytes) -> bytes:
    return segment(0xE1, XMP_PACKET_START + b"/1.0/\x00" + packet)


def full_jpeg(image: Image.Image | None = None) -> bytes:
    """A JPEG with EXIF (GPS and text), XMP, IPTC and a comment, and data after its end."""
    photo = encoded(image or picture(), "JPEG", exif=exif(), quality=95)
    spliced = with_segments(
        photo,
        xmp_segment(xmp_packet()),
        iptc(PLANTED["iptc"]),
        segment(0xFE, PLANTED["comment"].encode()),
    )
    return spliced + b"trailer " + PLANTED["copyright"].encode()


# PNG -------------------------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def with_chunks(png: bytes, *chunks: bytes) -> bytes:
    """``png`` with ``chunks`` before its IEND."""
    return png[:-12] + b"".join(chunks) + png[-12:]


def full_png(image: Image.Image | None = None) -> bytes:
    """A PNG with EXIF (eXIf), tEXt, zTXt, iTXt (with XMP) and tIME chunks."""
    photo = encoded(image or picture(), "PNG", exif=exif())
    return with_chunks(
        photo,
        chunk(b"tEXt", b"Author\x00" + PLANTED["png"].encode()),
        chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(PLANTED["comment"].encode())),
        chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp_packet()),
        chunk(b"tIME", b"\x07\xe8\x05\x01\x0a\x00\x00"),
    )


# WebP ------------------------------------------------------------------------------------


def full_webp(image: Image.Image | None = None, **options: object) -> bytes:
    """A WebP with EXIF (GPS and text) and XMP chunks after the image data."""
    return encoded(image or picture(), "WEBP", exif=exif(), xmp=xmp_packet(), **options)


def large_webp(*, text: bool = True) -> bytes:
    """A WebP over 1 MiB whose EXIF (with GPS) comes after the image data."""
    data = encoded(noise((640, 640)), "WEBP", lossless=True, method=0, exif=exif(text=text))
    assert len(data) > 1 << 20 and data.rfind(b"EXIF") > 1 << 20
    return data


# GIF -------------------------------------------------------------------------------------


def full_gif(image: Image.Image | None = None) -> bytes:
    """A GIF with a comment and an XMP application extension."""
    photo = encoded(image or picture(), "GIF", comment=PLANTED["gif"].encode())
    packet = xmp_packet(gps=True)
    magic = bytes([1, *range(255, -1, -1), 0])  # XMP's "magic trailer" ends the sub-blocks
    extension = b"\x21\xff\x0bXMP DataXMP" + packet + magic
    return photo[:-1] + extension + photo[-1:]


# AVIF ------------------------------------------------------------------------------------


def avif_with_exif() -> bytes:
    return encoded(picture(), "AVIF", exif=exif())
