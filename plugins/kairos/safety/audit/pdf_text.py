"""The text of a PDF file, read with the standard library only (zlib for Flate streams).

Every stream is decoded (no filter, ``FlateDecode``, ``ASCIIHexDecode``, ``ASCII85Decode``, or
a chain of them). Images (``/Subtype /Image``) and embedded fonts (``/Length1``) are left out;
XML streams (XMP metadata) are read as they are; any other stream is a content or object
stream, whose string operands are its text: literal ``(...)`` strings with their escapes and
hex ``<...>`` strings, UTF-16 when they start with a byte order mark. Strings outside streams
(the document information: title, author) are read too.

Fonts in the ``Identity-H`` encoding (Typst's teaching packs, most modern PDF writers) show
glyph numbers, not characters: their text is read through each font's ``/ToUnicode`` map,
following each page's (and form's) font resources to the font each string is shown in.

A PDF whose text cannot be read this way raises :class:`UnreadablePdf` with the reason: it is
encrypted, a stream uses another filter (LZW, run-length), or an ``Identity-H`` font has no
``/ToUnicode`` map, or sits in a compressed object stream.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable

_STREAM = re.compile(rb"stream\r?\n")
_END_STREAM = re.compile(rb"\r?\n?endstream")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LITERAL = rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"
_HEX = rb"<[0-9A-Fa-f\s]*>"
#: A TJ array: strings with kerning between them, shown as one piece of text.
_TJ_ARRAY = re.compile(
    rb"\[((?:" + _LITERAL + rb"|" + _HEX + rb"|[^\[\]()<])*)\]\s*TJ|" + _LITERAL + rb"|" + _HEX,
    re.DOTALL,
)
_TJ_PART = re.compile(_LITERAL + rb"|" + _HEX + rb"|-?[0-9]*\.?[0-9]+", re.DOTALL)
#: A kerning of more than this (thousandths of an em, negative: to the right) is a space.
_SPACE_KERNING = -200
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b" ", b"f": b" "}
#: In a string of glyph numbers every escape is the byte it stands for.
_GLYPH_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_OCTAL = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_IMAGE_OR_FONT = re.compile(
    rb"/Subtype\s*/Image|/Length1|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)"
)
#: How XML streams (XMP metadata), read as they are, start.
_XML_STARTS = (b"<?xpacket", b"<x:xmpmeta", b"<?xml")
#: How large a decoded stream may grow (a compression bomb is unreadable, not read).
MAX_STREAM_BYTES = 64 << 20


class UnreadablePdf(ValueError):
    """Why the text of a PDF cannot be read."""


def _literal(raw: bytes, escapes: dict[bytes, bytes] = _ESCAPES) -> bytes:
    def escape(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return escapes.get(code, b"" if code in b"\r\n" else code)

    return _OCTAL.sub(escape, raw[1:-1])


def _decode_string(data: bytes) -> str:
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


def _string(token: bytes, decode: Callable[[bytes], str] = _decode_string) -> str:
    if token.startswith(b"("):
        return decode(_literal(token, _ESCAPES if decode is _decode_string else _GLYPH_ESCAPES))
    return decode(_hex_bytes(token[1:-1]))


def _tj_text(array: bytes, decode: Callable[[bytes], str] = _decode_string) -> str:
    parts = []
    for match in _TJ_PART.finditer(array):
        token = match.group()
        if token.startswith((b"(", b"<")):
            parts.append(_string(token, decode))
        elif float(token) < _SPACE_KERNING:
            parts.append(" ")
    return "".join(parts)


def _strings(data: bytes) -> list[str]:
    """The strings of a content stream in order; a TJ array's as one."""
    return [
        _tj_text(match.group(1)) if match.group(1) is not None else _string(match.group())
        for match in _TJ_ARRAY.finditer(data)
    ]


def _decode(data: bytes, filters: list[bytes]) -> bytes:
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            inflater = zlib.decompressobj()
            data = inflater.decompress(data, MAX_STREAM_BYTES)
            if inflater.unconsumed_tail:
                raise UnreadablePdf("a compressed stream is too large")
        elif name in (b"ASCIIHexDecode", b"AHx"):
            data = _hex_bytes(data.split(b">")[0])
        elif name in (b"ASCII85Decode", b"A85"):
            data = base64.a85decode(data.split(b"~>")[0].strip(), adobe=False)
        else:
            raise UnreadablePdf(f"a stream uses the {name.decode()} filter")
    return data


