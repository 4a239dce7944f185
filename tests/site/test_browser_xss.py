"""Every XSS payload in a story body, opened in headless Chromium: nothing runs, nothing leaks.

``tests/fixtures/xss_payloads.txt`` holds the payloads that ``test_story_html`` feeds to the
sanitizer. Here each one is the body of its own story (so an unclosed tag in one cannot hide
the next), in one strict build of a fixture anthology with the site's Markdown extensions, and
each story page is opened at desktop and phone widths. On every page:

* no dialog opened (alert, confirm, prompt), no page error, no console error (but for an image
  the sanitizer kept, such as ``<img src=x>``, failing to load from 127.0.0.1);
* no request left 127.0.0.1 (story images may only be the site's own, relative URLs), and
  the page did not navigate away;
* no element anywhere has an ``on*`` attribute, and the page runs exactly the scripts a plain
  story page runs (mkdocs-material's own); the story text holds no script, no active or
  embedding element, no style attribute, nothing fixed over the page, and no link or source
  whose URL (as the browser parses it) is anything but http, https, mailto or the page itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page

from kairos.core import story_loader
from kairos.core.identifiers import scan_identifiers

from ..browser_support import DESKTOP, PHONE, PageRecord, record_page, serve_directory
from ..safety.test_story_html import load_payloads
from ..sample_site import ANTHOLOGY
from ..site_factory import build_site, write_project, write_story, write_vocabulary

pytestmark = pytest.mark.browser

PAYLOADS = load_payloads()
SLUGS = {f"payload-{number:02d}": payload for number, payload in enumerate(PAYLOADS, start=1)}
CONTROL = "control"
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

#: What the page holds, looked at by the browser after loading it.
_INSPECT = """() => {
  const text = document.querySelector('#kairos-story-text');
  const every = root => [root, ...root.querySelectorAll('*')];
  const brief = element => element.outerHTML.slice(0, 200);
  const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href',
    'background', 'poster', 'data', 'lowsrc', 'dynsrc', 'cite', 'longdesc', 'ping']);
  const SAFE = new Set(['http:', 'https:', 'mailto:']);
  const unsafe = value => {
    try { return !SAFE.has(new URL(value, document.baseURI).protocol); }
    catch { return true; }
  };
  return {
    url: location.href,
    hasText: Boolean(text),
    handlers: every(document.documentElement)
      .filter(element => [...element.attributes].some(a => /^on/i.test(a.name))).map(brief),
    scripts: [...document.scripts].map(script => script.src || 'inline: ' + script.text),
    scriptsInText: text ? [...text.querySelectorAll('script')].map(brief) : [],
    active: text ? [...text.querySelectorAll(
      'iframe, frame, object, embed, applet, form, input, button, textarea, select, style, ' +
      'link, meta, base, svg, math, template, noscript, video, audio, source, marquee'
    )].map(brief) : [],
    styled: text ? [...text.querySelectorAll('[style]')].map(brief) : [],
    fixed: text ? every(text).filter(element =>
      ['fixed', 'sticky'].includes(getComputedStyle(element).position)).map(brief) : [],
    urls: text ? every(text).flatMap(element => [...element.attributes]
      .filter(a => URL_ATTRIBUTES.has(a.name.toLowerCase()))
      .flatMap(a => a.name.toLowerCase() === 'srcset'
        ? a.value.split(',').map(part => part.trim().split(/\\s+/)[0]) : [a.value])
      .filter(unsafe).map(value => brief(element) + ' -> ' + value)) : [],
    bases: document.querySelectorAll('base').length,
    refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
  };
}"""


@dataclass
class Served:
    base: str
    tabs: dict[str, tuple[Page, PageRecord]]


def _story_body(payload: str) -> str:
    """The payload between two plain paragraphs; web addresses in it marked as reviewed, as an
    editor would, so the identifier check lets the story through."""
    body = f"Before the payload.\n\n{payload}\n\nAfter the payload.\n"
    for finding in scan_identifiers(body):
        body += f"\n<!-- kairos: reviewed {finding.text} -->\n"
    return body


def _no_media_problems(*args: object, **kwargs: object) -> list[object]:
    """``story_media_problems`` finding nothing (the story keeps no media files)."""
    return []


@pytest.fixture(scope="module")
def served(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("xss-anthology")
    stories = root / "stories"
    write_vocabulary(stories)
    write_story(stories, CONTROL, title="A plain story", body="Nothing but words.\n")
    for slug, payload in SLUGS.items():
        write_story(stories, slug, title=f"Story {slug}", body=_story_body(payload))
    config_path = write_project(root)
    # The sample site's Markdown extensions (footnotes, tables, details, md_in_html, ...), so the
    # payloads aimed at them are rendered the way readers would get them.
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    site_config = yaml.safe_load((ANTHOLOGY / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = site_config["markdown_extensions"]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    # The story checker refuses images that are not files in the story's folder (most image
    # payloads), so the sanitizer is tested here on its own: it must hold even if a payload
    # ever slipped past the checker.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story_loader, "story_media_problems", _no_media_problems)
        site = build_site(root)
    contexts = [chromium.new_context(viewport=viewport) for viewport in WIDTHS.values()]  # type: ignore[arg-type]
    with serve_directory(site) as base:
        tabs = {}
        for width, context in zip(WIDTHS, contexts, strict=True):
            page = context.new_page()
            tabs[width] = (page, record_page(page))
        try:
            yield Served(base, tabs)
        finally:
            for context in contexts:
                context.close()


def _open(served: Served, slug: str, width: str) -> tuple[dict[str, Any], PageRecord]:
    page, record = served.tabs[width]
    for events in (record.requests, record.console_errors, record.page_errors, record.dialogs):
        events.clear()
    response = page.goto(f"{served.base}stories/{slug}/")
    assert response is not None and response.ok, slug
    found: dict[str, Any] = page.evaluate(_INSPECT)
    return found, record


@pytest.fixture(scope="module")
def control_scripts(served: Served) -> dict[str, list[str]]:
    """The scripts a plain story page runs, at each width."""
    return {width: _open(served, CONTROL, width)[0]["scripts"] for width in WIDTHS}


def test_the_control_page_has_no_handler_attribute(served: Served) -> None:
    found, record = _open(served, CONTROL, "desktop")
    assert found["hasText"] and found["handlers"] == [] and found["urls"] == []
    assert record.page_errors == [] and record.foreign_requests() == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", SLUGS)
def test_payload_does_nothing_in_the_browser(
    served: Served, control_scripts: dict[str, list[str]], slug: str, width: str
) -> None:
    found, record = _open(served, slug, width)
    where = f"{slug} ({width}) with payload:\n{SLUGS[slug]}\n"
    assert found["url"] == f"{served.base}stories/{slug}/", where + "the page navigated away"
    assert found["hasText"], where + "no story text container"
    assert record.dialogs == [], where + f"dialogs: {record.dialogs}"
    assert record.page_errors == [], where + f"page errors: {record.page_errors}"
    # A kept <img src=x> fails to load (404 from 127.0.0.1): a broken image, not script.
    errors = [e for e in record.console_errors if not e.startswith("Failed to load resource")]
    assert errors == [], where + f"console errors: {errors}"
    foreign = record.foreign_requests()
    assert foreign == [], where + f"requests: {foreign}"
    assert found["handlers"] == [], where + f"on* attributes: {found['handlers']}"
    assert found["scripts"] == control_scripts[width], where + f"scripts: {found['scripts']}"
    assert found["scriptsInText"] == [], where + f"scripts in the text: {found['scriptsInText']}"
    assert found["active"] == [], where + f"active elements: {found['active']}"
    assert found["styled"] == [], where + f"style attributes: {found['styled']}"
    assert found["fixed"] == [], where + f"fixed elements: {found['fixed']}"
    assert found["urls"] == [], where + f"unsafe URLs: {found['urls']}"
    assert found["bases"] == 0 and found["refresh"] == 0, where + "base or refresh element"
