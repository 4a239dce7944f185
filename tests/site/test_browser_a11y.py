"""The phone menu and the search page, as readers meet them at a phone's and a desktop's width.

The tests' sample anthology is built once a session (tests/sample_site.py) and served under
/kairos/, as GitHub Pages serves it. axe runs on every page type in test_browser_axe.py.

* No ``<label>`` has a role: the drawer's menu button is a real button.
* The drawer on a phone, from the keyboard: Tab and Shift+Tab stay in it, wrap round, never land
  on a hidden element or a closed sub-list, and never scroll it sideways; Escape closes a
  sub-list, then the drawer, and focus goes back to the menu button.
* The search page keeps site navigation at desktop width, and its results arrive without any
  layout shift (measured with a PerformanceObserver for ``layout-shift`` entries), although the
  search index is held back until the page has painted, as on a slow connection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Route

from kairos.core.anthology import load_anthology

from ..browser_support import PHONE, WIDTHS, PageRecord, record_page, serve_site
from ..sample_site import BUILD_DATE, STORIES, SampleSite
from ..site_factory import SITE_URL, build_site, write_project, write_story, write_vocabulary

pytestmark = pytest.mark.browser

_ANTHOLOGY = load_anthology(STORIES, BUILD_DATE)
_STORY = next(judged.slug for judged in _ANTHOLOGY.published if judged.story.content_notes)

#: A word in several published stories, so the search page shows results.
SEARCH_WORD = "nurse"

#: The pages read here.
PAGES = {
    "home": "",
    "story": f"stories/{_STORY}/",
    "search": f"search/?q={SEARCH_WORD}",
    "hand-written": "about/",
}


@pytest.fixture(scope="module")
def contexts(chromium: Browser) -> Iterator[dict[str, BrowserContext]]:
    opened = {name: chromium.new_context(viewport=size) for name, size in WIDTHS.items()}  # type: ignore[arg-type]
    try:
        yield opened
    finally:
        for context in opened.values():
            context.close()


def _open(contexts: dict[str, BrowserContext], width: str) -> tuple[Page, PageRecord]:
    page = contexts[width].new_page()
    return page, record_page(page)


def _settle(page: Page) -> None:
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def test_no_label_in_the_built_site_has_a_role(sample_site: SampleSite) -> None:
    pages = sorted(sample_site.root.rglob("*.html"))
    assert len(pages) > 20
    with_role = [
        f"{path.relative_to(sample_site.root)}: {tag}"
        for path in pages
        for tag in re.findall(r"<label\b[^>]*\brole=[^>]*>", path.read_text(encoding="utf-8"))
    ]
    assert with_role == []


# -- the drawer on a phone, from the keyboard ---------------------------------------------------

#: The focused element and where it is: in the drawer, in a closed sub-list, on screen.
_FOCUSED = """() => {
  const element = document.activeElement;
  const drawer = document.getElementById('kairos-drawer');
  const panels = drawer.querySelector('.md-sidebar__scrollwrap');
  const box = element.getBoundingClientRect();
  const frame = drawer.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {
    key: element.tagName + ' ' + (element.id || element.getAttribute('href')
      || element.getAttribute('for') || element.getAttribute('aria-label') || ''),
    text: ((element.textContent || '').trim() || element.getAttribute('aria-label') || '')
      .replace(/\\s+/g, ' ').slice(0, 40),
    id: element.id,
    inDrawer: drawer.contains(element),
    inClosedList: Boolean(element.closest('.md-nav__toggle:not(:checked) ~ .md-nav')),
    onScreen: box.width > 0 && box.height > 0 && box.left >= frame.left - 1
      && box.right <= frame.right + 1 && box.top >= 0 && box.bottom <= innerHeight
      && style.visibility === 'visible',
    sideways: panels.scrollLeft,
    drawerLeft: Math.round(frame.left),
  };
}"""

_STATE = """() => ({
  expanded: document.getElementById('kairos-menu-button').getAttribute('aria-expanded'),
  checked: document.getElementById('__drawer').checked,
  inert: [...document.querySelectorAll('[inert]')].map(e => e.className || e.tagName),
  contentInert: Boolean(document.querySelector('.md-content').closest('[inert]')),
  headerInert: Boolean(document.querySelector('.md-header').closest('[inert]')),
})"""


def _focused(page: Page) -> dict[str, Any]:
    seen: dict[str, Any] = page.evaluate(_FOCUSED)
    return seen


def _press(page: Page, key: str) -> dict[str, Any]:
    page.keyboard.press(key)
    _settle(page)
    return _focused(page)


def _open_drawer(page: Page, url: str) -> None:
    """Tab from the top of the page to the menu button and press Enter."""
    page.goto(url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kairos-menu-button":
            break
    button = page.locator("#kairos-menu-button")
    assert page.evaluate("document.activeElement.id") == "kairos-menu-button", "Tab missed it"
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "kairos-drawer"
    assert button.inner_text().strip() == "Menu"
    assert page.locator('label[for="__drawer"].md-header__button').is_hidden()
    page.keyboard.press("Enter")
    _settle(page)
    state = page.evaluate(_STATE)
    assert state["expanded"] == "true" and state["checked"], state
    assert state["contentInert"] and state["headerInert"], state


def _walk(page: Page, key: str = "Tab") -> list[dict[str, Any]]:
    """Press ``key`` until focus comes back to where it started; every stop is checked."""
    start = _focused(page)
    stops = [start]
    for _ in range(80):
        seen = _press(page, key)
        assert seen["inDrawer"], f"{key} left the open drawer for {seen}"
        assert not seen["inClosedList"], f"{key} went into a closed sub-list: {seen}"
        assert seen["onScreen"], f"{key} landed on something not shown: {seen}"
        assert seen["sideways"] == 0 and seen["drawerLeft"] == 0, f"drawer scrolled: {seen}"
        if seen["key"] == start["key"]:
            return stops
        stops.append(seen)
    raise AssertionError(f"{key} never came back round: {[stop['text'] for stop in stops]}")


@pytest.mark.parametrize("name", ["hand-written", "story", "home"])
def test_the_open_drawer_keeps_tab_inside_it_and_escape_returns_to_the_menu_button(
    sample_site: SampleSite, contexts: dict[str, BrowserContext], name: str
) -> None:
    page, _ = _open(contexts, "phone")
    try:
        _open_drawer(page, sample_site.base + PAGES[name])
        first = _focused(page)
        assert first["text"] == "Close menu" and first["inDrawer"], first
        forward = _walk(page, "Tab")
        texts = [stop["text"] for stop in forward]
        assert {"Stories", "Themes", "About", "Sharing your story"} <= set(texts), texts
        backward = _walk(page, "Shift+Tab")
        assert [stop["key"] for stop in backward] == [forward[0]["key"]] + [
            stop["key"] for stop in reversed(forward[1:])
        ]
        assert _press(page, "Escape")["id"] == "kairos-menu-button"
        state = page.evaluate(_STATE)
        assert state == {
            "expanded": "false",
            "checked": False,
            "inert": [],
            "contentInert": False,
            "headerInert": False,
        }
    finally:
        page.close()


@pytest.fixture(scope="module")
def sectioned_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site whose nav has a section (the sample anthology's tabs have none)."""
    root = tmp_path_factory.mktemp("sectioned")
    write_vocabulary(root / "stories")
    write_story(root / "stories", "tea-at-four")
    config_file = write_project(
        root,
        docs={
            "other.md": "# Another page\n\nElsewhere.\n",
            "guides/index.md": "# Guides\n\nHow we work.\n",
            "guides/first.md": "# First guide\n\nOne.\n",
            "guides/second.md": "# Second guide\n\nTwo.\n",
        },
    )
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["nav"].append({"Another page": "other.md"})
    section = ["guides/index.md", {"First": "guides/first.md"}, {"Second": "guides/second.md"}]
    config["nav"].append({"Guides": section})
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = build_site(root)
    with serve_site(site, urlsplit(SITE_URL).path) as base:
        yield base


