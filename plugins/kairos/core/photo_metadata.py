"""A photo's metadata, read over the whole file, and the cleaned copy the site publishes.

A JPEG, PNG, GIF or WebP file is followed block by block to its end: each block of metadata
(EXIF, XMP, IPTC, text chunks, comments) is read (see :mod:`kairos.core.photo_tags`) and left
out of the copy; everything the browser needs to draw the image (the image data, the colour
profile) is kept byte for byte, so the picture is unchanged. Of the EXIF only a rotation is
kept, as a new block holding the Orientation tag alone, so that a phone photo stays upright.
Data after the image's end is read and dropped. A file whose blocks do not add up raises
:class:`~kairos.core.photo_tags.DamagedPhoto`: it cannot be cleaned, so it is not published.
"""

from __future__ import annotations

import re
import struct
import zlib

from kairos.core.photo_tags import DamagedPhoto, PhotoTags

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: PNG chunks that draw the image (critical, colour, transparency, animation); others go.
_PNG_KEPT = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
     b"cICP", b"mDCV", b"cLLI", b"bKGD", b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
)  # fmt: skip
#: WebP chunks that draw the image; EXIF, XMP and unknown chunks go.
_WEBP_KEPT = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04
#: A marker after compressed image data: 0xFF, not as a stuffed 0xFF00 nor a restart marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\x00"
_EXTENDED_XMP_APP1 = b"http://ns.adobe.com/xmp/extension/\x00"
#: How much a compressed PNG text chunk may expand to before it is read no further.
_MAX_TEXT_BYTES = 4 << 20


def read_photo(data: bytes) -> PhotoTags:
    """Read and clean a JPEG, PNG, GIF or WebP file (the copy in the tags' ``cleaned``);
    :class:`DamagedPhoto` for anything else."""
    if data.startswith(b"\xff\xd8"):
        clean = _clean_jpeg
    elif data.startswith(_PNG_SIGNATURE):
        clean = _clean_png
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        clean = _clean_webp
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        clean = _clean_gif
    else:
        raise DamagedPhoto("it is not a JPEG, PNG, GIF or WebP image")
    tags = PhotoTags()
    try:
        tags.cleaned = clean(data, tags)
    except struct.error as error:
        raise DamagedPhoto("it is cut short") from error
    return tags


def metadata_text(data: bytes) -> str | None:
    """The text in an image file's metadata, one value a line, for the output audit; None
    where there is none. A file that cannot be followed is searched for EXIF and XMP blocks."""
    try:
        tags = read_photo(data)
    except DamagedPhoto:
        tags = PhotoTags()
        tags.read_loose(data)
    return "\n".join(t.text for t in tags.texts) or None


# JPEG ------------------------------------------------------------------------------------


def _jpeg_kept(marker: int, payload: bytes) -> bool:
    """JFIF header, ICC colour profile, Adobe colour transform and every non-APPn segment."""
    start = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}.get(marker)
    if start is not None:
        return payload.startswith(start)
    return not (0xE0 <= marker <= 0xEF or marker == 0xFE)


