"""axe-core on every kind of page, at one phone and one desktop width: the suite's one axe matrix.

The tests' sample anthology is built once a session (tests/sample_site.py) and served under
/kairos/, as GitHub Pages serves it, with its 404 page for addresses that do not exist. Every
axe run of the suite is here; the other browser modules test behaviour.

* Each page type (generated pages, each hand-written page, the search page with results, with a
  filter ticked and offering longer words, and the "not found" page) at :data:`PHONE` and
  :data:`DESKTOP` width in the light palette, and in the dark one (chosen as readers get it, by
  the system preference) on the pages listed in :data:`DARK`: axe finds no violation. It runs
  its default rules (WCAG 2.0, 2.1 and 2.2 A/AA and its best practices, such as
  ``aria-allowed-role``) and ``target-size`` (WCAG 2.2 AA, off by default in axe 4).
* On the same visit: every request stays on 127.0.0.1, no resource hint points elsewhere, no
  page error, no dialog, and no console error (but the "not found" page's own 404 status).
* The palette switch turns a story dark, and it stays accessible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from kairos.core.anthology import load_anthology

from ..browser_support import DESKTOP, PHONE, Tabs
from ..sample_site import BUILD_DATE, STORIES, SampleSite

pytestmark = pytest.mark.browser

#: axe's default rules, and target-size (WCAG 2.2 AA 2.5.8), which axe 4 leaves off by default.
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = {"light": "default", "dark": "slate"}

_ANTHOLOGY = load_anthology(STORIES, BUILD_DATE)
_PUBLISHED = [judged.story for judged in _ANTHOLOGY.published if judged.story]
_STORY = min(judged.slug for judged in _ANTHOLOGY.published if judged.story.content_notes)
_WITHDRAWN = next(
    judged.slug
    for judged in _ANTHOLOGY.held_back
    if any(reason.value == "withdrawn" for reason in judged.verdict.reasons)
)


def _commonest(values: Counter[str]) -> str:
    return min(values, key=lambda key: (-values[key], key))


#: A word in several published stories, so the search page shows results.
SEARCH_WORD = "nurse"

#: One page of each type, and each hand-written page.
PAGES = {
    "home": "",
    "story": f"stories/{_STORY}/",
    "all-stories": "stories/",
    "themes": "themes/",
    "theme": f"themes/{_commonest(Counter(t for s in _PUBLISHED for t in s.themes))}/",
    "levels": "levels/",
    "level": f"levels/{_commonest(Counter(s.framework_level for s in _PUBLISHED))}/",
    "roles": "roles/",
    "role": f"roles/{_commonest(Counter(s.storyteller.role for s in _PUBLISHED))}/",
    "teaching": "teaching/",
    "collection": f"teaching/{min(c.slug for c in _ANTHOLOGY.collections)}/",
    "search": f"search/?q={SEARCH_WORD}",
    "search-filtered": f"search/?q={SEARCH_WORD}",
    "search-longer-words": f"search/?q={SEARCH_WORD[:-1]}",
    "not-found": f"stories/{_WITHDRAWN}/",
    "about": "about/",
    "sharing-your-story": "sharing-your-story/",
    "consent-and-privacy": "consent-and-privacy/",
    "accessibility": "accessibility/",
}
#: Pages read in the dark palette too: one of each kind on a phone, and the reading and search
#: pages on a desktop (the dark palette changes colours only; the layout is the light one's).
DARK = {
    "phone": [
        "home",
        "story",
        "all-stories",
        "themes",
        "theme",
        "search",
        "search-filtered",
        "not-found",
        "about",
        "consent-and-privacy",
    ],
    "desktop": ["home", "story", "all-stories", "theme", "search", "search-filtered", "not-found"],
}
CELLS = [(name, width, "light") for width in WIDTHS for name in PAGES]
CELLS += [(name, width, "dark") for width, names in DARK.items() for name in names]

#: The search page has shown its results (or said there are none) and finished rendering them.
_SEARCH_SETTLED = """() => {
  const status = document.querySelector('#kairos-search-status').textContent;
  const list = document.querySelector('#kairos-search-results');
  return /results? for|No results/.test(status) && list.getAttribute('aria-busy') === 'false';
}"""
_FILTERED = """() => /with the filters ticked/.test(
  document.querySelector('#kairos-search-status').textContent)
  && document.querySelector('#kairos-search-results').getAttribute('aria-busy') === 'false'"""
#: Resource hints that would open a connection to another host without a request event.
_FOREIGN_HINTS = """() => [...document.querySelectorAll(
    'link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=preload], link[rel~=prefetch]')]
  .filter(link => new URL(link.href, document.baseURI).hostname !== location.hostname)
  .map(link => link.outerHTML)"""
_SCHEME = "document.body.getAttribute('data-md-color-scheme')"


def test_the_sample_has_every_page_type() -> None:
    assert _PUBLISHED and _ANTHOLOGY.collections and _STORY and _WITHDRAWN


@pytest.fixture(scope="module")
def tabs(chromium: Browser) -> Iterator[Tabs]:
    opened = Tabs(chromium)
    try:
        yield opened
    finally:
        opened.close()


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Rule, impact and every failing node (target, HTML, why), so it can be fixed."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    target {node['target']}")
            lines.append(f"      html {' '.join(node['html'].split())[:300]}")
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"      why  {summary[:400]}")
    return "\n".join(lines)


def _settle(page: Page) -> None:
    """Wait until no animation runs (the drawer, the header, fading anchors)."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def _prepare(page: Page, name: str) -> None:
    """Bring a page into the state the page type names."""
    if name.startswith("search"):
        page.wait_for_function(_SEARCH_SETTLED)
    if name == "search":
        assert page.locator("#kairos-search-results li").count() > 0
    elif name == "search-filtered":
        filters = page.locator("#kairos-search-filters")
        if filters.get_attribute("open") is None:  # closed on a phone: open them
            filters.locator("> summary").click()
        page.locator('#kairos-search-filters input[name="Theme"]').first.check()
        page.wait_for_function(_FILTERED)
        assert page.locator("#kairos-search-results li").count() > 0
    elif name == "search-longer-words":
        page.locator("#kairos-search-suggestions").wait_for(state="visible")
        assert page.locator("#kairos-search-results li").count() == 0
    _settle(page)