def pdf_text(data: bytes) -> str:
    """The readable text of a PDF, one string per line (see the module docstring)."""
    if re.search(rb"/Encrypt\b", data):
        raise UnreadablePdf("it is encrypted")
    if b"/Identity-H" in data or b"/Identity-V" in data:
        return "\n".join(_identity_text(data))
    texts: list[str] = []
    outside: list[bytes] = []
    position = 0
    while (start := _STREAM.search(data, position)) is not None:
        end = _END_STREAM.search(data, start.end())
        if end is None:
            break
        header = data[max(position, data.rfind(b"<<", 0, start.start())) : start.start()]
        outside.append(data[position : start.start()])
        position = end.end()
        if _IMAGE_OR_FONT.search(header):
            continue
        decoded = _stream_of((header, data[start.end() : end.start()]))
        if decoded.lstrip().startswith(_XML_STARTS):
            texts.append(decoded.decode("utf-8", "replace"))
        else:
            texts += _strings(decoded)
    outside.append(data[position:])
    texts += _strings(b"".join(outside))
    return "\n".join(texts)


# Fonts in the Identity-H encoding: each string is 2-byte glyph numbers, read through the
# font's /ToUnicode map. A font is named in a content stream (/f0 10 Tf) by its page's or
# form's resources, so the same name may mean another font on another page.

_OBJECT = re.compile(rb"(\d+)\s+0\s+obj\b")
_FONT_RESOURCES = re.compile(rb"/Font\s*<<(.*?)>>", re.DOTALL)
_NAMED_REFERENCE = re.compile(rb"/([^\s/<>\[\]()]+)\s*(\d+)\s+0\s+R")
_REFERENCE = re.compile(rb"(\d+)\s+0\s+R")
_TO_UNICODE = re.compile(rb"/ToUnicode\s*(\d+)\s+0\s+R")
_RESOURCES = re.compile(rb"/Resources\s*(\d+)\s+0\s+R")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)")
_CMAP_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")
#: A font chosen (``/f0 10 Tf``), then what _TJ_ARRAY matches.
_SHOWN = re.compile(rb"/([^\s/<>\[\]()]+)\s+-?[0-9.]+\s+Tf|" + _TJ_ARRAY.pattern, re.DOTALL)

_PdfObject = tuple[bytes, bytes | None]  # (dictionary, stream as stored)


def _objects(data: bytes) -> dict[int, _PdfObject]:
    """Every ``N 0 obj`` of the file: its dictionary, and its stream when it has one."""
    objects: dict[int, _PdfObject] = {}
    position = 0
    while (found := _OBJECT.search(data, position)) is not None:
        end_object = data.find(b"endobj", found.end())
        stream = _STREAM.search(data, found.end())
        if stream is not None and (end_object < 0 or stream.start() < end_object):
            end = _END_STREAM.search(data, stream.end())
            if end is None:
                break
            objects[int(found.group(1))] = (
                data[found.end() : stream.start()],
                data[stream.end() : end.start()],
            )
            position = end.end()
        elif end_object < 0:
            break
        else:
            objects[int(found.group(1))] = (data[found.end() : end_object], None)
            position = end_object + len(b"endobj")
    return objects


def _stream_of(pdf_object: _PdfObject) -> bytes:
    head, stream = pdf_object
    found = _FILTER.search(head)
    try:
        return _decode(stream or b"", _NAME.findall(found.group(1)) if found else [])
    except (zlib.error, ValueError) as error:
        if isinstance(error, UnreadablePdf):
            raise
        raise UnreadablePdf("a stream cannot be decompressed") from None


