"""``kairos.safety.audit`` and ``kairos audit``: held-back stories found in any output."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from kairos.core.anthology import Anthology, load_anthology
from kairos.editors.commands.cli import main
from kairos.safety.audit.site_scan import SYMLINK, AuditFinding, scan_site

from ...photo_files import encoded, picture
from ...site_factory import BUILD_DATE, consent, write_story

HIDDEN_TITLE = "The hidden story of Ward 9"
HIDDEN_SUMMARY = "A nurse remembers the night the lifts stopped and everyone carried someone."
HIDDEN_BODY = (
    "When the lifts stopped at midnight we carried Mrs Okafor down four flights of stairs, "
    "singing hymns to keep our breathing steady.\n\n"
    "Nobody ordered it; the porters simply appeared with blankets and a stretcher chair.\n"
)
SHARED_PARAGRAPH = (
    "Everyone on the ward remembers the smell of toast drifting through the corridor."
)
PUBLISHED_BODY = "The published story is told openly.\n\n" + SHARED_PARAGRAPH + "\n"


@pytest.fixture
def anthology(stories_dir: Path) -> Anthology:
    write_story(stories_dir, "open-story", title="An open story", body=PUBLISHED_BODY)
    write_story(
        stories_dir,
        "hidden-story",
        title=HIDDEN_TITLE,
        summary=HIDDEN_SUMMARY,
        body=HIDDEN_BODY + "\n" + SHARED_PARAGRAPH + "\n",
        consent_record=consent("pending"),
    )
    write_story(
        stories_dir,
        "gone",
        title="Gone",
        summary="Withdrawn.",
        body="",
        consent_record=consent("withdrawn"),
    )
    write_story(
        stories_dir,
        "broken-story",
        title="The broken story nobody checked",
        themes=("kindnes",),
        body="A text that is never shown because its theme is misspelt in the front matter.\n",
    )
    return load_anthology(stories_dir, BUILD_DATE, display_dir="stories")


def _site(root: Path, files: dict[str, str | bytes]) -> Path:
    site = root / "site"
    for name, content in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".gz"):
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(gzip.compress(data, mtime=0))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return site


CLEAN: dict[str, str | bytes] = {
    "index.html": "<h1>An open story</h1><p>" + SHARED_PARAGRAPH + "</p><p>Gone fishing.</p>",
    "stories/open-story/index.html": "<p>The published story is told openly.</p>",
    "assets/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00stories/hidden-story",
    "search/search_index.json": json.dumps({"docs": [{"title": "An open story", "text": ""}]}),
}


def test_a_clean_site_has_no_findings(tmp_path: Path, anthology: Anthology) -> None:
    result = scan_site(_site(tmp_path, CLEAN), anthology)
    assert result.findings == []
    assert result.files_checked == 4  # the PNG by its name and hash only
    assert result.held_back == 3


def test_the_address_and_slug_are_found(tmp_path: Path, anthology: Anthology) -> None:
    site = _site(
        tmp_path, {**CLEAN, "about/index.html": '<a href="../stories/hidden-story/">x</a>'}
    )
    assert scan_site(site, anthology).findings == [
        AuditFinding("about/index.html", "hidden-story", HIDDEN_TITLE, ("address", "slug"))
    ]


def test_the_title_is_found_through_json_escapes(tmp_path: Path, anthology: Anthology) -> None:
    index = json.dumps({"docs": [{"title": HIDDEN_TITLE}]}).replace("Ward", "\\u0057ard")
    site = _site(tmp_path, {**CLEAN, "search/search_index.json": index})
    [finding] = scan_site(site, anthology).findings
    assert (finding.file, finding.slug, finding.evidence) == (
        "search/search_index.json",
        "hidden-story",
        ("title",),
    )


def test_a_long_title_is_found_in_prose_in_any_case_and_with_any_quotes(
    tmp_path: Path, anthology: Anthology
) -> None:
    page = "<p>We read \u201cthe HIDDEN story of ward\u00a09\u201d aloud.</p>"
    [finding] = scan_site(_site(tmp_path, {**CLEAN, "a.html": page}), anthology).findings
    assert (finding.file, finding.evidence) == ("a.html", ("title",))


def test_the_text_is_found_across_markup_entities_and_gzip(
    tmp_path: Path, anthology: Anthology
) -> None:
    leaked = (
        "<p>Nobody ordered it; the <em>porters</em> simply appeared with "
        "blankets and a stretcher&nbsp;chair.</p>"
    )
    site = _site(tmp_path, {**CLEAN, "sitemap.xml.gz": leaked})
    [finding] = scan_site(site, anthology).findings
    assert (finding.file, finding.evidence) == ("sitemap.xml.gz", ("text",))


def test_the_summary_is_found_in_a_doubly_escaped_feed(
    tmp_path: Path, anthology: Anthology
) -> None:
    feed = "<summary>&lt;p&gt;" + HIDDEN_SUMMARY.replace(" ", "\n  ") + "&lt;/p&gt;</summary>"
    site = _site(tmp_path, {**CLEAN, "feed.xml": feed})
    [finding] = scan_site(site, anthology).findings
    assert finding.evidence == ("summary",)


def test_a_short_title_counts_only_where_it_stands_alone(
    tmp_path: Path, anthology: Anthology
) -> None:
    # "Gone fishing." in prose
    assert scan_site(_site(tmp_path, CLEAN), anthology).lines("site") == []
    site = _site(tmp_path / "b", {**CLEAN, "x/index.html": "<title>Gone - Site</title>"})
    assert [(f.slug, f.evidence) for f in scan_site(site, anthology).findings] == [
        ("gone", ("title",))
    ]


def test_text_shared_with_a_published_story_is_not_a_finding(
    tmp_path: Path, anthology: Anthology
) -> None:
    site = _site(tmp_path, CLEAN)
    assert SHARED_PARAGRAPH in (site / "index.html").read_text(encoding="utf-8")
    assert scan_site(site, anthology).lines("site") == []


def test_an_invalid_story_is_audited_with_its_raw_title(
    tmp_path: Path, anthology: Anthology, stories_dir: Path
) -> None:
    site = _site(tmp_path, {**CLEAN, "a.html": "<h2>The broken story nobody checked</h2>"})
    assert scan_site(site, anthology).lines("site") == []  # without the folder its title is unknown
    [finding] = scan_site(site, anthology, stories_dir=stories_dir).findings
    assert (finding.slug, finding.title, finding.evidence) == (
        "broken-story",
        "The broken story nobody checked",
        ("title",),
    )
    quoted = "its theme is misspelt in the front matter"
    part = _site(tmp_path / "b", {**CLEAN, "b.js": f"var t='{quoted}';"})
    # 8 of its 15 words: neither 25 nor the whole
    assert scan_site(part, anthology).lines("site") == []
    whole = "var t='A text that is never shown because " + quoted + ".';"
    body = _site(tmp_path / "c", {**CLEAN, "b.js": whole})
    assert [f.evidence for f in scan_site(body, anthology).findings] == [("text",)]


def test_a_one_word_slug_is_only_an_address(tmp_path: Path, anthology: Anthology) -> None:
    prose = _site(tmp_path, {"p.html": "<p>All gone now.</p>"})
    assert scan_site(prose, anthology).lines("site") == []
    site = _site(tmp_path / "b", {"p.html": '<a href="/stories/gone/">a story</a>'})
    assert [(f.slug, f.evidence) for f in scan_site(site, anthology).findings] == [
        ("gone", ("address",))
    ]


def test_finding_lines_name_the_file_and_the_story() -> None:
    finding = AuditFinding("search/search_index.json", "slug", "Title", ("text",))
    assert finding.line("site") == (
        "site/search/search_index.json: held-back story 'slug' (Title) found"
    )
    assert str(AuditFinding("a.html", "x-y", None, ("slug",))) == (
        "a.html: held-back story 'x-y' (title unknown) found"
    )


def test_a_title_holding_a_possible_identifier_is_masked() -> None:
    masked = AuditFinding("feed.xml", "born", "Born on 12 March 1954", ("title",))
    assert masked.line("site") == "site/feed.xml: held-back story 'born' ([masked]) found"
    shown = AuditFinding("feed.xml", "born", "Born in March", ("title",))
    assert shown.line("site") == "site/feed.xml: held-back story 'born' (Born in March) found"


def _audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_exits_0_with_a_summary_on_a_clean_site(
    tmp_path: Path, anthology: Anthology, stories_dir: Path
) -> None:
    site = _site(tmp_path, CLEAN)
    code, out, err = _audit(str(site), "--stories", str(stories_dir), "--date", "2025-06-01")
    assert (code, err) == (0, "")
    assert out == (
        "kairos audit: 4 files checked, no held-back story found (3 held back on 2025-06-01)\n"
    )


def test_cli_exits_1_naming_each_file_and_story(
    tmp_path: Path, anthology: Anthology, stories_dir: Path
) -> None:
    site = _site(
        tmp_path,
        {
            **CLEAN,
            "search/search_index.json": json.dumps({"docs": [{"text": HIDDEN_BODY}]}),
            "stories/index.html": '<a href="../gone/">Gone</a>',
        },
    )
    code, out, _ = _audit(f"{site}/", "--stories", str(stories_dir), "--date", "2025-06-01")
    assert code == 1
    assert out.splitlines() == [
        f"{site}/search/search_index.json: held-back story 'hidden-story' ({HIDDEN_TITLE}) found",
        f"{site}/stories/index.html: held-back story 'gone' (Gone) found",
        "kairos audit: 2 held-back stories found in 2 files of 5 checked; do not publish this site",
    ]


def test_cli_exits_2_when_a_folder_is_missing(tmp_path: Path, stories_dir: Path) -> None:
    assert _audit(str(tmp_path / "nowhere"), "--stories", str(stories_dir)) == (
        2,
        "",
        f"kairos audit: {tmp_path}/nowhere: no such folder\n",
    )
    site = _site(tmp_path, CLEAN)
    code, out, err = _audit(str(site), "--stories", str(tmp_path / "none"))
    assert (code, out) == (2, "")
    assert err == f"kairos audit: {tmp_path}/none: no such folder\n"


def test_a_process_pool_gives_the_serial_result(tmp_path: Path, anthology: Anthology) -> None:
    files: dict[str, str | bytes] = {
        **CLEAN,
        **{f"p{n}/index.html": f"<p>Page {n}: {SHARED_PARAGRAPH}</p>" for n in range(40)},
        "a.html": f"<h1>{HIDDEN_TITLE.upper()}</h1>",
        "b.json": json.dumps({"text": HIDDEN_BODY}),
        "c.txt": HIDDEN_SUMMARY.encode("utf-16"),
        "d.html.br": b"\x1b",
        "hidden-story.png": b"\x89PNG",
    }
    site = _site(tmp_path, files)
    serial = scan_site(site, anthology, workers=1)
    pooled = scan_site(site, anthology, workers=2)
    assert pooled == serial
    assert [(f.file, f.evidence) for f in serial.findings] == [
        ("a.html", ("title",)),
        ("b.json", ("text",)),
        ("c.txt", ("summary",)),
        ("hidden-story.png", ("name",)),
    ]
    assert [u.file for u in serial.unreadable] == ["d.html.br"]


def test_cli_reports_files_it_cannot_read(
    tmp_path: Path, anthology: Anthology, stories_dir: Path
) -> None:
    site = _site(tmp_path, {**CLEAN, "logo.svgz": b"\x1f\x8b broken"})
    code, out, _ = _audit(str(site), "--stories", str(stories_dir), "--date", "2025-06-01")
    assert code == 1
    assert out.splitlines() == [
        f"{site}/logo.svgz: cannot be checked: it is damaged and cannot be decompressed; "
        "remove it or fix it",
        "kairos audit: 1 file could not be read; do not publish this site",
    ]


def test_symbolic_links_in_the_site_are_findings_not_skipped(
    tmp_path: Path, anthology: Anthology
) -> None:
    """A host may publish what a link points to (an upload that follows links)."""
    site = _site(tmp_path, CLEAN)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "story.md").write_text(HIDDEN_BODY, "utf-8")
    (site / "notes.txt").symlink_to(outside / "story.md")
    (site / "extra").symlink_to(outside, target_is_directory=True)
    result = scan_site(site, anthology)
    assert [(u.file, u.reason) for u in result.unreadable] == [
        ("extra", SYMLINK),
        ("notes.txt", SYMLINK),
    ]
    assert result.findings == []
    assert result.files_checked == len(CLEAN) + 2


# Image metadata is read like page text ---------------------------------------------------

_HELD_WORDS = HIDDEN_BODY.split("\n")[0]


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "GIF", "AVIF"])
def test_a_held_back_story_s_words_in_an_image_s_metadata_are_found(
    tmp_path: Path, anthology: Anthology, kind: str
) -> None:
    tags = Image.Exif()
    tags[0x010E] = _HELD_WORDS
    options: dict[str, object] = {"comment": _HELD_WORDS} if kind == "GIF" else {"exif": tags}
    image = encoded(picture(), kind, **options)
    site = _site(tmp_path, {**CLEAN, "assets/banner.img": image})
    assert [(f.file, f.evidence) for f in scan_site(site, anthology).findings] == [
        ("assets/banner.img", ("text",))
    ]


def test_published_words_in_an_image_s_metadata_are_no_finding(
    tmp_path: Path, anthology: Anthology
) -> None:
    tags = Image.Exif()
    tags[0x010E] = PUBLISHED_BODY
    site = _site(tmp_path, {**CLEAN, "assets/banner.jpg": encoded(picture(), "JPEG", exif=tags)})
    assert scan_site(site, anthology).lines("site") == []