def test_a_section_of_the_drawer_opens_from_the_keyboard_and_escape_closes_it_first(
    sectioned_site: str, contexts: dict[str, BrowserContext]
) -> None:
    page, _ = _open(contexts, "phone")
    try:
        _open_drawer(page, sectioned_site + "other/")
        for _ in range(30):
            if _press(page, "Tab")["text"] == "Guides":
                break
        section = _focused(page)
        assert section["key"].startswith("LABEL"), section
        inside = _press(page, "Enter")
        assert inside["text"] == "Guides" and inside["key"].startswith("A "), inside
        assert inside["onScreen"] and inside["sideways"] == 0, inside
        texts = [stop["text"] for stop in _walk(page, "Tab")]
        assert texts[0] == "Guides" and texts[-1] == "Close menu", texts
        assert {"First", "Second"} <= set(texts), texts
        back = _press(page, "Escape")
        assert back["key"] == section["key"] and back["onScreen"], back
        assert page.evaluate(_STATE)["expanded"] == "true"
        assert _press(page, "Escape")["id"] == "kairos-menu-button"
    finally:
        page.close()


def test_a_tap_on_the_overlay_closes_the_drawer_and_frees_the_page(
    sample_site: SampleSite, contexts: dict[str, BrowserContext]
) -> None:
    page, _ = _open(contexts, "phone")
    try:
        page.goto(sample_site.base + PAGES["story"])
        page.locator("#kairos-menu-button").click()
        _settle(page)
        assert _focused(page)["text"] == "Close menu"
        page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)  # right of the drawer
        _settle(page)
        state = page.evaluate(_STATE)
        assert state["expanded"] == "false" and not state["checked"] and state["inert"] == []
    finally:
        page.close()


