"""How each kind of output file becomes text the audit can search, or why it cannot.

* Text in UTF-8 (with or without a byte order mark), UTF-16 (with a byte order mark, or
  without one when every other byte is NUL) or, failing those, Windows-1252.
* Compressed files (``.gz``, ``.svgz``, ``.bz2``, ``.xz``) decompressed, ZIP archives (also
  ``.docx``, ``.epub``) member by member, PDF text and attached files (see :mod:`.pdf_text`),
  and Pagefind's search index files (gzip-compressed) decoded (see :func:`pagefind_text`).
* Images: the text of their metadata (EXIF, XMP, IPTC, text chunks, comments; see
  :func:`kairos.core.photo_metadata.metadata_text`), read like a page's text.
* Audio, video, fonts and WebAssembly (known by their first bytes): no text. The name and
  hash of every file are still compared (see :mod:`.matching`).
* Any other file holding NUL bytes is read as text with the NULs as spaces.

A file that cannot be read (a corrupt archive, an encrypted PDF, brotli) is reported with the
reason, never skipped. Each part has a label: the file's path, or ``archive.zip!member`` (and
``file.pdf!attachment``).
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kairos.core.photo_metadata import metadata_text

#: How large a decompressed file or archive member may be; larger is unreadable, not read.
MAX_EXPANDED_BYTES = 512 << 20
#: Archives inside archives are opened this deep.
MAX_DEPTH = 3
_IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_IMAGE_BRANDS = (b"avif", b"avis", b"heic", b"heix", b"mif1", b"msf1")
#: Audio, video, fonts, icons, TIFF and WebAssembly (any file an image is not: see file_parts).
_BINARY_SIGNATURES = (
    b"\x00\x00\x01\x00", b"wOFF", b"wOF2", b"\x00\x01\x00\x00\x00", b"OTTO", b"\x00asm", b"ID3",
    b"\xff\xfb", b"\xff\xf3", b"OggS", b"fLaC", b"\x1aE\xdf\xa3", b"II*\x00", b"MM\x00*",
)  # fmt: skip
_DECOMPRESSORS: dict[str, Callable[[io.BytesIO], io.BufferedIOBase]] = {
    ".gz": gzip.open, ".svgz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open
}  # fmt: skip
PAGEFIND_SUFFIXES = frozenset({".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"})
PAGEFIND_SIGNATURE = b"pagefind_dcd"
_UNREADABLE_SUFFIXES = {".br": "brotli", ".zst": "zstandard", ".7z": "7-Zip", ".rar": "RAR"}


class Unreadable(ValueError):
    """Why a file, or a member of an archive, cannot be read."""


@dataclass(frozen=True)
class FilePart:
    """One file, or one member of an archive: its bytes, and its text or why it has none."""

    label: str
    data: bytes
    text: str | None = None
    #: Set when the part cannot be read: why.
    problem: str | None = None


def _is_binary_media(data: bytes) -> bool:
    """Audio, video and the like: no text (ftyp: MP4, M4A, MOV)."""
    riff = data[:4] == b"RIFF" and data[8:12] in (b"WAVE", b"AVI ")
    return data.startswith(_BINARY_SIGNATURES) or riff or data[4:8] == b"ftyp"


def _is_image(data: bytes) -> bool:
    """JPEG, PNG, GIF, WebP, AVIF or HEIF: files that carry metadata text."""
    return (
        data.startswith(_IMAGE_SIGNATURES)
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[4:8] == b"ftyp" and data[8:12] in _IMAGE_BRANDS)
    )


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return data.decode("utf-16-le", "replace")
    if even > 0.4 * half and odd < 0.05 * half:
        return data.decode("utf-16-be", "replace")
    return None


def decode_text(data: bytes) -> str:
    """Bytes as text: UTF-8, UTF-16 or Windows-1252 (see the module docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        data = data.replace(b"\x00", b" ")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")  # (five bytes are undefined in it)


def _cbor_strings(data: bytes) -> list[str]:
    """Every text string of a CBOR document, in order (RFC 8949).

    CBOR writes a container's header before its items, so one pass over the item headers,
    skipping the bytes of each byte string, meets every text string.
    """
    strings: list[str] = []
    position = 0
    while position < len(data):
        major, info = data[position] >> 5, data[position] & 0x1F
        position += 1
        size = 1 << (info - 24) if 24 <= info <= 27 else 0
        argument = int.from_bytes(data[position : position + size]) if size else info
        position += size
        if info == 31 and major in (2, 3, 4, 5, 7):
            continue  # indefinite length (chunks follow) or "break"
        if info > 27:
            raise ValueError(f"reserved additional information {info}")
        if major in (2, 3):
            if major == 3:
                strings.append(data[position : position + argument].decode("utf-8", "replace"))
            position += argument
    if position > len(data):
        raise ValueError("truncated")
    return strings


def pagefind_text(data: bytes, suffix: str) -> str:
    """A decompressed Pagefind file (signature ``pagefind_dcd`` first) as text: a fragment is
    JSON (a page's URL, title, metadata, filters and whole text); the others are CBOR (words,
    filter values, page hashes), whose text strings are read one a line, else the file is read
    as text with undecodable bytes dropped."""
    body = data.removeprefix(PAGEFIND_SIGNATURE)
    if suffix == ".pf_fragment":
        return body.decode("utf-8", "replace")
    try:
        return "\n".join(_cbor_strings(body))
    except ValueError:
        return body.decode("utf-8", "ignore")


def _decompress(data: bytes, suffix: str) -> bytes:
    with _DECOMPRESSORS[suffix](io.BytesIO(data)) as stream:
        expanded = stream.read(MAX_EXPANDED_BYTES + 1)
    if len(expanded) > MAX_EXPANDED_BYTES:
        raise Unreadable("it expands to more than 512 MiB")
    return expanded


def _zip_parts(label: str, data: bytes, depth: int) -> Iterator[FilePart]:
    yield FilePart(label, data)
    if depth >= MAX_DEPTH:
        yield FilePart(label, b"", problem="it is an archive nested too deep")
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            name = f"{label}!{member.filename}"
            if member.flag_bits & 0x1:
                yield FilePart(name, b"", problem="it is encrypted")
            elif member.file_size > MAX_EXPANDED_BYTES:
                yield FilePart(name, b"", problem="it expands to more than 512 MiB")
            else:
                yield from file_parts(name, archive.read(member), depth + 1)


def _pdf_parts(label: str, data: bytes, depth: int) -> Iterator[FilePart]:
    # Imported here: pypdf takes 0.2 s to import, which a pool worker pays only for a PDF.
    from kairos.safety.audit.pdf_text import read_pdf

    text, attached = read_pdf(data)
    yield FilePart(label, data, text)
    if attached and depth >= MAX_DEPTH:
        yield FilePart(label, b"", problem="it is an archive nested too deep")
    else:
        for name, file in attached:
            yield from file_parts(f"{label}!{name}", file, depth + 1)


def _suffix(label: str) -> str:
    name = label.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_parts(
    label: str, data: bytes, depth: int = 0, name: str | None = None
) -> Iterator[FilePart]:
    """The parts of one file (itself, or an archive's members) as the audit reads them.

    ``name`` is the name whose suffix says what the data is, when not ``label``'s (the data
    of ``page.html.gz``, decompressed, is read as ``page.html`` under the label
    ``page.html.gz``).
    """
    suffix = _suffix(name or label)
    try:
        if suffix in _UNREADABLE_SUFFIXES:
            yield FilePart(label, data, problem=f"{_UNREADABLE_SUFFIXES[suffix]} is not read")
        elif suffix in PAGEFIND_SUFFIXES:
            yield FilePart(label, data, pagefind_text(gzip.decompress(data), suffix))
        elif suffix in _DECOMPRESSORS:
            yield FilePart(label, data)  # its name and hash; then what it holds
            inner = (name or label)[: -len(suffix)] + (".svg" if suffix == ".svgz" else "")
            yield from file_parts(label, _decompress(data, suffix), depth, inner)
        elif data.startswith(b"PK\x03\x04") or suffix == ".zip":
            yield from _zip_parts(label, data, depth)
        elif data.startswith(b"%PDF") or suffix == ".pdf":
            yield from _pdf_parts(label, data, depth)
        elif _is_image(data):
            yield FilePart(label, data, metadata_text(data))
        elif _is_binary_media(data):
            yield FilePart(label, data)
        else:
            yield FilePart(label, data, decode_text(data))
    except Unreadable as error:
        yield FilePart(label, data, problem=str(error))
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError, zipfile.BadZipFile):
        yield FilePart(label, data, problem="it is damaged and cannot be decompressed")