def _clean_jpeg(data: bytes, tags: PhotoTags) -> bytes:
    kept: list[bytes] = []
    extended_xmp: list[bytes] = []
    position = 2
    while True:
        if position + 2 > len(data):
            raise DamagedPhoto("it ends before its end marker")
        if data[position] != 0xFF:
            raise DamagedPhoto(f"byte {position} should start a segment and does not")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            tags.read_loose(data[position + 2 :])
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            kept.append(data[position : position + 2])
            position += 2
            continue
        (length,) = struct.unpack_from(">H", data, position + 2)
        end = position + 2 + length
        if length < 2 or end > len(data):
            raise DamagedPhoto(f"a segment at byte {position} runs past the end of the file")
        payload = data[position + 4 : end]
        if _jpeg_kept(marker, payload):
            kept.append(data[position:end])
        elif marker == 0xE1 and payload[:4] == b"Exif":
            tags.read_exif(payload)
        elif marker == 0xE1 and payload.startswith(_XMP_APP1):
            tags.read_xmp(payload[len(_XMP_APP1) :])
        elif marker == 0xE1 and payload.startswith(_EXTENDED_XMP_APP1):
            extended_xmp.append(payload[len(_EXTENDED_XMP_APP1) + 40 :])  # GUID, length, offset
        elif marker == 0xED:
            tags.read_photoshop(payload)
        elif marker == 0xFE:
            tags.add_text("JPEG comment", payload.decode("utf-8", "replace"))
        else:
            tags.read_loose(payload)
        position = end
        if marker == 0xDA:  # the compressed image data follows, up to the next marker
            image_end = _NEXT_MARKER.search(data, position)
            if image_end is None:
                raise DamagedPhoto("its image data is cut short")
            kept.append(data[position : image_end.start()])
            position = image_end.start()
    if extended_xmp:
        tags.read_xmp(b"".join(extended_xmp))
    rotation = tags.rotation()
    if rotation is not None:
        app1 = b"Exif\x00\x00" + rotation
        segment = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
        at = 1 if kept and kept[0][:2] == b"\xff\xe0" else 0  # JFIF's header stays first
        kept.insert(at, segment)
    return b"\xff\xd8" + b"".join(kept) + b"\xff\xd9"


# PNG -------------------------------------------------------------------------------------


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _MAX_TEXT_BYTES)
    except zlib.error as error:
        raise DamagedPhoto("a compressed text chunk is damaged") from error


def _read_png_text(kind: bytes, body: bytes, tags: PhotoTags) -> None:
    keyword, _, rest = body.partition(b"\x00")
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        text = rest
    elif kind == b"zTXt":
        text = _inflate(rest[1:])
    else:  # iTXt: compression flag and method, language, translated keyword, text
        compressed = rest[:1] == b"\x01"
        _, _, rest = rest[2:].partition(b"\x00")
        translated, _, text = rest.partition(b"\x00")
        if translated:
            tags.add_text(f"PNG {kind.decode()} {name}", translated.decode("utf-8", "replace"))
        text = _inflate(text) if compressed else text
    if name == "XML:com.adobe.xmp":
        tags.read_xmp(text)
    elif name.startswith("Raw profile type"):  # ImageMagick: hexadecimal EXIF, XMP or IPTC
        try:
            raw = bytes.fromhex("".join(text.decode("latin-1").split("\n")[3:]).replace(" ", ""))
        except ValueError as error:  # not hexadecimal
            raise DamagedPhoto(f"its {kind.decode()} chunk is damaged") from error
        tags.read_loose(raw)
        if name.endswith(("iptc", "8bim")):
            tags.read_photoshop(raw)
    else:
        encoding = "latin-1" if kind != b"iTXt" else "utf-8"
        tags.add_text(f"PNG {kind.decode()} {name}", text.decode(encoding, "replace"))


def _clean_png(data: bytes, tags: PhotoTags) -> bytes:
    chunks: list[bytes] = []
    position = len(_PNG_SIGNATURE)
    while position < len(data):
        if position + 8 > len(data):
            raise DamagedPhoto(f"a chunk at byte {position} is cut short")
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            raise DamagedPhoto(f"a chunk at byte {position} runs past the end of the file")
        body = data[position + 8 : position + 8 + length]
        if kind in _PNG_KEPT:
            chunks.append(data[position:end])
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            _read_png_text(kind, body, tags)
        elif kind == b"eXIf":
            tags.read_exif(body)
        else:
            tags.read_loose(body)
        position = end
        if kind == b"IEND":
            tags.read_loose(data[position:])
            break
    else:
        raise DamagedPhoto("it ends before its IEND chunk")
    rotation = tags.rotation()
    if rotation is not None:
        at = next((i for i, chunk in enumerate(chunks) if chunk[4:8] == b"IDAT"), len(chunks))
        crc = struct.pack(">I", zlib.crc32(b"eXIf" + rotation))
        chunks.insert(at, struct.pack(">I", len(rotation)) + b"eXIf" + rotation + crc)
    return _PNG_SIGNATURE + b"".join(chunks)


