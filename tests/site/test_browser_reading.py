"""The sample site as a reader meets it, in headless Chromium at a phone's and a desktop's width.

The tests' sample anthology is built once a session (tests/sample_site.py, build date
2026-11-26) and served at the path of its ``site_url`` (``/kairos/``), with its 404 page for
missing pages, as a web host serves it.

* The "not found" page has its own title and a search box that leads to results.
* The first stories are on the first screen of the home page, and Tab reaches one in a few
  steps; some story text is on the first screen of a story on a desktop; content notes come
  before the text for the eye, the keyboard and the DOM.
* Printing a story (Chromium's PDF) gives its title, storyteller, content notes, text and
  reflection questions with the site's name and the story's address, full width, and none of
  the chips, buttons and navigation; the PDF's text is read with pypdf.

axe runs on every page type in test_browser_axe.py. Screenshots of the pages at both widths go
to ``KAIROS_SCREENSHOTS`` (default ``/tmp/kairos-shots``) for people to look at.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from pypdf import PdfReader

from kairos.core.anthology import load_anthology

from ..browser_support import WIDTHS
from ..sample_site import BUILD_DATE, STORIES, SampleSite

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("KAIROS_SCREENSHOTS", "/tmp/kairos-shots"))


ANTHOLOGY = load_anthology(STORIES, BUILD_DATE)
PUBLISHED = {judged.slug: judged.story for judged in ANTHOLOGY.published if judged.story}
BODIES = {judged.slug: judged.loaded.body for judged in ANTHOLOGY.published}
#: A story with content notes and reflection questions (the print test needs both).
STORY = min(slug for slug, story in PUBLISHED.items() if story.content_notes and story.reflection)
THEME = sorted({theme for story in PUBLISHED.values() for theme in story.themes})[0]

PAGES = {
    "home": "",
    "story": f"stories/{STORY}/",
    "all-stories": "stories/",
    "theme": f"themes/{THEME}/",
    "search": "search/?q=nurse",
    "not-found": "stories/a-story-that-was-withdrawn/",
}
#: At most this many Tab presses from the top of the home page to the first story (the skip
#: link, the logo, the palette switch, the search box and button, five tabs, then the story).
TAB_STOPS_TO_A_STORY = 12


@dataclass
class Site:
    base: str
    browser: Browser
    #: site_url from mkdocs.yml: printed pages give a story's public address, not ours.
    site_url: str
    contexts: list[BrowserContext] = field(default_factory=list)
    tabs: dict[tuple[str, str], Page] = field(default_factory=dict)

    def tab(self, width: str, scheme: str = "light") -> Page:
        if (width, scheme) not in self.tabs:
            context = self.browser.new_context(
                viewport=WIDTHS[width],  # type: ignore[arg-type]
                color_scheme=scheme,  # type: ignore[arg-type]
            )
            self.contexts.append(context)
            self.tabs[width, scheme] = context.new_page()
        return self.tabs[width, scheme]

    def open(self, name: str, width: str, scheme: str = "light") -> Page:
        page = self.tab(width, scheme)
        page.goto(self.base + PAGES[name])
        page.evaluate("document.activeElement && document.activeElement.blur()")
        if name == "search":
            page.wait_for_selector("#kairos-search-results li")
        return page


#: site_url of the sample anthology's mkdocs.yml.
SITE_URL = "https://example.org/kairos/"


@pytest.fixture(scope="module")
def site(chromium: Browser, sample_site: SampleSite) -> Iterator[Site]:
    served = Site(sample_site.base, chromium, SITE_URL)
    try:
        yield served
    finally:
        for context in served.contexts:
            context.close()


def test_the_sample_has_what_these_tests_need() -> None:
    assert STORY and THEME and len(PUBLISHED) >= 6


# -- the not-found page ------------------------------------------------------------------------


def test_the_not_found_page_has_its_own_title_and_ways_on(site: Site) -> None:
    page = site.open("not-found", "phone")
    assert page.title() == "Page not found - Kairos — stories of care"
    assert page.locator("h1").inner_text() == "We can’t find this page"
    page.fill("#kairos-not-found-q", "kindness")
    page.press("#kairos-not-found-q", "Enter")
    page.wait_for_url("**/search/?q=kindness")
    page.wait_for_selector("#kairos-search-results li")


# -- the first screen ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_story_is_on_the_home_page_first_screen(site: Site, width: str) -> None:
    page = site.open("home", width)
    box = page.locator("article .kairos-card__title a").first.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= WIDTHS[width]["height"], box


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_reaches_a_story_in_a_few_steps(site: Site, width: str) -> None:
    page = site.open("home", width)
    walked = []
    for _ in range(TAB_STOPS_TO_A_STORY):
        page.keyboard.press("Tab")
        walked.append(page.evaluate("document.activeElement.textContent.trim().slice(0, 30)"))
        if page.evaluate("Boolean(document.activeElement.closest('.kairos-card__title'))"):
            return
    pytest.fail(f"no story after {TAB_STOPS_TO_A_STORY} Tab presses at {width} width: {walked}")


@pytest.mark.parametrize("name", ["home", "story", "all-stories", "theme", "search"])
def test_reading_pages_have_no_sidebars_toc_or_permalinks(site: Site, name: str) -> None:
    page = site.open(name, "desktop")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-sidebar--secondary").is_visible()
    assert page.locator("a.headerlink").count() == 0
    assert page.locator(".md-tabs").is_visible(), "the section tabs lead around the site"


def test_some_story_text_is_on_a_desktop_first_screen(site: Site) -> None:
    page = site.open("story", "desktop")
    top = page.locator("#kairos-story-text p").first.bounding_box()
    assert top is not None and top["y"] < WIDTHS["desktop"]["height"] - 40, top


@pytest.mark.parametrize("width", WIDTHS)
def test_content_notes_come_first_for_the_keyboard_and_the_dom(site: Site, width: str) -> None:
    page = site.open("story", width)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("Boolean(document.activeElement.closest('.kairos-notice--content'))"), (
        "after skipping, the first Tab stop is not in the content notes"
    )
    assert page.evaluate(
        """() => {
          const notes = document.querySelector('.kairos-notice--content');
          const text = document.querySelector('#kairos-story-text');
          return Boolean(notes.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def test_theme_chips_keep_a_space_before_their_count(site: Site) -> None:
    page = site.open("home", "desktop")
    gaps: list[dict[str, Any]] = page.eval_on_selector_all(
        ".kairos-chips--counted .kairos-chip",
        """chips => chips.map(chip => {
          const range = document.createRange();
          range.selectNodeContents(chip.firstChild);
          const label = range.getBoundingClientRect();
          const count = chip.querySelector('.kairos-chip__count').getBoundingClientRect();
          return {text: chip.textContent.replace(/\\s+/g, ' ').trim(),
                  gap: count.left - label.right};
        })""",
    )
    assert gaps
    for chip in gaps:
        assert " (" in chip["text"] and chip["gap"] >= 3, chip


# -- print --------------------------------------------------------------------------------------


def test_printing_a_story_gives_the_story_and_where_it_is_from(site: Site) -> None:
    story = PUBLISHED[STORY]
    page = site.open("story", "desktop")
    url = f"{site.site_url}stories/{STORY}/"
    pdf = page.pdf(format="A4", print_background=False)
    text = " ".join(
        " ".join(page_text.extract_text().split()) for page_text in PdfReader(io.BytesIO(pdf)).pages
    )
    notes = ANTHOLOGY.vocabulary.content_notes
    first_words = " ".join(BODIES[STORY].strip().split("\n\n")[0].split()[:6]).replace("'", "’")
    for expected in (
        story.title,
        f"Told by {story.storyteller.name}",
        "Before you read",
        *(notes[key].label for key in story.content_notes),
        first_words,
        "Questions for reflection",
        "Kairos — stories of care",
        url,
    ):
        assert expected.replace("'", "’") in text, expected
    for absent in (
        "Skip to content",
        "Search stories",
        "Related stories",
        "Choose another story",
        "About this story",
        "Who we are",
        "Sharing your story",
    ):
        assert absent not in text, absent


def test_a_printed_story_uses_the_full_width(site: Site) -> None:
    page = site.open("story", "desktop")
    page.emulate_media(media="print")
    try:
        widths = page.evaluate(
            """() => ({story: document.querySelector('.kairos-story').getBoundingClientRect().width,
                       page: document.documentElement.clientWidth})"""
        )
    finally:
        page.emulate_media(media="screen")
    assert widths["story"] >= 0.85 * widths["page"], widths


# -- screenshots for people ---------------------------------------------------------------------


def test_screenshots(site: Site) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        for name in PAGES:
            page = site.open(name, width)
            path = SCREENSHOTS / f"reading-{name}-{width}.png"
            page.screenshot(path=str(path))
            assert path.stat().st_size > 10_000, path
