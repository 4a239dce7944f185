"""The text of a PDF file, and the files attached to it, read with pypdf.

A held-back story must be found wherever a PDF holds it, not only where a viewer shows it:

* each page's text, through its fonts' encodings and ``/ToUnicode`` maps (Typst's teaching
  packs use ``Identity-H`` fonts, whose strings are glyph numbers);
* every object written in the file, read on its own: each ``N 0 obj`` (a PDF edited and saved
  by appending keeps the earlier versions of its objects, which no page shows) and those
  packed in object streams. Every string is read (document information, annotations,
  outlines, form fields, file names), XML streams (XMP) as they are, and every other stream
  but images and fonts as a content stream (its string operands), else as bytes;
* attached files, returned with their names, to be read as files.

A PDF that cannot be read raises :class:`.readers.Unreadable` with the reason: it is encrypted,
damaged, a stream is too large once decompressed (pypdf's limits, against decompression
bombs) or uses a filter pypdf does not know, or an ``Identity-H`` font has no ``/ToUnicode``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    read_object,
)

from kairos.safety.audit.readers import Unreadable

_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b\s*")
#: Streams whose bytes are no text: images, font programs, the file's own structure.
_NO_TEXT = {"/Image", "/Type1C", "/CIDFontType0C", "/OpenType", "/XRef", "/ObjStm"}
_IDENTITY = ("/Identity-H", "/Identity-V")
#: How XML streams (XMP metadata), read as they are, start.
_XML_STARTS = (b"<?xpacket", b"<x:xmpmeta", b"<?xml")
#: A kerning of more than this (thousandths of an em, negative: to the right) is a space.
_SPACE_KERNING = -200


def _text(value: object) -> str | None:
    if isinstance(value, TextStringObject):
        return str(value)
    return bytes(value).decode("latin-1") if isinstance(value, ByteStringObject) else None


def _strings(value: PdfObject) -> Iterator[str]:
    """Every string in a dictionary or array (references are not followed: each object of
    the file is read on its own)."""
    if (text := _text(value)) is not None:
        yield text
    elif isinstance(value, DictionaryObject | ArrayObject):
        for item in value.values() if isinstance(value, DictionaryObject) else value:
            yield from _strings(item)


def _piece(part: PdfObject) -> str:
    """A piece of a TJ array: a string, or a kerning (a space when wide)."""
    if isinstance(part, float | int):
        return " " if part < _SPACE_KERNING else ""
    return _text(part) or ""


def _stream_text(stream: StreamObject, reader: PdfReader) -> list[str]:
    """An XML stream as it is; the string operands of a content stream, a TJ array's as one
    piece; any other stream's bytes."""
    data = stream.get_data()
    if data.lstrip().startswith(_XML_STARTS):
        return [data.decode("utf-8", "replace")]
    try:
        operations = ContentStream(stream, reader).operations
    except Exception:  # not a content stream (pypdf raises many kinds of error)
        return [data.decode("latin-1")]
    texts = []
    for operands, operator in operations:
        for operand in operands if operator != b"INLINE IMAGE" else ():
            if isinstance(operand, ArrayObject):
                texts.append("".join(map(_piece, operand)))
            elif (text := _text(operand)) is not None:
                texts.append(text)
    return texts


def _entry(value: DictionaryObject, key: str) -> object:
    """An entry, its reference followed (``get``, a dict's, does not follow it)."""
    found = value.get(key)
    return None if found is None else found.get_object()


def _objects(reader: PdfReader, data: bytes) -> Iterator[tuple[int, PdfObject]]:
    """Every object written in the file (see the module docstring), with its number."""
    source = io.BytesIO(data)
    position = 0
    while (found := _OBJECT.search(data, position)) is not None:
        source.seek(found.end())
        value = read_object(source, reader)
        position = max(source.tell(), found.end())
        yield int(found.group(1)), value
        if isinstance(value, StreamObject) and _entry(value, "/Type") == "/ObjStm":
            packed = io.BytesIO(value.get_data())
            first = int(value["/First"])  # type: ignore[call-overload]
            header = packed.read(first).split()
            for number, offset in zip(header[0::2], header[1::2], strict=False):
                packed.seek(first + int(offset))
                yield int(number), read_object(packed, reader)


def _read(data: bytes) -> tuple[str, list[tuple[str, bytes]]]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Unreadable("its text cannot be read: it is encrypted")
    # Pages' content streams are read once, as pages (their text with the fonts' encodings);
    # taken before extract_text, which leaves them parsed, and their data rewritten.
    contents = [page.get_contents() for page in reader.pages]
    shown = {content.get_data() for content in contents if content is not None}
    texts = [page.extract_text() for page in reader.pages]
    names: dict[int, str] = {}  # attached files' names, by the number of their stream
    files: list[tuple[int, bytes]] = []
    for number, value in _objects(reader, data):
        texts += _strings(value)
        if not isinstance(value, DictionaryObject):
            continue
        if _entry(value, "/Encoding") in _IDENTITY and "/ToUnicode" not in value:
            raise Unreadable(
                "its text cannot be read: a font uses the Identity-H encoding without a text map"
            )
        if isinstance(found := _entry(value, "/EF"), DictionaryObject):  # a file specification
            name = str(_entry(value, "/UF") or _entry(value, "/F"))
            names.update((f.idnum, name) for f in found.values() if isinstance(f, IndirectObject))
        kinds = {_entry(value, "/Type"), _entry(value, "/Subtype")}
        if not isinstance(value, StreamObject):
            continue
        if "/EmbeddedFile" in kinds:
            files.append((number, value.get_data()))
        elif not kinds & _NO_TEXT and "/Length1" not in value and value.get_data() not in shown:
            texts += _stream_text(value, reader)  # (/Length1: a font program)
    return "\n".join(texts), [(names.get(n, f"attachment {n}"), file) for n, file in files]


def read_pdf(data: bytes) -> tuple[str, list[tuple[str, bytes]]]:
    """The text of a PDF, a piece a line, and its attached files: (name, bytes) each."""
    try:
        return _read(data)
    except Unreadable:
        raise
    except LimitReachedError:
        raise Unreadable("its text cannot be read: a compressed stream is too large") from None
    except Exception as error:  # a damaged file: pypdf raises many kinds of error
        raise Unreadable(f"its text cannot be read: pypdf cannot read it ({error})") from None