# WebP ------------------------------------------------------------------------------------


def _clean_webp(data: bytes, tags: PhotoTags) -> bytes:
    (size,) = struct.unpack_from("<I", data, 4)
    end = 8 + size
    if end > len(data) or size < 4:
        raise DamagedPhoto("it is shorter than its header says")
    chunks: list[bytes] = []
    position = 12
    while position < end:
        if position + 8 > end:
            raise DamagedPhoto(f"a chunk at byte {position} is cut short")
        kind, length = struct.unpack_from("<4sI", data, position)
        stop = position + 8 + length + (length & 1)
        if stop > end:
            raise DamagedPhoto(f"a chunk at byte {position} runs past the end of the file")
        body = data[position + 8 : position + 8 + length]
        if kind == b"VP8X" and length >= 1:
            flags = body[0] & ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF
            chunks.append(
                data[position : position + 8] + bytes([flags]) + data[position + 9 : stop]
            )
        elif kind in _WEBP_KEPT:
            chunks.append(data[position:stop])
        elif kind == b"EXIF":
            tags.read_exif(body)
        elif kind == b"XMP ":
            tags.read_xmp(body)
        else:
            tags.read_loose(body)
        position = stop
    tags.read_loose(data[end:])
    rotation = tags.rotation()
    if rotation is not None and chunks and chunks[0][:4] == b"VP8X":
        chunks[0] = chunks[0][:8] + bytes([chunks[0][8] | _VP8X_EXIF]) + chunks[0][9:]
        padding = b"\x00" * (len(rotation) & 1)
        chunks.append(struct.pack("<4sI", b"EXIF", len(rotation)) + rotation + padding)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# GIF -------------------------------------------------------------------------------------


def _sub_blocks(data: bytes, position: int) -> tuple[bytes, int]:
    """The data of the sub-blocks starting at ``position``, and where they end."""
    pieces: list[bytes] = []
    while position < len(data) and 0 < (length := data[position]) < len(data) - position:
        pieces.append(data[position + 1 : position + 1 + length])
        position += 1 + length
    if position >= len(data) or data[position]:  # no terminating empty block, or a block cut
        raise DamagedPhoto("it ends inside a block")
    return b"".join(pieces), position + 1


def _clean_gif(data: bytes, tags: PhotoTags) -> bytes:
    if len(data) < 13:
        raise DamagedPhoto("it is cut short")
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    kept = [data[:position]]
    while True:
        if position >= len(data):
            raise DamagedPhoto("it ends before its trailer")
        introducer = data[position]
        if introducer == 0x3B:
            kept.append(b"\x3b")
            tags.read_loose(data[position + 1 :])
            break
        if introducer == 0x2C:  # an image: descriptor, colour table, LZW code size, data
            if position + 10 > len(data):
                raise DamagedPhoto("it ends inside an image")
            local, start = data[position + 9], position
            table = 3 << ((local & 7) + 1) if local & 0x80 else 0
            _, position = _sub_blocks(data, position + 11 + table)
            kept.append(data[start:position])
        elif introducer == 0x21 and position + 2 <= len(data):
            label, start = data[position + 1], position
            content, position = _sub_blocks(data, position + 2)
            identifier = data[start + 3 : start + 14] if label == 0xFF else b""
            if label == 0xF9 or identifier in (b"NETSCAPE2.0", b"ANIMEXTS1.0"):
                kept.append(data[start:position])
            elif label == 0xFE:
                tags.add_text("GIF comment", content.decode("utf-8", "replace"))
            elif label == 0x01:
                tags.add_text("GIF plain text", content[12:].decode("latin-1"))
            elif identifier == b"XMP DataXMP":
                tags.read_xmp(data[start + 14 : position])  # raw, not in sub-blocks
            else:
                tags.read_loose(content)
        else:
            raise DamagedPhoto(f"byte {position} should start a block and does not")
    return b"".join(kept)
