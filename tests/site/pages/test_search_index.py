"""Site search with Pagefind (``kairos.site.pages.search_index``): what is indexed, how, audit.

One build of the search fixture anthology (tests/search_anthology.py) is shared; a few more
builds check ``search: none``, mkdocs-material's search, clashes and Pagefind failures. The
browser side is in test_browser_search.py.
"""

from __future__ import annotations

import gzip
import json
import logging
import struct
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from kairos.core.anthology import load_anthology
from kairos.editors.commands.cli import main
from kairos.safety.audit.readers import pagefind_text
from kairos.safety.audit.site_scan import scan_site
from kairos.site.pages.search_index import (
    KIND_FILTER,
    LEVEL_FILTER,
    ROLE_FILTER,
    THEME_FILTER,
    PagefindFailed,
    build_search_index,
)

from ...search_anthology import (
    COMMON_WORD,
    HELD_BACK,
    INDEXED_PAGES,
    PUBLISHED,
    fragments,
    pagefind_files,
    url_of_story,
    write_search_anthology,
)
from ...site_factory import (
    BUILD_DATE,
    PAGEFIND_SIGNATURE,
    PLUGIN_LOGGER,
    Built,
    build_site,
    captured_logs,
    site_texts,
    write_project,
    write_story,
    write_vocabulary,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("search")
    write_search_anthology(root)
    with captured_logs() as logs:
        site = build_site(root, strict=True)
    return Built(root, site, logs)


def _messages(logs: list[logging.LogRecord], level: int = logging.WARNING) -> list[str]:
    return [r.getMessage() for r in logs if r.levelno >= level]


# What is indexed.


def test_the_index_holds_published_stories_and_hand_written_pages_only(built: Built) -> None:
    urls = set(fragments(built.site))
    assert urls == {url_of_story(s.slug) for s in PUBLISHED} | INDEXED_PAGES
    entry = json.loads((built.site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(urls)
    infos = [r.getMessage() for r in built.logs if r.name == PLUGIN_LOGGER]
    assert f"search: Pagefind indexed {len(urls)} pages in" in " ".join(infos)
    assert _messages(built.logs) == []


@pytest.mark.parametrize(
    "page",
    ["", "stories/", "themes/", "themes/kindness/", "levels/", "levels/co-planning/", "roles/"],
)
def test_list_pages_and_the_home_page_are_not_marked_for_the_index(built: Built, page: str) -> None:
    assert "data-pagefind-body" not in built.page(page)


def test_a_story_is_indexed_by_its_title_and_text_only(built: Built) -> None:
    story = PUBLISHED[0]
    fragment = fragments(built.site)[url_of_story(story.slug)]
    content = fragment["content"]
    assert content.startswith(f"{story.title}.")
    assert story.token in content and "We sat by the window" in content
    for boilerplate in (
        "Told by",
        "minute to read",
        "Level 1 of partnership",
        "Illustrative story",
        "Before you read",
        "Questions for reflection",
        "What would you have done?",
        "Related stories",
        "All stories",
        "¶",
        "From Test anthology",  # the line printed under a story, with its address
    ):
        assert boilerplate not in content, boilerplate
    for other in PUBLISHED[1:]:
        assert other.title not in content  # related stories are not this story's text


def test_a_story_has_its_filters_and_metadata(built: Built) -> None:
    for story in PUBLISHED:
        fragment = fragments(built.site)[url_of_story(story.slug)]
        assert fragment["filters"] == {
            THEME_FILTER: list(story.theme_labels),
            LEVEL_FILTER: [story.level_filter],
            ROLE_FILTER: [story.role_filter],
            KIND_FILTER: ["story"],
        }, story.slug
        meta = fragment["meta"]
        assert meta["title"] == story.title
        assert meta["storyteller"] == story.name
        assert meta["role"] in {"patient", "professional", "family member", "carer"}
        # What the story is about, searchable and weighted, without repeating it in the text.
        assert meta["themes"] == ", ".join(story.theme_labels)
        assert meta["told_by"] == story.role_filter
        for label in story.theme_labels:
            assert label not in fragment["content"]
    first = fragments(built.site)[url_of_story(PUBLISHED[0].slug)]["meta"]
    assert first["content_notes"] == "Death and dying"
    assert first["fictional"] == "Illustrative story"
    second = fragments(built.site)[url_of_story(PUBLISHED[1].slug)]["meta"]
    assert "content_notes" not in second and "fictional" not in second


def test_hand_written_pages_leave_out_generated_parts_and_permalinks(built: Built) -> None:
    pages = fragments(built.site)
    welcome = pages["/welcome/"]
    assert welcome["meta"]["title"] == "Welcome back"
    assert "zqxwelcometoken" in welcome["content"]
    for story in PUBLISHED:  # the newest stories, filled in from <!-- kairos:newest-stories -->
        assert story.title not in welcome["content"]
    assert welcome["filters"] == {} and "storyteller" not in welcome["meta"]
    assert pages["/about/"]["meta"]["title"] == "About the anthology"
    assert "¶" not in json.dumps(pages, ensure_ascii=False)
    assert 'data-pagefind-ignore="all"' in built.page("welcome")
    assert "data-pagefind-body" not in built.page("private-notes")


def test_no_held_back_story_is_in_any_search_file(built: Built) -> None:
    files = {
        name: data.decode("utf-8", "ignore") for name, data in pagefind_files(built.site).items()
    }
    assert len(files) > 4
    for held in HELD_BACK:
        for needle in (held.token, held.slug, held.slug.replace("-", "")):
            assert [n for n, text in files.items() if needle in text] == [], (held.reason, needle)
    assert any(PUBLISHED[0].token in text for text in files.values())


# The search page and the header search box.


def test_the_search_page_is_generated_outside_the_nav_and_sitemap(built: Built) -> None:
    html = built.page("search")
    assert "<title>Search the stories - Test anthology</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'data-bundle="../pagefind/pagefind.js"' in html
    assert '<script src="../assets/javascripts/search.js"></script>' in html
    assert '<label class="kairos-search__label" for="kairos-search-q">' in html
    # Without JavaScript the form still searches: it opens this page with ?q=.
    assert (
        'id="kairos-search-form" role="search" aria-label="Stories" method="get" action="./">'
        in html
    )
    assert 'role="status" aria-live="polite"' in html
    assert "pagefind-ui" not in html and "pagefind-component-ui" not in html
    assert "kairos-header-search" not in html  # it has its own search box
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/search/" not in sitemap
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    assert 'href="../search/"' not in nav[: nav.index("</nav>")]


@pytest.mark.parametrize(
    ("page", "action"), [("", "search/"), ("stories/night-shift", "../../search/")]
)
def test_every_other_page_has_a_header_search_form(built: Built, page: str, action: str) -> None:
    html = built.page(page)
    header = html[html.index('<header class="md-header') : html.index("</header>")]
    assert (
        f'<form class="kairos-header-search" role="search" aria-label="Stories" action="{action}" '
        'method="get">'
    ) in header
    assert '<label class="kairos-visually-hidden" for="kairos-header-search-input">' in header
    assert 'name="q"' in header


def test_the_not_found_page_has_the_header_search_form_too(built: Built) -> None:
    html = (built.site / "404.html").read_text(encoding="utf-8")
    assert '<form class="kairos-header-search" role="search"' in html
    assert 'action="/anthology/search/"' in html  # 404.html is served at any depth


# Options and failures.


def test_search_none_writes_no_index_no_page_and_no_markup(tmp_path: Path) -> None:
    write_search_anthology(tmp_path, plugin={"search": "none"})
    site = build_site(tmp_path, strict=True)
    assert not (site / "pagefind").exists() and not (site / "search").exists()
    texts = site_texts(site)
    assert not [name for name, text in texts.items() if "data-pagefind-body" in text]
    pages = {name: text for name, text in texts.items() if name.endswith(".html")}
    assert not [name for name, text in pages.items() if "kairos-header-search" in text]


def test_material_search_can_still_be_used_with_search_none(tmp_path: Path) -> None:
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "one-story", body="A zqxmaterialtoken.\n")
    write_project(tmp_path, material_search=True)
    site = build_site(tmp_path, strict=True)
    assert "zqxmaterialtoken" in (site / "search/search_index.json").read_text(encoding="utf-8")
    assert not (site / "pagefind").exists()


def test_material_search_and_pagefind_together_are_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_vocabulary(tmp_path / "stories")
    write_project(tmp_path, material_search=True, plugin={"search": "pagefind"})
    with pytest.raises(Abort):
        build_site(tmp_path, strict=True)
    build_site(tmp_path, strict=False)
    assert any("mkdocs-material's search plugin is on as well" in m for m in caplog.messages)


def test_a_hand_written_search_page_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_vocabulary(tmp_path / "stories")
    write_project(tmp_path, docs={"search.md": "# My search\n"})
    with pytest.raises(Abort):
        build_site(tmp_path, strict=False)
    assert any(
        "address of the search page" in m and m.endswith("docs/search.md") for m in caplog.messages
    )


@pytest.mark.parametrize(
    ("binary", "message"),
    [("/nonexistent/pagefind", "Pagefind binary was not found"), ("/bin/false", "Pagefind failed")],
)
def test_a_pagefind_failure_stops_the_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    binary: str,
    message: str,
) -> None:
    write_search_anthology(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    with pytest.raises(Abort):
        build_site(tmp_path, strict=False)
    assert any(m.startswith("kairos: search: ") and message in m for m in caplog.messages)


def test_with_nothing_to_index_no_index_is_written(tmp_path: Path) -> None:
    write_vocabulary(tmp_path / "stories")
    write_project(tmp_path)  # a home page only, and no story
    with captured_logs() as logs:
        site = build_site(tmp_path, strict=True)
    assert not (site / "pagefind").exists()
    assert (site / "search/index.html").is_file()
    assert "search: Pagefind indexed 0 pages" in " ".join(r.getMessage() for r in logs)


def test_a_previous_index_is_removed_first(tmp_path: Path) -> None:
    stale = tmp_path / "pagefind" / "fragment" / "en_old.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    (tmp_path / "page.html").write_text(
        '<html lang="en"><body><main data-pagefind-body><h1>Hi</h1><p>Words.</p></main>'
        "<footer>Not indexed, zqxfootertoken</footer></body></html>",
        encoding="utf-8",
    )
    result = build_search_index(tmp_path, expected_pages=1)
    assert result.pages == 1 and result.warnings == ()
    assert not stale.exists()
    assert "zqxfootertoken" not in json.dumps(
        [d.decode("utf-8", "ignore") for d in pagefind_files(tmp_path).values()]
    )
    with pytest.raises(PagefindFailed, match="exit status"):
        build_search_index(tmp_path / "missing", expected_pages=1)


# The audit reads Pagefind's files.


def _cbor(value: Any) -> bytes:
    """A small CBOR encoder (RFC 8949) for the audit tests."""

    def head(major: int, argument: int) -> bytes:
        if argument < 24:
            return bytes([major << 5 | argument])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if argument < 1 << (8 * size):
                return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
        raise ValueError(argument)

    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor(item) for item in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise TypeError(value)


def test_cbor_text_strings_are_read_out_one_per_line() -> None:
    document = {
        "words": ["kindness", "wait", "é" * 30],
        "n": [0, 23, 24, 255, 256, 70000, 2**40, -1, -500, 1.5, True],
        "raw": b"\x00\xffzqxinbytes",
        "deep": [[{"k": "zqxdeepword"}]],
    }
    text = pagefind_text(PAGEFIND_SIGNATURE + _cbor(document), ".pf_index")
    assert text.split("\n") == [
        "words",
        "kindness",
        "wait",
        "é" * 30,
        "n",
        "raw",
        "deep",
        "k",
        "zqxdeepword",
    ]
    # A file that is not CBOR is still read, as text.
    assert "zqxplain" in pagefind_text(PAGEFIND_SIGNATURE + b"\xff\xfe zqxplain", ".pf_meta")


def _write_pagefind_file(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(PAGEFIND_SIGNATURE + body, mtime=0))


def test_the_audit_finds_a_held_back_story_in_pagefind_files(built: Built, tmp_path: Path) -> None:
    anthology = load_anthology(built.root / "stories", BUILD_DATE)
    site = tmp_path / "site"
    site.mkdir()
    held = HELD_BACK[0]
    # A fragment: the story's address and text, as Pagefind would write it.
    fragment = {
        "url": url_of_story(held.slug),
        "content": f"The {COMMON_WORD} of kindness, {held.token}, never to be shown.",
        "meta": {"title": f"The {held.token} story"},
        "filters": {},
    }
    _write_pagefind_file(site / "pagefind/fragment/en_1.pf_fragment", json.dumps(fragment).encode())
    # An index: the slug as a word. Read as plain bytes, the CBOR header of an 12-character
    # string ("l", 0x6c) would be glued to it, and the slug would not be found.
    _write_pagefind_file(site / "pagefind/index/en_2.pf_index", _cbor([[held.slug, [1, 2]]]))
    findings = {(f.file, f.slug): f.evidence for f in scan_site(site, anthology).findings}
    assert set(findings[("pagefind/fragment/en_1.pf_fragment", held.slug)]) >= {"address", "title"}
    assert findings[("pagefind/index/en_2.pf_index", held.slug)] == ("slug",)

    result = CliRunner().invoke(
        main, ["audit", str(site), "--stories", str(built.root / "stories"), "--date", "2025-06-01"]
    )
    assert result.exit_code == 1
    assert f"/pagefind/index/en_2.pf_index: held-back story '{held.slug}'" in result.output


def test_the_audit_of_the_built_site_covers_the_search_files_and_is_clean(built: Built) -> None:
    anthology = load_anthology(built.root / "stories", BUILD_DATE)
    result = scan_site(built.site, anthology, stories_dir=built.root / "stories")
    assert result.findings == [] and result.held_back == len(HELD_BACK)
    pagefind = len(pagefind_files(built.site))
    assert pagefind > 4
    total_text = sum(
        1 for path in built.site.rglob("*") if path.is_file() and path.suffix != ".pagefind"
    )
    assert result.files_checked >= total_text - 5  # fonts and images aside, every file is read
