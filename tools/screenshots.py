"""Screenshots of the sample site for people to look at: ``make screenshots``.

Builds the repository's site (mkdocs.yml, stories/, docs/) on the tests' build date, serves it
on 127.0.0.1 under its own path, and saves screenshots of the home page, a story (one with
content notes if any has them) and one of its themes (when a story is published), the search
page with a query, the same search with its first filter ticked (``search-filter``, when a story
is published), and the "not found" page, each 1280 and 375 px wide, into ``screenshots/``
(git-ignored): ``<page>-<width>.png`` is the first screen, what a reader sees before
scrolling, and ``<page>-<width>-full.png`` the whole page. It also
saves ``screenshots/readme-home.jpg``, the first screen of the home page at 1280 px, small
enough to show in the README (committed).

Run from the repository's root: ``.venv/bin/python -m tools.screenshots [folder]``. Needs
Debian's Chromium at /usr/bin/chromium (or KAIROS_CHROMIUM).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from kairos.core.anthology import load_anthology
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, serve_site
from tests.sample_site import BUILD_DATE, REPO, SITE_PATH, build_on_build_date

WIDTHS = {1280: 900, 375: 800}
SEARCH_WORD = "nurse"
#: The search page again, with its first filter ticked (the filters are drawn by search.js).
FILTERED_SEARCH = "search-filter"


def pages(stories_dir: Path = REPO / "stories") -> dict[str, str]:
    """The pages to photograph: name -> address below the site's root. The story is one with
    content notes (which readers see first) if any has them; with no published story, there is
    no story or theme to photograph."""
    anthology = load_anthology(stories_dir, BUILD_DATE)
    published = sorted(anthology.published, key=lambda judged: not judged.story.content_notes)
    chosen = {}
    search = f"search/?q={SEARCH_WORD}"
    if published:
        story, slug = published[0].story, published[0].slug
        chosen = {"story": f"stories/{slug}/", "theme": f"themes/{story.themes[0]}/"}
    return {
        "home": "",
        **chosen,
        "search": search,
        **({FILTERED_SEARCH: search} if published else {}),
        "not-found": "stories/no-such-story/",
    }


def tick_first_filter(page: Page) -> None:
    """Open the search filters (folded on a phone) and tick the first choice."""
    page.wait_for_selector("#kairos-search-filters input[type=checkbox]", state="attached")
    filters = page.locator("#kairos-search-filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    before = page.locator("#kairos-search-results li").count()
    page.locator("#kairos-search-filters input[type=checkbox]").first.check()
    page.wait_for_function(
        "n => document.querySelectorAll('#kairos-search-results li').length !== n", arg=before
    )


def _shown(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        site = build_on_build_date(REPO / "mkdocs.yml", Path(temporary) / "site")
        with serve_site(site, SITE_PATH) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                for width, height in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    addresses = pages()
                    for name, address in addresses.items():
                        page.goto(base + address)
                        if name in ("search", FILTERED_SEARCH) and "story" in addresses:
                            page.wait_for_selector("#kairos-search-results li")
                        if name == FILTERED_SEARCH:
                            tick_first_filter(page)
                        page.wait_for_function(
                            "document.getAnimations().every(a => a.playState !== 'running')"
                        )
                        # The first screen (what a reader sees before scrolling), then all of it.
                        for path, full in (
                            (out / f"{name}-{width}.png", False),
                            (out / f"{name}-{width}-full.png", True),
                        ):
                            page.screenshot(path=str(path), full_page=full)
                            print(_shown(path))
                        if name == "home" and width == 1280:
                            readme = out / "readme-home.jpg"
                            page.screenshot(path=str(readme), type="jpeg", quality=70)
                            print(
                                readme.relative_to(REPO) if readme.is_relative_to(REPO) else readme
                            )
                    page.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
