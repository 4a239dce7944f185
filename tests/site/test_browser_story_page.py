"""Sharing, citing and finding one's way, as readers meet them in Chromium on a phone and a desktop.

On the tests' sample anthology (tests/sample_site.py): the section headings of a story are
larger and heavier than its text; its text runs 60-75 characters a line on a desktop; story,
theme, level and role pages show a breadcrumb and the tabs mark the current section; the copy
link is a plain link without JavaScript and copies the address with it; the citation and the
link-preview picture are there; the site's name is whole on a phone; the written pages have no
documentation sidebar or table of contents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from kairos.core.anthology import load_anthology

from ..browser_support import WIDTHS
from ..sample_site import BUILD_DATE, STORIES, SampleSite

pytestmark = pytest.mark.browser

SITE_URL = "https://example.org/kairos/"

_ANTHOLOGY = load_anthology(STORIES, BUILD_DATE)
_PUBLISHED = {judged.slug: judged.story for judged in _ANTHOLOGY.published if judged.story}
STORY = min(slug for slug, story in _PUBLISHED.items() if story.reflection)


def _commonest(values: Counter[str]) -> str:
    return min(values, key=lambda key: (-values[key], key))


THEME = _commonest(Counter(t for s in _PUBLISHED.values() for t in s.themes))
LEVEL = _commonest(Counter(s.framework_level for s in _PUBLISHED.values()))
ROLE = _commonest(Counter(s.storyteller.role for s in _PUBLISHED.values()))
#: The trail of each kind of page: the links above it.
TRAILS = {
    f"stories/{STORY}/": ["Home", "Stories"],
    f"themes/{THEME}/": ["Home", "Themes"],
    f"levels/{LEVEL}/": ["Home", "Levels of partnership"],
    f"roles/{ROLE}/": ["Home", "Storytellers"],
}


@pytest.fixture(scope="module")
def contexts(chromium: Browser) -> Iterator[dict[str, BrowserContext]]:
    opened = {name: chromium.new_context(viewport=size) for name, size in WIDTHS.items()}  # type: ignore[arg-type]
    opened["no-js"] = chromium.new_context(viewport=WIDTHS["desktop"], java_script_enabled=False)  # type: ignore[arg-type]
    try:
        yield opened
    finally:
        for context in opened.values():
            context.close()


@pytest.fixture
def open_page(sample_site: SampleSite, contexts: dict[str, BrowserContext]) -> Iterator[object]:
    pages: list[Page] = []

    def opener(url: str, width: str = "desktop") -> Page:
        page = contexts[width].new_page()
        pages.append(page)
        page.goto(sample_site.base + url)
        return page

    yield opener
    for page in pages:
        page.close()


# -- reading --------------------------------------------------------------------------------------


def test_story_section_headings_are_larger_and_heavier_than_the_text(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/")
    sizes = page.evaluate(
        """() => {
          const text = getComputedStyle(document.querySelector('.kairos-story__text p'));
          return [...document.querySelectorAll('.kairos-story h2')].map(h => {
            const style = getComputedStyle(h);
            return {heading: h.textContent.trim(), size: parseFloat(style.fontSize),
                    weight: Number(style.fontWeight), text: parseFloat(text.fontSize),
                    textWeight: Number(text.fontWeight)};
          });
        }"""
    )
    headings = {size["heading"] for size in sizes}
    assert {"Questions for reflection", "About this story", "Related stories"} <= headings
    for size in sizes:
        assert size["size"] >= 1.15 * size["text"], size
        assert size["weight"] >= 600 and size["weight"] > size["textWeight"], size


def test_story_text_runs_60_to_75_characters_a_line_on_a_desktop(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/")
    per_line = page.evaluate(
        """() => {
          const p = [...document.querySelectorAll('.kairos-story__text p')]
            .sort((a, b) => b.textContent.length - a.textContent.length)[0];
          const probe = document.createElement('span');
          probe.style.whiteSpace = 'nowrap';
          probe.textContent = p.textContent;
          p.appendChild(probe);
          const average = probe.getBoundingClientRect().width / p.textContent.length * 2;
          probe.remove();
          return p.getBoundingClientRect().width / average;
        }"""
    )
    assert 60 <= per_line <= 75, per_line


# -- wayfinding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", TRAILS)
def test_story_theme_level_and_role_pages_show_a_breadcrumb(open_page, url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(url)
    trail = page.locator('nav[aria-label="Breadcrumb"]')
    assert trail.count() == 1
    assert trail.locator("a").all_inner_texts() == TRAILS[url]
    current = trail.locator('[aria-current="page"]')
    assert current.inner_text() == page.locator("h1").inner_text().strip()


@pytest.mark.parametrize(
    ("url", "tab"),
    [(f"stories/{STORY}/", "Stories"), (f"themes/{THEME}/", "Themes"), ("about/", "About")],
)
def test_the_tabs_mark_the_current_section(open_page, url: str, tab: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(url)
    assert page.locator(".md-tabs__item--active").all_inner_texts() == [tab]
    weight = page.locator(".md-tabs__item--active .md-tabs__link").evaluate(
        "link => getComputedStyle(link).fontWeight"
    )
    assert int(weight) >= 700


def test_cards_label_their_dates(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page("stories/")
    facts = page.locator(".kairos-card__fact:has(time)").all_inner_texts()
    assert facts and all(fact.startswith("Published ") for fact in facts), facts


def test_related_stories_say_why_and_the_level_reads_in_plain_words(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/")
    reasons = page.locator(".kairos-related .kairos-card__why").all_inner_texts()
    assert reasons and all(reason.startswith("Also about ") for reason in reasons), reasons
    plain = page.locator(".kairos-story__level-plain")
    assert plain.inner_text().strip()
    plain.locator("a").click()
    page.wait_for_url("**/levels/")
    assert page.locator("h1").inner_text() == "Levels of partnership"


@pytest.mark.parametrize(
    "url", ["about/", "sharing-your-story/", "consent-and-privacy/", "accessibility/"]
)
def test_written_pages_have_no_sidebar_or_contents(open_page, url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(url)
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-sidebar--secondary").is_visible()
    assert page.locator(".md-tabs").is_visible()


@pytest.mark.parametrize("url", ["", f"stories/{STORY}/", "about/"])
def test_the_site_name_is_whole_on_a_phone(open_page, url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(url, "phone")
    title = page.locator(".md-header__topic .md-ellipsis").first
    assert title.inner_text().strip() == "Kairos — stories of care"
    widths = title.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert widths[0] <= widths[1], widths
    box = title.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert (
        box and header and box["y"] >= header["y"] and box["y"] + box["height"] <= header["height"]
    )


# -- share and cite -------------------------------------------------------------------------------


def test_without_javascript_the_copy_link_is_a_link_to_the_story(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/", "no-js")
    link = page.locator(".kairos-cite a[data-kairos-copy-link]")
    assert link.get_attribute("href") == f"{SITE_URL}stories/{STORY}/"
    assert link.inner_text() == "Link to this story"
    citation = page.locator("#kairos-citation").inner_text()
    assert citation.endswith(f"{SITE_URL}stories/{STORY}/"), citation  # no "accessed" date


def test_with_javascript_the_button_copies_the_address_and_says_so(
    sample_site: SampleSite, contexts: dict[str, BrowserContext]
) -> None:
    page = contexts["desktop"].new_page()
    try:
        page.add_init_script(
            """Object.defineProperty(navigator, 'clipboard', {value: {writeText: text => {
                 window.kairosCopied = text; return Promise.resolve(); }}});"""
        )
        page.goto(sample_site.base + f"stories/{STORY}/")
        assert page.locator("a[data-kairos-copy-link]").count() == 0
        button = page.get_by_role("button", name="Copy link to this story")
        button.focus()
        page.keyboard.press("Enter")
        status = page.locator(".kairos-cite [role=status]")
        status.filter(has_text="Link copied").wait_for()
        assert page.evaluate("window.kairosCopied") == f"{SITE_URL}stories/{STORY}/"
        today = page.evaluate(
            "new Date().toLocaleDateString('en-GB', "
            "{day: 'numeric', month: 'long', year: 'numeric'})"
        )
        citation = page.locator("#kairos-citation").inner_text()
        assert citation.endswith(f"{SITE_URL}stories/{STORY}/ (accessed {today})."), citation
    finally:
        page.close()


def test_the_citation_reads_as_a_reference(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/", "no-js")
    story = _PUBLISHED[STORY]
    citation = page.locator("#kairos-citation").inner_text()
    expected = (
        f"{story.storyteller.name} ({story.published.year}). “{page.locator('h1').inner_text()}”. "
        f"In Kairos — stories of care, The Kairos Project (a sample organisation). "
    )
    assert citation.startswith(expected), citation
    assert (
        "may be used in teaching, with this citation" in page.locator(".kairos-cite").inner_text()
    )


def test_a_shared_link_shows_a_picture(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"stories/{STORY}/", "no-js")
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert image == f"{SITE_URL}assets/kairos/card.png"
    response = page.request.get(page.url.split("stories/")[0] + "assets/kairos/card.png")
    assert response.ok and response.body().startswith(b"\x89PNG")
