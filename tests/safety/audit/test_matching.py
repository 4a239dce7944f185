"""What the audit finds: any 25-word quote, titles folded, attributes, every kind of file, names
and media; and what it does not: published text, placeholder text, example slugs."""

from __future__ import annotations

import gzip
import html
import io
import json
import random
import zipfile
from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology
from kairos.safety.audit.matching import PIECE
from kairos.safety.audit.site_scan import scan_site

from ...photo_files import chunk, small, with_chunks
from ...site_factory import BUILD_DATE, consent, write_story
from .test_readers import minimal_pdf
from .test_site_scan import _site

WORDS = str.split(
    "ward night nurse kettle porter blanket corridor window morning doctor sister daughter "
    "garden letter chair radio quiet laughter bread rain hymn stairs lift clock shift tea "
    "hand voice breath door bed lamp curtain bus ticket coat scarf field river bridge"
)
FILLER = str.split("the a of and to in with on for at by from")


def _paragraph(seed: int, count: int = 40) -> str:
    chooser = random.Random(seed)
    return " ".join(
        chooser.choice(WORDS) + (f" {chooser.choice(FILLER)}" if n % 3 else "")
        for n in range(count)
    )


HELD_PARAGRAPHS = [_paragraph(seed) for seed in range(12)]
OPEN_PARAGRAPHS = [_paragraph(100 + seed) for seed in range(3)]
HELD_TITLE = "Mother\u2019s \u201cLast\u201d Letter"


@pytest.fixture
def anthology(stories_dir: Path) -> Anthology:
    write_story(
        stories_dir,
        "open-story",
        title="An open story",
        summary="A published summary that anyone may read on the site.",
        body="\n\n".join(OPEN_PARAGRAPHS) + "\n",
    )
    write_story(
        stories_dir,
        "mothers-last-letter",
        title=HELD_TITLE,
        summary="The letter she wrote on the ward, read aloud at the end.",
        body="\n\n".join(HELD_PARAGRAPHS) + "\n",
        consent_record=consent("pending"),
    )
    return load_anthology(stories_dir, BUILD_DATE, display_dir="stories")


def _found(site: Path, anthology: Anthology, **options: Path) -> list[tuple[str, tuple[str, ...]]]:
    result = scan_site(site, anthology, **options)  # type: ignore[arg-type]
    return [(f.file, f.evidence) for f in result.findings]


def _middle_25(paragraph: str, shift: int) -> str:
    return " ".join(paragraph.split()[shift : shift + 25])


def test_any_25_words_of_every_paragraph_are_found(tmp_path: Path, anthology: Anthology) -> None:
    quotes = {
        f"q{n}.html": f"<p>Before. {_middle_25(text, n % 9)} After.</p>"
        for n, text in enumerate(HELD_PARAGRAPHS)
    }
    published = {"open.html": "<p>" + "</p><p>".join(OPEN_PARAGRAPHS) + "</p>"}
    found = _found(_site(tmp_path, {**quotes, **published}), anthology)
    assert found == [(f"q{n}.html", ("text",)) for n in sorted(range(12), key=str)]


def test_24_words_are_not_a_quote(tmp_path: Path, anthology: Anthology) -> None:
    short = " ".join(HELD_PARAGRAPHS[0].split()[3:27])
    assert _found(_site(tmp_path, {"a.html": f"<p>{short}</p>"}), anthology) == []


@pytest.mark.parametrize(
    "page",
    [
        '<h2>MOTHER\'S "LAST" LETTER</h2>',
        "<title>MOTHER\u2019S LAST LETTER \u2013 Kairos</title>",
        '{"title": "Mother&#39;s &quot;Last&quot; Letter"}',
    ],
)
def test_a_short_title_is_found_standing_alone_in_any_case_and_with_any_quotes(
    tmp_path: Path, anthology: Anthology, page: str
) -> None:
    assert _found(_site(tmp_path, {"a.html": page}), anthology) == [("a.html", ("title",))]