def _hex_bytes(digits: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", digits)
    return bytes.fromhex((digits + b"0"[: len(digits) % 2]).decode())


def _to_unicode(cmap: bytes) -> dict[bytes, str]:
    """A /ToUnicode CMap's mapping from glyph codes to text."""
    mapping: dict[bytes, str] = {}
    for kind, block in _CMAP_BLOCK.findall(cmap):
        tokens = [t.group(1) if t.group(1) is not None else t.group() for t in
                  _CMAP_TOKEN.finditer(block)]  # fmt: skip
        index = 0
        while index < len(tokens):
            if kind == b"bfchar" and index + 1 < len(tokens):
                mapping[_hex_bytes(tokens[index])] = _hex_bytes(tokens[index + 1]).decode(
                    "utf-16-be", "replace"
                )
                index += 2
            elif kind == b"bfrange" and index + 2 < len(tokens):
                low, high = _hex_bytes(tokens[index]), _hex_bytes(tokens[index + 1])
                start, width = int.from_bytes(low, "big"), len(low)
                count = int.from_bytes(high, "big") - start + 1
                index += 2
                if tokens[index] == b"[":
                    index += 1
                    for offset in range(count):
                        if tokens[index] == b"]":
                            break
                        code = (start + offset).to_bytes(width, "big")
                        mapping[code] = _hex_bytes(tokens[index]).decode("utf-16-be", "replace")
                        index += 1
                    index += 1
                else:
                    first = _hex_bytes(tokens[index])
                    base = int.from_bytes(first, "big")
                    for offset in range(min(count, 0x10000)):
                        code = (start + offset).to_bytes(width, "big")
                        text = (base + offset).to_bytes(len(first), "big")
                        mapping[code] = text.decode("utf-16-be", "replace")
                    index += 1
            else:
                break
    return mapping


def _glyph_decoder(mapping: dict[bytes, str] | None) -> Callable[[bytes], str]:
    if mapping is None:
        return _decode_string

    def decode(codes: bytes) -> str:
        return "".join(mapping.get(codes[i : i + 2], "") for i in range(0, len(codes), 2))

    return decode


def _shown_text(content: bytes, fonts: dict[bytes, dict[bytes, str] | None]) -> list[str]:
    """The strings of a content stream, each read in the font it is shown in."""
    texts: list[str] = []
    decode: Callable[[bytes], str] = _decode_string
    for match in _SHOWN.finditer(content):
        if match.group(1) is not None:
            decode = _glyph_decoder(fonts.get(match.group(1)))
        elif match.group(2) is not None:
            texts.append(_tj_text(match.group(2), decode))
        else:
            texts.append(_string(match.group(), decode))
    return texts


def _identity_text(data: bytes) -> list[str]:
    """The text of a PDF whose fonts use the Identity-H encoding."""
    if b"/ObjStm" in data:
        raise UnreadablePdf("its Identity-H fonts are in a compressed object stream")
    objects = _objects(data)
    cmaps: dict[int, dict[bytes, str] | None] = {}
    for number, (head, _stream) in objects.items():
        if b"/Identity-H" in head or b"/Identity-V" in head:
            found = _TO_UNICODE.search(head)
            if found is None or int(found.group(1)) not in objects:
                raise UnreadablePdf("a font uses the Identity-H encoding without a text map")
            cmaps[number] = _to_unicode(_stream_of(objects[int(found.group(1))]))
    texts: list[str] = []
    for head, stream in objects.values():
        resources = head
        if (found := _RESOURCES.search(head)) is not None:
            resources = objects.get(int(found.group(1)), (b"", None))[0]
        fonts: dict[bytes, dict[bytes, str] | None] = {}
        for block in _FONT_RESOURCES.findall(resources):
            for name, number in _NAMED_REFERENCE.findall(block):
                fonts[name] = cmaps.get(int(number))
        contents = _CONTENTS.search(head)
        if contents is not None and stream is None:  # a page
            for number in _REFERENCE.findall(contents.group(1)):
                if int(number) in objects:
                    texts += _shown_text(_stream_of(objects[int(number)]), fonts)
        elif stream is not None and re.search(rb"/Subtype\s*/Form", head):
            texts += _shown_text(_stream_of((head, stream)), fonts)
        elif stream is not None and not _IMAGE_OR_FONT.search(head):
            decoded = _stream_of((head, stream))
            if decoded.lstrip().startswith(_XML_STARTS):
                texts.append(decoded.decode("utf-8", "replace"))
        elif stream is None:
            texts += _strings(head)  # the document information: title, author
    return texts
