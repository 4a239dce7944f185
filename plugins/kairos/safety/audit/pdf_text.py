"""The text of a PDF file, read with the standard library only (zlib for Flate streams).

Every stream is decoded (no filter, ``FlateDecode``, ``ASCIIHexDecode``, ``ASCII85Decode``, or
a chain of them). Images (``/Subtype /Image``) and embedded fonts (``/Length1``) are left out;
XML streams (XMP metadata) are read as they are; any other stream is a content or object
stream, whose string operands are its text: literal ``(...)`` strings with their escapes and
hex ``<...>`` strings, UTF-16 when they start with a byte order mark. Strings outside streams
(the document information: title, author) are read too.

A PDF whose text cannot be read this way raises :class:`UnreadablePdf` with the reason: it is
encrypted, a stream uses another filter (LZW, run-length), or its fonts use the
``Identity-H`` encoding (glyph numbers, not characters).
"""

from __future__ import annotations

import base64
import re
import zlib

__all__ = ["UnreadablePdf", "pdf_text"]

_STREAM = re.compile(rb"stream\r?\n")
_END_STREAM = re.compile(rb"\r?\n?endstream")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LITERAL = rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"
_HEX = rb"<[0-9A-Fa-f\s]*>"
_STRING_OR_HEX = re.compile(_LITERAL + rb"|" + _HEX, re.DOTALL)
#: A TJ array: strings with kerning between them, shown as one piece of text.
_TJ_ARRAY = re.compile(
    rb"\[((?:" + _LITERAL + rb"|" + _HEX + rb"|[^\[\]()<])*)\]\s*TJ|" + _LITERAL + rb"|" + _HEX,
    re.DOTALL,
)
_TJ_PART = re.compile(_LITERAL + rb"|" + _HEX + rb"|-?[0-9]*\.?[0-9]+", re.DOTALL)
#: A kerning of more than this (thousandths of an em, negative: to the right) is a space.
_SPACE_KERNING = -200
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b" ", b"f": b" "}
_OCTAL = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_IMAGE_OR_FONT = re.compile(
    rb"/Subtype\s*/Image|/Length1|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)"
)
#: How large a decoded stream may grow (a compression bomb is unreadable, not read).
MAX_STREAM_BYTES = 64 << 20


class UnreadablePdf(ValueError):
    """Why the text of a PDF cannot be read."""


def _literal(raw: bytes) -> bytes:
    def escape(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, b"" if code in b"\r\n" else code)

    return _OCTAL.sub(escape, raw[1:-1])


def _decode_string(data: bytes) -> str:
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


def _string(token: bytes) -> str:
    if token.startswith(b"("):
        return _decode_string(_literal(token))
    digits = re.sub(rb"\s", b"", token[1:-1])
    return _decode_string(bytes.fromhex((digits + b"0"[: len(digits) % 2]).decode()))


def _tj_text(array: bytes) -> str:
    parts = []
    for match in _TJ_PART.finditer(array):
        token = match.group()
        if token.startswith((b"(", b"<")):
            parts.append(_string(token))
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
            digits = re.sub(rb"\s", b"", data.split(b">")[0])
            data = bytes.fromhex((digits + b"0"[: len(digits) % 2]).decode())
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
        raise UnreadablePdf("its fonts use the Identity-H encoding")
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
        found = _FILTER.search(header)
        filters = _NAME.findall(found.group(1)) if found else []
        try:
            decoded = _decode(data[start.end() : end.start()], filters)
        except (zlib.error, ValueError) as error:
            if isinstance(error, UnreadablePdf):
                raise
            raise UnreadablePdf("a stream cannot be decompressed") from None
        if decoded.lstrip().startswith((b"<?xpacket", b"<x:xmpmeta", b"<?xml")):
            texts.append(decoded.decode("utf-8", "replace"))
        else:
            texts += _strings(decoded)
    outside.append(data[position:])
    texts += _strings(b"".join(outside))
    return "\n".join(texts)