def test_a_short_title_in_prose_is_not_a_finding(tmp_path: Path, anthology: Anthology) -> None:
    page = "<p>She read mother\u2019s last letter to us</p>"
    assert _found(_site(tmp_path, {"a.html": page}), anthology) == []


@pytest.mark.parametrize(
    "page",
    [
        '<img src="x.png" alt="{quote}">',
        '<a href="#" title="{quote}">x</a>',
        '<meta name="description" content="{quote}">',
        "<button aria-label='{quote}'>x</button>",
        "<pre>&lt;p&gt;{quote}&lt;/p&gt;</pre>",
        "<!-- {quote} -->",
    ],
)
def test_text_in_attributes_escaped_markup_and_comments_is_read(
    tmp_path: Path, anthology: Anthology, page: str
) -> None:
    quote = _middle_25(HELD_PARAGRAPHS[4], 2)
    site = _site(tmp_path, {"a.html": page.format(quote=quote)})
    assert _found(site, anthology) == [("a.html", ("text",))]


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def test_every_kind_of_file_is_read(tmp_path: Path, anthology: Anthology) -> None:
    quote = _middle_25(HELD_PARAGRAPHS[7], 1)
    svg = f"<svg><text>{quote}</text></svg>".encode()
    files: dict[str, str | bytes] = {
        "cp1252.txt": f"\u201c{quote}\u201d".encode("cp1252"),
        "utf16.txt": quote.encode("utf-16"),
        "utf16le.csv": quote.encode("utf-16-le"),
        "nul.bin": b"\x00\x01" + quote.encode() + b"\x00",
        "all.zip": _zip("notes/page.html", f"<p>{quote}</p>".encode()),
        "pic.svgz": gzip.compress(svg),
        "talk.pdf": minimal_pdf(f"BT ({quote}) Tj ET".encode()),
    }
    assert _found(_site(tmp_path, files), anthology) == [
        ("all.zip!notes/page.html", ("text",)),
        ("cp1252.txt", ("text",)),
        ("nul.bin", ("text",)),
        ("pic.svgz", ("text",)),
        ("talk.pdf", ("text",)),
        ("utf16.txt", ("text",)),
        ("utf16le.csv", ("text",)),
    ]


def test_files_named_after_a_held_back_story_are_found(
    tmp_path: Path, anthology: Anthology
) -> None:
    files: dict[str, str | bytes] = {
        "assets/mothers-last-letter.jpg": b"\xff\xd8\xff",
        "downloads/Mother's Last Letter.pdf": b"%PDF-1.4\n%%EOF",
        "assets/open-story.jpg": b"\xff\xd8\xff",
        "assets/An open story.png": b"\x89PNG",
    }
    assert _found(_site(tmp_path, files), anthology) == [
        ("assets/mothers-last-letter.jpg", ("name",)),
        ("downloads/Mother's Last Letter.pdf", ("name",)),
    ]


def test_unreadable_files_are_reported(tmp_path: Path, anthology: Anthology) -> None:
    site = _site(tmp_path, {"a.html.br": b"\x1b", "ok.html": "<p>An open story</p>"})
    assert scan_site(site, anthology).lines("site") == [
        "site/a.html.br: cannot be checked: brotli is not read; remove it or fix it"
    ]


def test_published_text_is_present_and_not_a_finding(
    tmp_path: Path, anthology: Anthology, stories_dir: Path
) -> None:
    # A paragraph the held-back story shares with the published one is not evidence.
    shared = OPEN_PARAGRAPHS[1]
    write_story(
        stories_dir,
        "mothers-last-letter",
        title=HELD_TITLE,
        body=HELD_PARAGRAPHS[0] + "\n\n" + shared + "\n",
        consent_record=consent("pending"),
    )
    again = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    page = json.dumps({"docs": [{"title": "An open story", "text": " ".join(OPEN_PARAGRAPHS)}]})
    site = _site(tmp_path, {"search.json": page, "p.html": html.escape(shared)})
    assert shared in (site / "search.json").read_text(encoding="utf-8")
    assert _found(site, again) == []