@pytest.mark.parametrize(("name", "width", "scheme"), CELLS, ids=["-".join(cell) for cell in CELLS])
def test_axe_finds_no_violation_and_nothing_leaves_127_0_0_1(
    sample_site: SampleSite, tabs: Tabs, name: str, width: str, scheme: str
) -> None:
    page, record = tabs.tab(width, scheme)
    record.clear()
    response = page.goto(sample_site.base + PAGES[name])
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200), response.url
    assert page.evaluate(_SCHEME) == SCHEMES[scheme]
    _prepare(page, name)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url} ({width}, {scheme}):\n{describe_violations(violations)}"
    assert record.requests, "the page was not loaded"
    assert record.foreign_requests() == []
    assert page.evaluate(_FOREIGN_HINTS) == [], "resource hints to another host"
    assert record.page_errors == [] and record.dialogs == []
    # The not-found page's own status is logged as "Failed to load resource".
    assert len(record.console_errors) == (1 if name == "not-found" else 0), record


def test_the_palette_switch_turns_a_story_dark_and_it_stays_accessible(
    sample_site: SampleSite, tabs: Tabs
) -> None:
    page, record = tabs.fresh_page("phone")
    page.goto(sample_site.base + PAGES["story"])
    assert page.evaluate(_SCHEME) == "default"
    switch = page.locator("form[data-md-component=palette] label:visible")
    assert switch.get_attribute("title") == "Switch to dark mode"
    switch.click()
    page.wait_for_function(f"{_SCHEME} === 'slate'")
    page.wait_for_function("document.getAnimations().length === 0")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(violations)
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function(f"{_SCHEME} === 'default'")
    assert record.console_errors == [] and record.page_errors == []
