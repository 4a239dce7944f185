"""Site search in headless Chromium: the search page, its filters, keyboard use and file://.

The search fixture anthology (tests/search_anthology.py: four published stories, one held
back for each reason, three hand-written pages) is built once for the module and served on
127.0.0.1. Every page opened here is checked for requests leaving 127.0.0.1, console errors
and page errors. axe runs on the search page (with results, with a filter ticked, and offering
longer words) in test_browser_axe.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from ..browser_support import DESKTOP, PHONE, PageRecord, record_page, serve_directory
from ..sample_site import SampleSite
from ..search_anthology import COMMON_WORD, HELD_BACK, PUBLISHED, pagefind_files
from ..search_anthology import write_search_anthology as write_anthology
from ..site_factory import build_site, write_project, write_story, write_vocabulary

pytestmark = pytest.mark.browser

#: Results appear well within a second here; this only bounds a hung page.
WAIT_MS = 10_000

SUMMARY = "#kairos-search-status"
RESULT_LINKS = ".kairos-search-result__title a"
SEARCH_INPUT = "#kairos-search-q"

#: Everything the live regions of the page announce, recorded as it happens.
_RECORD_ANNOUNCEMENTS = """
window.kairosAnnouncements = [];
new MutationObserver(() => {
  document.querySelectorAll('[aria-live]').forEach((region) => {
    const text = region.textContent.trim();
    if (text) window.kairosAnnouncements.push(text);
  });
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

_FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const ringOn = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  return {
    tag: element.tagName,
    id: element.id,
    type: element.getAttribute('type') || '',
    name: element.getAttribute('name') || '',
    value: element.value || '',
    href: element.getAttribute('href') || '',
    text: (element.textContent || '').trim().slice(0, 60),
    inResults: Boolean(element.closest('.kairos-search-result')),
    inFilters: Boolean(element.closest('#kairos-search-filters')),
    ring: ringOn(element) || (element.type === 'checkbox' && ringOn(element.closest('label'))),
  };
}"""


@dataclass
class Site:
    root: Path
    base: str
    browser: Browser
    records: list[PageRecord]
    contexts: list[BrowserContext] = field(default_factory=list)

    def page(self, viewport: dict[str, int] = DESKTOP) -> Page:
        context = self.browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        self.contexts.append(context)
        page = context.new_page()
        page.add_init_script(_RECORD_ANNOUNCEMENTS)
        self.records.append(record_page(page))
        return page


@pytest.fixture(scope="module")
def site(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("browser-search")
    write_anthology(root)
    site_dir = build_site(root, strict=True)
    with serve_directory(site_dir) as base:
        yield Site(site_dir, base, chromium, [])


@pytest.fixture(autouse=True)
def _clean_pages(site: Site) -> Iterator[None]:
    """After each test: nothing left 127.0.0.1, no console or page error, no dialog."""
    site.records.clear()
    yield
    while site.contexts:
        site.contexts.pop().close()
    for record in site.records:
        assert record.foreign_requests() == []
        assert record.console_errors == [] and record.page_errors == [] and record.dialogs == []


def _search(site: Site, page: Page, query: str) -> None:
    page.goto(f"{site.base}search/?q={quote(query)}")
    page.wait_for_function(
        "s => /results? for|No results/.test(document.querySelector(s)?.textContent || '')",
        arg=SUMMARY,
        timeout=WAIT_MS,
    )


def _summary(page: Page) -> str:
    return page.locator(SUMMARY).inner_text().strip()


def _wait_for_count(page: Page, count: int) -> None:
    expected = "1 result" if count == 1 else f"{count} results"
    page.wait_for_function(
        "([s, e]) => (document.querySelector(s)?.textContent || '').includes(e)",
        arg=[SUMMARY, expected],
        timeout=WAIT_MS,
    )


def _wait_for_announcement(page: Page, text: str) -> None:
    page.wait_for_function("t => window.kairosAnnouncements.includes(t)", arg=text, timeout=WAIT_MS)


def _titles(page: Page, count: int) -> list[str]:
    """The titles of the results shown, once ``count`` are."""
    page.wait_for_function(
        "([links, count]) => document.querySelectorAll(links).length === count",
        arg=[RESULT_LINKS, count],
        timeout=WAIT_MS,
    )
    return sorted(page.locator(RESULT_LINKS).all_inner_texts())


def _filter(page: Page, name: str, value: str) -> Any:
    return page.locator(f'#kairos-search-filters input[name="{name}"][value="{value}"]')


def _counts(page: Page, name: str) -> dict[str, int]:
    """The choices of one filter, with the count shown next to each."""
    counts = {}
    for label in page.locator(f'label.kairos-filter__choice:has(input[name="{name}"])').all():
        value = label.locator("input").get_attribute("value") or ""
        counts[value] = int(label.locator(".kairos-filter__count").inner_text().strip("()"))
    return counts


def test_a_query_finds_a_published_story_with_highlight_and_storyteller(site: Site) -> None:
    story = PUBLISHED[0]
    page = site.page()
    _search(site, page, story.token)
    assert _summary(page) == f"1 result for \u201c{story.token}\u201d"
    result = page.locator(".kairos-search-result").first
    result.wait_for(timeout=WAIT_MS)
    assert result.locator("h3 a").inner_text() == story.title
    assert result.locator("h3 a").get_attribute("href") == f"/stories/{story.slug}/"
    assert result.locator(".kairos-search-result__byline").inner_text() == (
        f"Told by {story.name}, {story.role} · Illustrative story"
    )
    assert result.locator(".kairos-search-result__summary").inner_text() == (
        f"A summary of {story.title.lower()}."
    )
    assert result.locator(".kairos-search-result__notes").inner_text() == (
        "Content notes: Death and dying"
    )
    assert (
        result.locator(".kairos-search-result__excerpt mark")
        .first.inner_text()
        .startswith(story.token)
    )
    assert page.locator(SEARCH_INPUT).input_value() == story.token  # from ?q=
    _wait_for_announcement(page, _summary(page))  # the live region said it


def test_each_filter_narrows_the_results_and_shows_counts(site: Site) -> None:
    page = site.page()
    _search(site, page, COMMON_WORD)
    _wait_for_count(page, len(PUBLISHED))
    assert _titles(page, 4) == sorted(story.title for story in PUBLISHED)
    assert _counts(page, "Theme") == {"Being heard": 1, "Hope": 1, "Kindness": 2, "Waiting": 2}
    assert _counts(page, "Level of partnership") == {
        "Level 1: Civil discourse": 2,
        "Level 2: Co-planning": 1,
        "Level 3: Co-execution": 1,
    }
    assert _counts(page, "Told by") == {
        "Carers": 1,
        "Family members": 1,
        "Patients": 1,
        "Professionals": 1,
    }

    _filter(page, "Theme", "Kindness").check()
    _wait_for_count(page, 2)
    assert _titles(page, 2) == ["A quiet kindness at night", "In the small hours"]
    assert _counts(page, "Told by") == {
        "Carers": 1,
        "Family members": 0,
        "Patients": 1,
        "Professionals": 0,
    }
    assert _counts(page, "Level of partnership") == {
        "Level 1: Civil discourse": 2,
        "Level 2: Co-planning": 0,
        "Level 3: Co-execution": 0,
    }

    _filter(page, "Told by", "Carers").check()
    _wait_for_count(page, 1)
    assert _titles(page, 1) == ["In the small hours"]

    _filter(page, "Told by", "Carers").uncheck()
    _filter(page, "Theme", "Kindness").uncheck()
    _filter(page, "Level of partnership", "Level 2: Co-planning").check()
    _wait_for_count(page, 1)
    assert _titles(page, 1) == ["The long night shift"]
    _wait_for_announcement(page, f"1 result for \u201c{COMMON_WORD}\u201d, with the filters ticked")


def test_held_back_stories_are_never_found(site: Site) -> None:
    page = site.page()
    for held in HELD_BACK:
        _search(site, page, held.token)
        assert _summary(page).startswith(f"No results for \u201c{held.token}\u201d"), held.reason
        assert page.locator(".kairos-search-result").count() == 0
    # Nor are they in any file Pagefind wrote, decompressed.
    files = {
        name: data.decode("utf-8", "ignore") for name, data in pagefind_files(site.root).items()
    }
    for held in HELD_BACK:
        for needle in (held.token, held.slug):
            assert [name for name, text in files.items() if needle in text] == [], held.reason


def _tab_until(page: Page, wanted: str, limit: int = 60) -> tuple[dict[str, Any], list[Any]]:
    """Press Tab until the focused element matches ``wanted`` (a JS predicate on it)."""
    walk = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen = page.evaluate(_FOCUSED)
        walk.append(seen)
        if page.evaluate(f"(f) => ({wanted})(f)", seen):
            return seen, walk
    raise AssertionError(f"Tab never reached {wanted}: {walk}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_works_with_the_keyboard_alone(site: Site, viewport: dict[str, int]) -> None:
    page = site.page(viewport)
    if viewport is DESKTOP:
        # From any page, Tab reaches the header search box; type, and Enter.
        page.goto(f"{site.base}stories/night-shift/")
        box, _ = _tab_until(page, "f => f.id === 'kairos-header-search-input'")
        assert box["ring"], box
        page.keyboard.type(COMMON_WORD)
        page.keyboard.press("Enter")
    else:
        # On a phone the header shows only the search button: it opens the search page.
        page.goto(f"{site.base}stories/night-shift/")
        button, _ = _tab_until(page, "f => f.tag === 'BUTTON' && f.text === 'Search'")
        assert button["ring"], button
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q=$"), timeout=WAIT_MS)
        _tab_until(page, "f => f.tag === 'INPUT' && f.type === 'search'")
        page.keyboard.type(COMMON_WORD)
    page.wait_for_url(re.compile(rf"/search/\?q={COMMON_WORD}$"), timeout=WAIT_MS)
    _wait_for_count(page, len(PUBLISHED))

    if viewport is PHONE:
        # Filters start closed on a phone, after the search box: open them from the keyboard.
        group, _ = _tab_until(page, "f => f.tag === 'SUMMARY' && /Narrow/.test(f.text)")
        assert group["ring"], group
        page.keyboard.press("Enter")
    checkbox, walk = _tab_until(
        page, "f => f.tag === 'INPUT' && f.type === 'checkbox' && f.value === 'Kindness'"
    )
    assert checkbox["ring"], checkbox
    assert all(step["ring"] for step in walk if step["inFilters"]), walk
    page.keyboard.press("Space")
    _wait_for_count(page, 2)

    link, _ = _tab_until(page, "f => f.inResults && f.tag === 'A'")
    assert link["ring"], link
    assert link["text"] in {"A quiet kindness at night", "In the small hours"}
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/stories/(quiet-kindness|small-hours)/$"), timeout=WAIT_MS)


def test_opened_from_disk_the_page_points_to_the_browse_pages(site: Site) -> None:
    page = site.page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((site.root / "search" / "index.html").as_uri() + "?q=kindness")
    message = page.locator("#kairos-search-unavailable")
    message.wait_for(state="visible", timeout=WAIT_MS)
    assert "opened from a folder on this computer" in message.inner_text()
    assert page.locator("#kairos-search-ui").is_hidden()
    links = message.locator("a")
    assert links.all_inner_texts() == [
        "All stories",
        "Themes",
        "Levels of partnership",
        "Storytellers",
    ]
    assert links.first.get_attribute("href") == "../stories/index.html"
    links.first.click()
    page.wait_for_url(re.compile(r"/stories/index\.html$"), timeout=WAIT_MS)
    assert page.locator("h1").first.inner_text() == "All stories"
    # No search file was ever asked for. From disk mkdocs-material's own script cannot read
    # sitemap.xml either: those errors are its own, not the search page's.
    record = site.records[-1]
    assert [url for url in record.requests if "/pagefind/" in url] == []
    assert {url.rsplit("/", 1)[-1] for url in failed} <= {"sitemap.xml"}
    record.console_errors[:] = [
        e for e in record.console_errors if "sitemap.xml" not in e and "net::ERR_FAILED" not in e
    ]
    assert [url for url in record.requests if not url.startswith("file:///")] == []
    record.requests.clear()  # all from disk: none left the computer


@pytest.fixture(scope="module")
def many(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """23 published stories that share a word: more results than one page shows (ten)."""
    root = tmp_path_factory.mktemp("browser-search-many")
    write_vocabulary(root / "stories")
    for number in range(23):
        write_story(
            root / "stories",
            f"story-{number:02d}",
            title=f"Morning story {number:02d}",
            body=f"The zqxmorningword of story {number:02d}.\n",
        )
    write_project(root)
    site_dir = build_site(root, strict=True)
    with serve_directory(site_dir) as base:
        yield Site(site_dir, base, chromium, [])


def test_more_results_come_ten_at_a_time_and_take_the_focus(many: Site) -> None:
    page = many.page()
    _search(many, page, "zqxmorningword")
    assert _summary(page) == "23 results for \u201czqxmorningword\u201d"
    assert len(_titles(page, 10)) == 10
    more = page.locator("#kairos-search-more")
    assert more.inner_text() == "Show more results (13 more)"
    more.focus()
    page.keyboard.press("Enter")
    _titles(page, 20)
    focused = page.evaluate(_FOCUSED)
    assert focused["inResults"] and focused["ring"], focused
    assert focused["text"] == page.locator(RESULT_LINKS).nth(10).inner_text()
    assert more.inner_text() == "Show more results (3 more)"
    more.click()
    _titles(page, 23)
    assert more.is_hidden()
    for record in many.records:  # the autouse check looks at the other site's pages
        assert record.foreign_requests() == [] and record.console_errors == []


# Filters in the address, and search on a phone (issue 19, part 5).


def test_filters_are_kept_in_the_address_and_survive_a_reload(site: Site) -> None:
    page = site.page()
    _search(site, page, COMMON_WORD)
    _wait_for_count(page, len(PUBLISHED))
    _filter(page, "Theme", "Kindness").check()
    _wait_for_count(page, 2)
    _filter(page, "Told by", "Carers").check()
    _wait_for_count(page, 1)
    page.wait_for_url(
        re.compile(rf"/search/\?q={COMMON_WORD}&theme=Kindness&role=Carers$"), timeout=WAIT_MS
    )
    page.reload()
    _wait_for_count(page, 1)
    assert _titles(page, 1) == ["In the small hours"]
    assert _filter(page, "Theme", "Kindness").is_checked()
    assert _filter(page, "Told by", "Carers").is_checked()
    assert not _filter(page, "Theme", "Waiting").is_checked()
    _filter(page, "Told by", "Carers").uncheck()
    _wait_for_count(page, 2)
    page.wait_for_url(re.compile(rf"/search/\?q={COMMON_WORD}&theme=Kindness$"), timeout=WAIT_MS)
    # A shared address with a filter and no words lists that filter's stories.
    page.goto(f"{site.base}search/?level={quote('Level 1: Civil discourse')}")
    _wait_for_count(page, 2)
    assert _titles(page, 2) == ["A quiet kindness at night", "In the small hours"]
    assert page.locator(SEARCH_INPUT).input_value() == ""
    assert _summary(page) == "2 results, with the filters ticked"


def test_a_word_that_only_begins_longer_words_is_no_result(site: Site) -> None:
    page = site.page()
    _search(site, page, COMMON_WORD[:-2])
    assert _summary(page) == f"No results for \u201c{COMMON_WORD[:-2]}\u201d. Try other words."
    assert page.locator(".kairos-search-result").count() == 0
    offer = page.locator("#kairos-search-suggestions")
    offer.wait_for(state="visible", timeout=WAIT_MS)
    assert offer.inner_text() == f"Longer words that begin like yours: {COMMON_WORD}."


#: The phone the issue was tried on: the suite's phone width, and its screen's height.
TALL_PHONE = {"width": PHONE["width"], "height": 812}


def test_on_a_phone_a_result_is_on_screen_after_ticking_a_filter(
    sample_site: SampleSite, chromium: Browser
) -> None:
    """The sample anthology's sixteen themes make a long list: it scrolls inside its box."""
    context = chromium.new_context(viewport=TALL_PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    record = record_page(page)
    try:
        page.goto(f"{sample_site.base}search/?q=the")
        page.locator(".kairos-search-result").first.wait_for(timeout=WAIT_MS)
        page.locator("#kairos-search-filters > summary").click()
        choices = page.locator("label.kairos-filter__choice:not(.kairos-filter__choice--none)")
        assert page.locator('#kairos-search-filters input[name="Theme"]').count() > 10
        box = choices.filter(has=page.locator('input[name="Theme"]')).last.locator("input")
        box.check()
        page.wait_for_function(
            "s => /with the filters ticked/.test(document.querySelector(s).textContent)",
            arg=SUMMARY,
            timeout=WAIT_MS,
        )
        first = page.locator(RESULT_LINKS).first
        first.wait_for(timeout=WAIT_MS)
        where = first.bounding_box()
        assert where is not None
        assert where["y"] >= 0 and where["y"] + where["height"] <= TALL_PHONE["height"], where
        # From the filter just ticked: Tab, then Enter, and the first result has the focus.
        box.focus()
        page.keyboard.press("Tab")
        link = page.evaluate(_FOCUSED)
        assert link["id"] == "kairos-search-to-results" and link["ring"], link
        assert re.fullmatch(r"Show the (result|\d+ results)", link["text"]), link
        page.keyboard.press("Enter")
        focused = page.evaluate(_FOCUSED)
        assert focused["inResults"] and focused["tag"] == "A", focused
        assert focused["text"] == first.inner_text()
    finally:
        context.close()
    assert record.foreign_requests() == [] and record.page_errors == []
    assert record.console_errors == []
