"""``kairos.safety.audit.pdf_text``: words are found wherever a PDF holds them."""

from __future__ import annotations

import io
import zlib

import pypdf
import pytest
from pypdf.annotations import Text
from pypdf.generic import StreamObject

from kairos.safety.audit.pdf_text import read_pdf
from kairos.safety.audit.readers import Unreadable

HELVETICA = b"/Subtype /Type1 /BaseFont /Helvetica"


def pdf_file(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF written by hand: ``objects`` numbered from 1, and a cross-reference table."""
    data, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    size = len(objects) + 1
    return data + b"xref\n0 %d\n0000000000 65535 f \n%strailer << /Size %d %s >>\n" % (
        size, table, size, trailer
    ) + b"startxref\n%d\n%%%%EOF\n" % len(data)  # fmt: skip


def stream(data: bytes, entries: bytes = b"", *, compress: bool = True) -> bytes:
    """A stream object's text, Flate-compressed unless not ``compress``."""
    if compress:
        data, entries = zlib.compress(data), entries + b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def minimal_pdf(
    content: bytes, *, info: bytes = b"", compress: bool = True, font: bytes = HELVETICA
) -> bytes:
    """A one-page PDF whose page shows ``content`` with the font ``/F1``."""
    return pdf_file(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, compress=compress),
        b"<< /Type /Font " + font + b" >>",
        b"<< " + info + b" >>",
        trailer=b"/Root 1 0 R /Info 6 0 R",
    )


def _words(data: bytes) -> str:
    return " ".join(read_pdf(data)[0].split())


def test_page_text_is_read_from_flate_and_plain_streams() -> None:
    content = b"BT /F1 12 Tf 72 700 Td [(The por) -15 (ters came) -400 (with)] TJ ET"
    assert "The porters came with" in _words(minimal_pdf(content))
    assert "Hello" in _words(minimal_pdf(b"BT /F1 12 Tf <48656C6C6F> Tj ET", compress=False))


def _written(writer: pypdf.PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _edited() -> bytes:
    """A PDF edited and saved by appending: its first version's content is still in the file."""
    original = minimal_pdf(b"BT /F1 12 Tf (Planted words) Tj ET")
    edited = pypdf.PdfWriter(io.BytesIO(original), incremental=True)
    edited.pages[0].replace_contents(StreamObject())
    return _written(edited)


def _annotated() -> bytes:
    writer = pypdf.PdfWriter(io.BytesIO(minimal_pdf(b"")))
    writer.add_annotation(0, Text(text="Planted words", rect=(10, 10, 50, 50)))
    writer.add_outline_item(title="Planted outline", page_number=0)
    return _written(writer)


PAGE = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"
PAGES = (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
XMP = b'<?xpacket begin=""?><x:xmpmeta><dc:title>Planted words</dc:title></x:xmpmeta>'
PACKED = b"7 0 << /Title (Planted words) >>"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (minimal_pdf(b"", info=b"/Title (Planted words)"), "Planted words"),
        (minimal_pdf(b"", info=b"/Author <FEFF0050006C0061006E0074>"), "Plant"),
        (_annotated(), "Planted words Planted outline"),
        (_edited(), "Planted words"),
        (
            pdf_file(
                b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
                PAGES[1],
                PAGE,
                stream(b""),
                stream(XMP, b"/Type /Metadata /Subtype /XML", compress=False),
            ),
            "Planted words",
        ),
        (  # a form no page shows, and an object packed in an object stream
            pdf_file(
                *PAGES,
                PAGE,
                stream(b""),
                stream(b"BT [(Planted) -300 (form)] TJ ET", b"/Type /XObject /Subtype /Form"),
                stream(PACKED, b"/Type /ObjStm /N 1 /First 4"),
            ),
            "Planted form Planted words",
        ),
    ],
    ids=["info", "utf-16", "annotation-outline", "earlier-version", "xmp", "form-object-stream"],
)
def test_words_are_read_wherever_the_file_holds_them(data: bytes, words: str) -> None:
    assert words in _words(data)


def test_glyph_numbers_are_read_through_the_font_of_the_page() -> None:
    cmap = b"2 beginbfchar <0001> <0048> <0002> <0069> endbfchar"
    pdf = pdf_file(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf [(\\000\\001)-50<0002>] TJ ET"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /ToUnicode 6 0 R >>",
        stream(cmap),
    )
    assert "Hi" in read_pdf(pdf)[0].splitlines()


def test_an_identity_font_without_a_text_map_is_unreadable_not_skipped() -> None:
    font = b"/Subtype /Type0 /BaseFont /F /Encoding /Identity-H"
    with pytest.raises(Unreadable, match="Identity-H encoding without a text map"):
        read_pdf(minimal_pdf(b"BT /F1 12 Tf <00010002> Tj ET", font=font))


def bomb() -> bytes:
    """A PDF whose content stream expands to 100 MB, more than pypdf's limit."""
    compressor = zlib.compressobj()
    data = b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(100))
    return pdf_file(
        *PAGES, PAGE, stream(data + compressor.flush(), b"/Filter /FlateDecode", compress=False)
    )
