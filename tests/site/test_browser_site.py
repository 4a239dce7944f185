"""The sample site in headless Chromium: in reading order, and usable from the keyboard.

The tests' sample anthology is built once a session (tests/sample_site.py, build date
2026-11-26, a day on which its stories are valid) and served on 127.0.0.1 under /kairos/.
Pages are read at phone and desktop widths (axe, and the check that every request stays on
127.0.0.1, run on every page type in test_browser_axe.py).

* Content notes come before the story text, in the DOM and on screen.
* Theme, level and role pages list exactly the published stories the core says they should,
  and the home figure shows the published count of each level as a keyboard link.
* Tab reaches "Skip to content" first; every focused element shows a focus ring on screen.

Screenshots of the home page and a story (phone and desktop, light and dark) are written to
``KAIROS_SCREENSHOTS`` (default ``/tmp/kairos-shots``) for people to look at.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from kairos.core.anthology import load_anthology
from kairos.core.story import FRAMEWORK_LEVELS

from ..browser_support import WIDTHS, Tabs
from ..sample_site import BUILD_DATE, STORIES, SampleSite

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("KAIROS_SCREENSHOTS", "/tmp/kairos-shots"))

ANTHOLOGY = load_anthology(STORIES, BUILD_DATE)
PUBLISHED = {judged.slug: judged.story for judged in ANTHOLOGY.published if judged.story}
WITH_NOTES = sorted(slug for slug, story in PUBLISHED.items() if story.content_notes)
STORY = WITH_NOTES[0] if WITH_NOTES else ""
THEME_COUNTS: Counter[str] = Counter(
    theme for story in PUBLISHED.values() for theme in story.themes
)
THEME = min(THEME_COUNTS, key=lambda key: (-THEME_COUNTS[key], key)) if THEME_COUNTS else ""
LEVEL_COUNTS: Counter[str] = Counter(story.framework_level for story in PUBLISHED.values())
ROLE_COUNTS: Counter[str] = Counter(story.storyteller.role for story in PUBLISHED.values())
LEVEL = min(LEVEL_COUNTS, key=lambda key: (-LEVEL_COUNTS[key], key)) if LEVEL_COUNTS else ""
ROLE = min(ROLE_COUNTS, key=lambda key: (-ROLE_COUNTS[key], key)) if ROLE_COUNTS else ""
#: The pages read here from the keyboard and in screenshots.
PAGES = {"home": "", "story": f"stories/{STORY}/", "theme": f"themes/{THEME}/", "about": "about/"}


def test_the_sample_anthology_has_what_these_tests_need() -> None:
    assert STORY, "no published sample story has content notes on the build date"
    assert len(PUBLISHED) >= 5 and THEME and LEVEL and ROLE


# -- the built site, one browser context per width and palette ---------------------------------


@dataclass
class Site(Tabs):
    root: Path = field(kw_only=True)
    base: str = field(kw_only=True)
    walks: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(chromium: Browser, sample_site: SampleSite) -> Iterator[Site]:
    built = Site(chromium, root=sample_site.root, base=sample_site.base)
    try:
        yield built
    finally:
        built.close()


#: A list page's story links and its link to the next page, read by the browser's own HTML
#: parser (the lists are static HTML, so the page need not be rendered).
_LIST_LINKS = """([html, url]) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const absolute = link => new URL(link.getAttribute('href'), url).href;
  const next = doc.querySelector('.kairos-pagination a[rel=next]');
  return {
    stories: [...doc.querySelectorAll('article .kairos-card .kairos-card__title a')].map(absolute),
    terms: [...doc.querySelectorAll('article .kairos-terms .kairos-term__link')].map(absolute),
    next: next ? absolute(next) : '',
  };
}"""


def _links(page: Page, url: str) -> dict[str, Any]:
    response = page.request.get(url)
    assert response.ok, url
    links: dict[str, Any] = page.evaluate(_LIST_LINKS, [response.text(), url])
    return links


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").split("/")[-1]


def _listed_stories(page: Page, url: str) -> list[str]:
    """Every story a list links to, following its pages."""
    slugs: list[str] = []
    while url:
        links = _links(page, url)
        slugs += [_last_segment(href) for href in links["stories"]]
        url = links["next"]
    return slugs


# -- reading order and what the lists hold ------------------------------------------------------

_ORDER = """() => {
  const notes = document.querySelector('#kairos-content .kairos-notice--content');
  const first = document.querySelector('#kairos-story-text p');
  if (!notes || !first) return null;
  const a = notes.getBoundingClientRect(), b = first.getBoundingClientRect();
  return {
    before: Boolean(notes.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
    notesBottom: a.bottom, notesHeight: a.height, textTop: b.top,
    labels: [...notes.querySelectorAll('.kairos-content-notes strong')].map(s => s.textContent),
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_content_notes_come_before_the_story_text(site: Site, width: str) -> None:
    page, _ = site.tab(width, "light")
    for slug in WITH_NOTES:
        story = PUBLISHED[slug]
        page.goto(f"{site.base}stories/{slug}/")
        order = page.evaluate(_ORDER)
        assert order, f"{slug}: no content notes or no story text on the page"
        assert order["before"], f"{slug}: the content notes follow the text in the DOM"
        assert order["notesHeight"] > 0, f"{slug}: the content notes are not shown"
        assert order["notesBottom"] <= order["textTop"], f"{slug}: notes shown after the text"
        labels = {key: term.label for key, term in ANTHOLOGY.vocabulary.content_notes.items()}
        assert order["labels"] == [labels[key] for key in story.content_notes], slug


@pytest.mark.parametrize(
    ("section", "counts", "key_of"),
    [
        ("themes", THEME_COUNTS, lambda story: set(story.themes)),
        ("levels", LEVEL_COUNTS, lambda story: {story.framework_level}),
        ("roles", ROLE_COUNTS, lambda story: {story.storyteller.role}),
    ],
    ids=["themes", "levels", "roles"],
)
def test_each_term_page_lists_its_published_stories(
    site: Site, section: str, counts: Counter[str], key_of: Any
) -> None:
    page, _ = site.tab("desktop", "light")
    keys = [_last_segment(href) for href in _links(page, f"{site.base}{section}/")["terms"]]
    assert set(counts) <= set(keys), f"{section}/ misses a term that has stories"
    for key in keys:
        expected = sorted(slug for slug, story in PUBLISHED.items() if key in key_of(story))
        listed = _listed_stories(page, f"{site.base}{section}/{key}/")
        assert sorted(listed) == expected, f"{section}/{key}/"
        assert len(listed) == len(set(listed)), f"{section}/{key}/ lists a story twice"


def test_all_stories_lists_every_published_story_newest_first(site: Site) -> None:
    page, _ = site.tab("desktop", "light")
    listed = _listed_stories(page, f"{site.base}stories/")
    newest_first = sorted(PUBLISHED, key=lambda slug: PUBLISHED[slug].published, reverse=True)
    assert sorted(listed) == sorted(PUBLISHED)
    assert [PUBLISHED[slug].published for slug in listed] == [
        PUBLISHED[slug].published for slug in newest_first
    ]


def test_home_figure_shows_published_counts_as_keyboard_links(site: Site) -> None:
    page, _ = site.tab("desktop", "light")
    page.goto(site.base)
    levels = page.eval_on_selector_all(
        "svg.kairos-coproduction__svg a.kairos-cp__level",
        """links => links.map(link => ({
            key: new URL(link.href.baseVal ?? link.getAttribute('href'), document.baseURI)
                .pathname.split('/').at(-2),
            count: link.querySelector('.kairos-cp__level-count').textContent.trim(),
            name: link.getAttribute('aria-label'),
            tabIndex: link.tabIndex,
        }))""",
    )
    assert sorted(level["key"] for level in levels) == sorted(FRAMEWORK_LEVELS)
    for level in levels:
        number = re.match(r"\d+", level["count"])
        assert (int(number.group()) if number else 0) == LEVEL_COUNTS[level["key"]], level
        assert level["name"].endswith(level["count"].lower()), level
        assert level["tabIndex"] >= 0, f"{level['key']} is not in the Tab order"

    reached = {
        element["href"].rstrip("/").split("/")[-1]: element
        for element in tab_walk(site, "home", "desktop")
        if "kairos-cp__level" in element["className"]
    }
    assert sorted(reached) == sorted(FRAMEWORK_LEVELS), f"Tab did not reach every level: {reached}"
    for element in reached.values():
        assert element["ring"] and element["onScreen"], f"focus not visible on {element}"


# -- keyboard -----------------------------------------------------------------------------------

#: The focused element: what it is, whether its focus ring shows, and whether it is on screen.
#: A hidden radio button (the palette switch) shows its ring on the label beside it.
_FOCUSED = """async (settle) => {
  if (settle) await Promise.all(document.getAnimations().map(animation => animation.finished));
  const element = document.activeElement;
  let shown = element;
  const box = element.getBoundingClientRect();
  if (box.width * box.height === 0 && element.nextElementSibling?.tagName === 'LABEL') {
    shown = element.nextElementSibling;
  }
  const style = getComputedStyle(shown);
  const rect = shown.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    tag: element.tagName,
    className: String(element.getAttribute('class') || ''),
    href: element.getAttribute('href') || element.getAttribute('xlink:href') || '',
    text: ((element.textContent || '').trim() || element.getAttribute('aria-label') || '')
      .slice(0, 60),
    ring: outline || style.boxShadow !== 'none',
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
      && rect.left < innerWidth && rect.top < innerHeight
      && style.visibility !== 'hidden' && style.opacity !== '0',
    inContent: Boolean(element.closest('article.md-content__inner')),
    isBody: element === document.body,
  };
}"""

KEYBOARD_PAGES = ["home", "story", "theme", "about"]


def focused(page: Page) -> dict[str, Any]:
    """The focused element; looked at again once transitions end if its ring is not shown yet
    (the skip link and heading anchors fade in)."""
    seen: dict[str, Any] = page.evaluate(_FOCUSED, False)
    if not (seen["ring"] and seen["onScreen"]):
        seen = page.evaluate(_FOCUSED, True)
    return seen


def tab_walk(site: Site, name: str, width: str) -> list[dict[str, Any]]:
    """Every element Tab reaches from the top of a page until focus leaves it (cached)."""
    if (name, width) not in site.walks:
        page, _ = site.tab(width, "light")
        page.goto(site.base + PAGES[name])
        walk = []
        for _ in range(200):
            page.keyboard.press("Tab")
            seen = focused(page)
            if seen["isBody"]:
                break
            walk.append(seen)
        site.walks[name, width] = walk
    return site.walks[name, width]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_tab_reaches_skip_to_content_first(site: Site, name: str, width: str) -> None:
    page, _ = site.tab(width, "light")
    page.goto(site.base + PAGES[name])
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A" and first["text"] == "Skip to content", first
    assert first["onScreen"] and first["ring"], f"the skip link is not visible: {first}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inContent"], f"after skipping, Tab went to {after}"


@pytest.mark.parametrize(
    ("name", "width"), [("home", "desktop"), ("story", "desktop"), ("story", "phone")]
)
def test_every_focused_element_shows_a_focus_ring_on_screen(
    site: Site, name: str, width: str
) -> None:
    walk = tab_walk(site, name, width)
    assert len(walk) > 10, walk
    for element in walk:
        assert element["ring"], f"focus not visible on {element}"
        assert element["onScreen"], f"focus went off screen to {element}"
    assert any(element["inContent"] for element in walk)


def test_the_menu_button_opens_the_navigation_from_the_keyboard(site: Site) -> None:
    page, _ = site.fresh_page("phone")
    page.goto(site.base + PAGES["story"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    menu = focused(page)
    assert menu["tag"] == "BUTTON" and menu["text"] == "Menu", menu
    assert page.get_attribute("#kairos-menu-button", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.get_attribute("#kairos-menu-button", "aria-expanded") == "true"
    texts = []
    for _ in range(3):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["onScreen"] and element["ring"], element
        texts.append(element["text"])
    assert "Stories" in texts
    page.keyboard.press("Escape")
    assert focused(page)["text"] == "Menu"
    assert page.get_attribute("#kairos-menu-button", "aria-expanded") == "false"


# -- screenshots for people ---------------------------------------------------------------------


def test_screenshots_of_home_and_a_story(site: Site) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            page, _ = site.tab(width, scheme)
            for name in ("home", "story"):
                page.goto(site.base + PAGES[name])
                path = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 10_000, path