def _story_folder(stories_dir: Path, slug: str, media: dict[str, bytes], **fields: object) -> None:
    """``stories/<slug>/index.md`` and its media files, written by hand."""
    folder = stories_dir / slug
    folder.mkdir()
    write_story(stories_dir, slug, **fields)  # type: ignore[arg-type]
    (stories_dir / f"{slug}.md").rename(folder / "index.md")
    for name, data in media.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def test_the_media_of_a_held_back_story_are_found_by_hash_and_name(
    tmp_path: Path, stories_dir: Path
) -> None:
    photo, shared_name = b"\xff\xd8\xff held-back photo", b"\xff\xd8\xff another photo"
    _story_folder(
        stories_dir,
        "the-garden",
        {"IMG_0042.jpg": photo, "photo.jpg": shared_name, "audio/talk.mp3": b"ID3 talk"},
        consent_record=consent("pending"),
    )
    _story_folder(stories_dir, "the-orchard", {"photo.jpg": small("JPEG")})
    anthology = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    assert [j.slug for j in anthology.held_back] == ["the-garden"]
    files: dict[str, str | bytes] = {
        "assets/renamed.jpg": photo,  # the same bytes under another name
        "assets/img_0042.JPG": b"\xff\xd8\xff different bytes",  # the same name
        "media/talk.mp3": b"ID3 re-encoded",
        "stories/the-orchard/photo.jpg": small("JPEG"),  # a shared name
        "x/photo.jpg": shared_name,  # a held-back photo's bytes, whatever its name
    }
    site = _site(tmp_path, files)
    assert _found(site, anthology, stories_dir=stories_dir) == [
        ("assets/img_0042.JPG", ("media",)),
        ("assets/renamed.jpg", ("media",)),
        ("media/talk.mp3", ("media",)),
        ("x/photo.jpg", ("media",)),
    ]


def test_a_slug_like_an_attribute_name_is_looked_for_in_text_only(
    tmp_path: Path, stories_dir: Path
) -> None:
    write_story(stories_dir, "aria-label", title="Not a label", consent_record=consent("pending"))
    anthology = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    markup = '<button aria-label="Menu">&lt;span aria-label="x"&gt;</button>'
    assert _found(_site(tmp_path, {"a.html": markup}), anthology) == []
    linked = '<a href="/stories/aria-label/">a</a><p>see aria-label</p>'
    assert _found(_site(tmp_path / "b", {"b.html": linked}), anthology) == [
        ("b.html", ("address", "slug"))
    ]


@pytest.mark.parametrize("offset", [-30, -12, -1, 0, 1, 12])
def test_a_quote_across_the_cut_between_pieces_is_found(
    tmp_path: Path, anthology: Anthology, offset: int
) -> None:
    """A large file (a search index) is read in pieces of PIECE characters; a quote of 25
    words is found wherever the cut falls in it."""
    quote = _middle_25(HELD_PARAGRAPHS[3], 5)
    words = quote.split()
    filler = "plain text " * (PIECE // 11 + 10)
    cut = PIECE + 20 * offset  # a few words either side of where the first cut falls
    before = (filler * 3)[: max(0, cut - len(" ".join(words[:12])))].rsplit(" ", 1)[0]
    after = "plain text " * (3 * PIECE // 11)  # no ">" to cut at: the cut is at a space
    text = f"<p>{before} {quote} {after}</p>"
    assert text.find(">", PIECE) - PIECE > 2 * PIECE
    site = _site(tmp_path, {"search/index.json": json.dumps({"text": text})})
    assert _found(site, anthology) == [("search/index.json", ("text",))]


def test_a_held_back_story_s_photo_is_found_as_the_site_would_publish_it(
    tmp_path: Path, stories_dir: Path
) -> None:
    """The site publishes photos without their metadata: that copy has a hash of its own."""
    photo = with_chunks(small("PNG", 5), chunk(b"tEXt", b"Title\0A garden"))
    _story_folder(stories_dir, "the-garden", {"a.png": photo}, consent_record=consent("pending"))
    anthology = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    site = _site(tmp_path, {"assets/renamed.png": small("PNG", 5)})
    assert _found(site, anthology, stories_dir=stories_dir) == [("assets/renamed.png", ("media",))]
