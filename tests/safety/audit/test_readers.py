"""``kairos.safety.audit.readers`` and ``.pdf_text``: every kind of file read, or reported."""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib

import pytest

from kairos.safety.audit.pdf_text import pdf_text
from kairos.safety.audit.readers import FilePart, decode_text, file_parts

TEXT = "Café “quoted” — naïve"


def minimal_pdf(content: bytes, *, info: bytes = b"", compress: bool = True) -> bytes:
    """A one-page PDF written by hand, its content stream Flate-compressed."""
    stream = zlib.compress(content) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        b"4 0 obj << /Length " + str(len(stream)).encode() + flate + b" >>\nstream\n"
        + stream + b"\nendstream\nendobj\n"
        b"5 0 obj << " + info + b" >> endobj\ntrailer << /Root 1 0 R /Info 5 0 R >>\n%%EOF\n"
    )  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),  # with a byte order mark
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_text_is_decoded_in_any_common_encoding(data: bytes) -> None:
    assert decode_text(data) == TEXT


def test_undefined_windows_1252_bytes_and_nul_bytes_do_not_stop_reading() -> None:
    assert decode_text(b"a\x81b \xe9t\xe9") == "a\x81b été"
    assert decode_text(b"hidden\x00story text") == "hidden story text"


def _texts(label: str, data: bytes) -> list[tuple[str, str | None, str | None]]:
    return [(part.label, part.text, part.problem) for part in file_parts(label, data)]


def test_archives_and_compressed_files_are_opened() -> None:
    svg = b'<svg><text>Hidden words</text><title lang="en">T</title></svg>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/page.html", "<p>In the zip</p>")
        archive.writestr("pic.svgz", gzip.compress(svg))
    parts = _texts("downloads/all.zip", buffer.getvalue())
    assert parts[1:] == [
        ("downloads/all.zip!inner/page.html", "<p>In the zip</p>", None),
        ("downloads/all.zip!pic.svgz", None, None),
        ("downloads/all.zip!pic.svgz", svg.decode(), None),
    ]
    assert _texts("a.svgz", gzip.compress(svg))[1][1] == svg.decode()


def test_images_are_not_read_as_text() -> None:
    [part] = file_parts("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00hidden-story")
    assert part == FilePart("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00hidden-story")


def test_pdf_text_is_read_from_flate_and_plain_streams() -> None:
    content = (
        b"BT /F1 12 Tf 72 700 Td [(The por) -15 (ters came) -400 (with)] TJ "
        b"T* (blan\\(k\\)ets) Tj ET"
    )
    assert pdf_text(minimal_pdf(content, info=b"/Title (Ward nine)")).split("\n") == [
        "The porters came with",
        "blan(k)ets",
        "Ward nine",
    ]
    plain = minimal_pdf(b"BT <48656C6C6F> Tj ET", compress=False)
    assert pdf_text(plain).split("\n")[0] == "Hello"


@pytest.mark.parametrize(
    ("label", "data", "problem"),
    [
        ("page.html.br", b"\x1b\x00", "brotli is not read"),
        ("sitemap.xml.gz", b"\x1f\x8bnot really", "it is damaged and cannot be decompressed"),
        ("a.zip", b"PK\x03\x04broken", "it is damaged and cannot be decompressed"),
        (
            "secret.pdf",
            b"%PDF-1.4\ntrailer << /Encrypt 6 0 R >>",
            "its text cannot be read: it is encrypted",
        ),
        (
            "lzw.pdf",
            b"%PDF-1.4\n1 0 obj << /Filter /LZWDecode >>\nstream\nxx\nendstream\n",
            "its text cannot be read: a stream uses the LZWDecode filter",
        ),
    ],
)
def test_what_cannot_be_read_is_reported_with_the_reason(
    label: str, data: bytes, problem: str
) -> None:
    assert [p for _, _, p in _texts(label, data) if p] == [problem]
