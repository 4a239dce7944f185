"""Screenshots of the sample site for people to look at: ``make screenshots``.

Builds the repository's site (mkdocs.yml, stories/, docs/) on the tests' build date, serves it
on 127.0.0.1 under its own path, and saves screenshots of the home page, a story (one with
content notes), a theme, the search page with a query, and the "not found" page, each 1280 and
375 px wide, into ``screenshots/`` (git-ignored): ``<page>-<width>.png`` is the first screen,
what a reader sees before scrolling, and ``<page>-<width>-full.png`` the whole page. It also
saves ``screenshots/readme-home.jpg``, the first screen of the home page at 1280 px, small
enough to show in the README (committed).

Run from the repository's root: ``.venv/bin/python -m tools.screenshots [folder]``. Needs
Debian's Chromium at /usr/bin/chromium (or KAIROS_CHROMIUM).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kairos import load_anthology
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, serve_site
from tests.sample_site import BUILD_DATE, REPO, SITE_PATH, build_sample_site

WIDTHS = {1280: 900, 375: 800}
SEARCH_WORD = "nurse"


def pages() -> dict[str, str]:
    """The pages to photograph: name -> address below the site's root."""
    anthology = load_anthology(REPO / "stories", BUILD_DATE)
    # A story with content notes, which readers see first.
    judged = next(judged for judged in anthology.published if judged.story.content_notes)
    story, slug = judged.story, judged.slug
    return {
        "home": "",
        "story": f"stories/{slug}/",
        "theme": f"themes/{story.themes[0]}/",
        "search": f"search/?q={SEARCH_WORD}",
        "not-found": "stories/no-such-story/",
    }


def _shown(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        site = build_sample_site(Path(temporary) / "site")
        with serve_site(site, SITE_PATH) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                for width, height in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    for name, address in pages().items():
                        page.goto(base + address)
                        if name == "search":
                            page.wait_for_selector("#kairos-search-results li")
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