# -- the search page ----------------------------------------------------------------------------


def test_the_search_page_keeps_site_navigation_at_desktop_width(
    sample_site: SampleSite, contexts: dict[str, BrowserContext]
) -> None:
    page, _ = _open(contexts, "desktop")
    try:
        page.goto(sample_site.base + PAGES["search"])
        # Links in a navigation landmark other than the header bar (the tabs under it).
        links = page.locator("nav:not(.md-header__inner) a:visible").evaluate_all(
            "links => links.map(link => new URL(link.href).pathname)"
        )
        sections = {path.rstrip("/").split("/")[-1] for path in links}
        assert {"stories", "themes"} <= sections, links
    finally:
        page.close()


#: Keeps every layout shift not caused by the reader, with what moved; ``kairosShifts()`` also
#: takes the entries recorded but not yet handed to the observer.
_LAYOUT_SHIFTS = """
window.kairosShiftList = [];
const keep = entries => {
  for (const entry of entries) {
    if (entry.hadRecentInput) continue;
    window.kairosShiftList.push({
      value: entry.value,
      moved: entry.sources.map(source => source.node && source.node.nodeType === 1
        ? `${source.node.tagName}.${source.node.className}` : String(source.node)),
    });
  }
};
const observer = new PerformanceObserver(list => keep(list.getEntries()));
observer.observe({type: 'layout-shift', buffered: true});
window.kairosShifts = () => { keep(observer.takeRecords()); return window.kairosShiftList; };
"""
#: The search page has said how many results there are, and shown them.
_SEARCH_SETTLED = """() => {
  const status = document.querySelector('#kairos-search-status').textContent;
  const list = document.querySelector('#kairos-search-results');
  return /results? for/.test(status) && list.getAttribute('aria-busy') === 'false'
    && document.querySelectorAll('.kairos-filter').length > 0;
}"""
#: Two animation frames: the layout of everything shown so far is done and its shifts recorded.
_NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_arrive_without_moving_the_page(
    sample_site: SampleSite, chromium: Browser, width: str
) -> None:
    context = chromium.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    try:
        context.add_init_script(_LAYOUT_SHIFTS)
        page = context.new_page()
        # As on a slow connection: the search index arrives only after the page has painted.
        held: list[Route] = []

        def hold_until_painted(route: Route) -> None:
            if painted:
                route.continue_()
            else:
                held.append(route)

        painted = False
        page.route("**/pagefind/**", hold_until_painted)
        with page.expect_request("**/pagefind/**"):  # before or after the first paint
            page.goto(sample_site.base + PAGES["search"])
        page.wait_for_function("performance.getEntriesByType('paint').length > 0")
        page.evaluate(_NEXT_FRAMES)
        assert page.locator("#kairos-search-results li").count() == 0
        assert held, "the search page asked for no index file before it painted"
        painted = True
        for route in held:
            route.continue_()
        page.wait_for_function(_SEARCH_SETTLED)
        page.evaluate(_NEXT_FRAMES)
        shifts: list[dict[str, Any]] = page.evaluate("window.kairosShifts()")
        # Web Vitals call a layout shift score under 0.1 good; this asks ten times less. It
        # does not ask for none: under a heavy load, the header was once seen to move by
        # 0.0009 (a fraction of a pixel row) while the results arrived.
        assert sum(shift["value"] for shift in shifts) < 0.01, shifts
    finally:
        context.close()
