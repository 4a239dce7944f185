"""``kairos.safety.audit.readers``: every kind of file read, or reported (PDFs: test_pdf_text)."""

from __future__ import annotations

import gzip
import io
import zipfile

import pypdf
import pytest

from kairos.safety.audit.readers import FilePart, decode_text, file_parts

from .test_pdf_text import PAGE, PAGES, bomb, minimal_pdf, pdf_file

TEXT = "Café “quoted” — naïve"


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
    assert decode_text(b"a\x81b \xe9t\xe9") == "a\ufffdb été"
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


def test_a_pdf_is_read_with_its_attached_files() -> None:
    pdf = minimal_pdf(b"BT /F1 12 Tf (Page words) Tj ET", info=b"/Title (Ward nine)")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("letter.txt", "In the zip")
    attached = pypdf.PdfWriter(io.BytesIO(pdf))
    attached.add_attachment("notes.txt", b"Attached words")
    attached.add_attachment("all.zip", buffer.getvalue())
    output = io.BytesIO()
    attached.write(output)
    parts = _texts("talk.pdf", output.getvalue())
    assert "Page words" in str(parts[0][1]) and "Ward nine" in str(parts[0][1])
    assert parts[1:] == [
        ("talk.pdf!notes.txt", "Attached words", None),
        ("talk.pdf!all.zip", None, None),
        ("talk.pdf!all.zip!letter.txt", "In the zip", None),
    ]


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(io.BytesIO(minimal_pdf(b"BT /F1 12 Tf (Secret) Tj ET")))
    writer.encrypt("password", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


ENCRYPTED = _encrypted()


@pytest.mark.parametrize(
    ("label", "data", "problem"),
    [
        ("page.html.br", b"\x1b\x00", "brotli is not read"),
        ("sitemap.xml.gz", b"\x1f\x8bnot really", "it is damaged and cannot be decompressed"),
        ("a.zip", b"PK\x03\x04broken", "it is damaged and cannot be decompressed"),
        ("secret.pdf", ENCRYPTED, "its text cannot be read: it is encrypted"),
        (
            "odd.pdf",
            pdf_file(*PAGES, PAGE, b"<< /Length 2 /Filter /Odd >>\nstream\nxx\nendstream"),
            "its text cannot be read: pypdf cannot read it (Unsupported filter /Odd)",
        ),
        (
            "bomb.pdf",
            bomb(),
            "its text cannot be read: a compressed stream is too large",
        ),
        (
            "empty.pdf",
            b"%PDF-1.4\n%%EOF",
            "its text cannot be read: pypdf cannot read it (startxref not found)",
        ),
    ],
)
def test_what_cannot_be_read_is_reported_with_the_reason(
    label: str, data: bytes, problem: str
) -> None:
    assert [p for _, _, p in _texts(label, data) if p] == [problem]
