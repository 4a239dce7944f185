"""What a photo's metadata blocks say: EXIF (TIFF), XMP and IPTC.

A phone or a photo editor writes into the file where a photo was taken, who took it, a caption
and comments. None of it shows on the page, but anyone who downloads the file can read it. The
checker reads every block (:mod:`kairos.core.photo_metadata` finds them in the file) for a GPS
position and for text, which it scans like the story's own free text; the audit reads the same
text. Only what is needed for that is decoded: the text tags and the GPS position.
"""

from __future__ import annotations

import html
import re
import struct
from contextlib import suppress
from dataclasses import dataclass, field


class DamagedPhoto(ValueError):
    """A photo file whose structure cannot be followed; the message says where it breaks."""


@dataclass(frozen=True)
class MetadataText:
    """One text value in a photo's metadata, with the field it sits in (``EXIF Artist``)."""

    field: str
    text: str


#: Bytes per value of each TIFF field type.
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
#: TIFF tags that hold text written by people or their devices (dates and numbers are left out).
_TEXT_TAGS = {
    0x010D: "DocumentName", 0x010E: "ImageDescription", 0x010F: "Make", 0x0110: "Model",
    0x011D: "PageName", 0x0131: "Software", 0x013B: "Artist", 0x013C: "HostComputer",
    0x8298: "Copyright", 0x9286: "UserComment", 0x9C9B: "XPTitle", 0x9C9C: "XPComment",
    0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject", 0xA430: "CameraOwnerName",
    0x001B: "GPSProcessingMethod", 0x001C: "GPSAreaInformation",
}  # fmt: skip
_EXIF_IFD, _GPS_IFD, _ORIENTATION = 0x8769, 0x8825, 0x0112
#: GPS latitude and longitude, of the camera and of the photographed place.
_GPS_POSITION = frozenset({0x0002, 0x0004, 0x0014, 0x0016})
#: IPTC-IIM application record (2) datasets that hold text; others (dates, codes) are left out.
_IPTC_NAMES = {
    5: "ObjectName", 15: "Category", 20: "SupplementalCategory", 25: "Keywords",
    40: "SpecialInstructions", 80: "By-line", 85: "By-lineTitle", 90: "City",
    92: "Sub-location", 95: "Province-State", 100: "CountryCode", 101: "Country",
    103: "OriginalTransmissionReference", 105: "Headline", 110: "Credit", 115: "Source",
    116: "CopyrightNotice", 118: "Contact", 120: "Caption-Abstract", 122: "Writer-Editor",
}  # fmt: skip
_XMP_NOISE = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL)
_XMP_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_XMP_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[\w.:-]+)(?P<attributes>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)"
    r"(?P<empty>/?)>|(?P<text>[^<]+)"
)
_XMP_ATTRIBUTE = re.compile(r"(?P<name>[\w.:-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
#: A GPS position in XMP, whatever the namespace prefix (exif:GPSLatitude, drone-dji:GpsLatitude).
_XMP_POSITION = re.compile(rb"(?:[\w-]+:)?gps\w{0,16}?(?:latitude|longitude)", re.IGNORECASE)
#: XMP properties that are identifiers of the file or dates, not words.
_XMP_SKIPPED = re.compile(
    r"^(?:xmlns\b.*|rdf:.*|xml:.*|x:.*|xmpMM:.*|stEvt:.*|stRef:.*|.*(?:Date|ID))$"
    r"|(?i:.*gps.*(?:latitude|longitude).*)"  # the position, reported as such
)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@dataclass
class PhotoTags:
    """Where a photo's metadata records a position, the text it holds, its orientation, and
    the photo without it."""

    #: Where a GPS position was found (``EXIF GPS``, ``XMP exif:GPSLatitude``).
    location: list[str] = field(default_factory=list)
    texts: list[MetadataText] = field(default_factory=list)
    #: The EXIF orientation (1 = as stored) of the first EXIF block, kept in the cleaned copy.
    orientation: int = 1
    read_any_exif: bool = False
    #: The file as published: the same image, no metadata but colour profile and rotation.
    cleaned: bytes = b""

    def rotation(self) -> bytes | None:
        """The TIFF block a cleaned copy keeps: the Orientation tag alone, where it rotates."""
        if not 2 <= self.orientation <= 8:
            return None
        entry = struct.pack(">HHIHH", _ORIENTATION, 3, 1, self.orientation, 0)
        return b"MM\x00*\x00\x00\x00\x08\x00\x01" + entry + b"\x00\x00\x00\x00"

    def add_location(self, where: str) -> None:
        if where not in self.location:
            self.location.append(where)

    def add_text(self, name: str, text: str) -> None:
        text = " ".join(text.replace("\x00", " ").split())
        if text and MetadataText(name, text) not in self.texts:
            self.texts.append(MetadataText(name, text))

    # EXIF ----------------------------------------------------------------------------------

    def read_exif(self, block: bytes) -> None:
        """Read a TIFF block (with or without the ``Exif\\0\\0`` of JPEG's APP1)."""
        tiff = block[6:] if block[:4] == b"Exif" else block
        if len(tiff) < 8 or tiff[:4] not in (b"II*\x00", b"MM\x00*"):
            raise DamagedPhoto("its EXIF block does not start with a TIFF header")
        order = "<" if tiff[:2] == b"II" else ">"
        first = not self.read_any_exif  # a later block (a preview image's) does not turn it
        self.read_any_exif = True
        seen: set[int] = set()
        (offset,) = struct.unpack_from(f"{order}I", tiff, 4)
        directories = [(offset, "main")]
        while directories:
            offset, kind = directories.pop()
            if offset == 0 or offset in seen:
                continue
            seen.add(offset)
            if offset + 2 > len(tiff):
                raise DamagedPhoto("its EXIF block is cut short")
            (entries,) = struct.unpack_from(f"{order}H", tiff, offset)
            end = offset + 2 + 12 * entries
            if end > len(tiff):
                raise DamagedPhoto("its EXIF block is cut short")
            for entry in range(offset + 2, end, 12):
                tag, kind_code, count = struct.unpack_from(f"{order}HHI", tiff, entry)
                size = _TYPE_SIZES.get(kind_code, 1) * count
                value_at = entry + 8
                if size > 4:
                    (value_at,) = struct.unpack_from(f"{order}I", tiff, entry + 8)
                if value_at + size > len(tiff):
                    if tag in _TEXT_TAGS or tag in (_EXIF_IFD, _GPS_IFD):
                        raise DamagedPhoto("its EXIF block is cut short")
                    continue
                if kind == "gps":
                    if tag in _GPS_POSITION:
                        self.add_location("EXIF")
                elif tag in (_EXIF_IFD, _GPS_IFD) and kind_code in (4, 13):
                    (pointer,) = struct.unpack_from(f"{order}I", tiff, value_at)
                    directories.append((pointer, "gps" if tag == _GPS_IFD else "exif"))
                    continue
                elif tag == _ORIENTATION and kind == "main" and kind_code == 3 and first:
                    (self.orientation,) = struct.unpack_from(f"{order}H", tiff, value_at)
                if tag in _TEXT_TAGS and kind_code in (1, 2, 7):
                    raw = tiff[value_at : value_at + count]
                    self.add_text(f"EXIF {_TEXT_TAGS[tag]}", _tiff_text(tag, raw, order))
            if kind == "main" and end + 4 <= len(tiff):  # IFD1, the thumbnail's, follows IFD0
                (following,) = struct.unpack_from(f"{order}I", tiff, end)
                directories.append((following, "thumbnail"))

    # XMP -----------------------------------------------------------------------------------

    def read_xmp(self, packet: bytes) -> None:
        """Read an XMP packet: every property value is text, except identifiers and dates."""
        position = _XMP_POSITION.search(packet)
        if position is not None:
            self.add_location(f"XMP {position[0].decode('ascii')}")
        text = _decode(packet)
        text = _XMP_CDATA.sub(lambda m: html.escape(m[1]), _XMP_NOISE.sub("", text))
        open_names: list[str] = []
        for token in _XMP_TOKEN.finditer(text):
            if token["text"] is not None:
                owner = next((n for n in reversed(open_names) if not n.startswith("rdf:")), "")
                if token["text"].strip() and owner and not _XMP_SKIPPED.match(owner):
                    self.add_text(f"XMP {owner}", html.unescape(token["text"]))
                continue
            name = token["name"]
            if token["close"]:
                if name in open_names:
                    del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
                continue
            for attribute in _XMP_ATTRIBUTE.finditer(token["attributes"]):
                key = attribute["name"]
                if not _XMP_SKIPPED.match(key):
                    value = attribute["dq"] if attribute["dq"] is not None else attribute["sq"]
                    self.add_text(f"XMP {key}", html.unescape(value))
            if not token["empty"]:
                open_names.append(name)

    # IPTC and Photoshop --------------------------------------------------------------------

    def read_iptc(self, data: bytes) -> None:
        """Read IPTC-IIM records (0x1C, record, dataset, length, value)."""
        position = 0
        while position + 5 <= len(data) and data[position] == 0x1C:
            record, dataset, length = struct.unpack_from(">BBH", data, position + 1)
            if length & 0x8000 or position + 5 + length > len(data):
                raise DamagedPhoto("its IPTC block is cut short")
            if record == 2 and dataset in _IPTC_NAMES:
                value = _decode(data[position + 5 : position + 5 + length])
                self.add_text(f"IPTC {_IPTC_NAMES[dataset]}", value)
            position += 5 + length

    def read_photoshop(self, data: bytes) -> None:
        """Read Photoshop's image resources (JPEG APP13): IPTC, EXIF and XMP are read."""
        position = data.find(b"8BIM")
        while data.startswith(b"8BIM", position) and position + 8 <= len(data):
            (resource,) = struct.unpack_from(">H", data, position + 4)
            name_length = data[position + 6]
            size_at = position + 6 + name_length + 1 + ((name_length + 1) & 1)
            if size_at + 4 > len(data):
                raise DamagedPhoto("its Photoshop block is cut short")
            (size,) = struct.unpack_from(">I", data, size_at)
            body = data[size_at + 4 : size_at + 4 + size]
            if len(body) < size:
                raise DamagedPhoto("its Photoshop block is cut short")
            if resource == 0x0404:
                self.read_iptc(body)
            elif resource in (0x0422, 0x0423):
                self.read_exif(body)
            elif resource == 0x0424:
                self.read_xmp(body)
            position = size_at + 4 + size + (size & 1)

    # Anywhere ------------------------------------------------------------------------------

    def read_loose(self, data: bytes) -> None:
        """Read every EXIF block and XMP packet found anywhere in ``data`` (data after a
        photo's end, a container this module cannot follow); damaged ones are skipped."""
        for match in re.finditer(rb"Exif\x00[\x00\xff](?=II\*\x00|MM\x00\*)", data):
            with suppress(DamagedPhoto, struct.error):
                self.read_exif(data[match.end() :])
        for match in re.finditer(rb"<x:xmpmeta\b.*?(?:</x:xmpmeta>|\Z)", data, re.DOTALL):
            self.read_xmp(match[0])


def _tiff_text(tag: int, raw: bytes, order: str) -> str:
    """The text of an ASCII, BYTE or UNDEFINED tag, decoded as its tag is written."""
    if 0x9C9B <= tag <= 0x9C9F:  # Windows' XP tags: UTF-16 little-endian
        return raw.decode("utf-16-le", "replace")
    if tag == 0x9286:  # UserComment: an 8-byte character code, then the text
        code, text = raw[:8], raw[8:]
        if code.startswith(b"UNICODE"):
            return text.decode("utf-16-le" if order == "<" else "utf-16-be", "replace")
        if code.startswith(b"JIS"):
            return text.decode("shift_jis", "replace")
        return _decode(text)
    return _decode(raw.split(b"\x00", 1)[0])
