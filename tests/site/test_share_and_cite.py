"""A story page's share and cite section, reuse terms, byline and link-preview picture, as built.

Built from a small anthology of its own: a story whose consent scope allows teaching, told by a
storyteller with a description, and one whose scope does not. The browser tests
(test_browser_story_page.py) check the same page as readers use it.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest

from ..site_factory import (
    SITE_URL,
    Built,
    build_site,
    consent,
    write_project,
    write_story,
    write_vocabulary,
)

DESCRIPTION = "a bereavement midwife"


def _byline(html: str) -> str:
    match = re.search(r'<p class="kairos-story__byline".*?</p>', html, re.DOTALL)
    assert match
    return _text(match[0])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("share")
    stories = root / "stories"
    write_vocabulary(stories)
    write_story(
        stories,
        "tea-at-four",
        title="Tea at four",
        name="Ruth",
        role="professional",
        themes=("kindness", "hope"),
        extra={"storyteller": {"name": "Ruth", "role": "professional", "description": DESCRIPTION}},
    )
    write_story(
        stories,
        "the-long-night",
        title="The long night",
        name="Iris",
        themes=("kindness", "waiting"),
        published=dt.date(2025, 4, 1),
        consent_record=consent(scope=("website", "search-engines")),
    )
    write_project(root, plugin={"organisation": "St Elsewhere Hospice"})
    site = build_site(root)
    return Built(root, site, [])


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _section(html: str, css_class: str) -> str:
    match = re.search(rf'<section class="{css_class}".*?</section>', html, re.DOTALL)
    assert match, css_class
    return _text(match[0])


def test_the_citation_names_storyteller_year_title_anthology_organisation_and_address(
    built: Built,
) -> None:
    cite = _section(built.page("stories/tea-at-four"), "kairos-cite")
    assert (
        "Ruth (2025). “Tea at four”. In Test anthology , St Elsewhere Hospice. "
        f"{SITE_URL}stories/tea-at-four/" in cite
    ), cite


def test_the_copy_link_is_a_plain_link_to_the_story(built: Built) -> None:
    html = built.page("stories/tea-at-four")
    assert f'<a class="kairos-cite__link" href="{SITE_URL}stories/tea-at-four/"' in html


def test_reuse_terms_follow_the_consent_scope(built: Built) -> None:
    teaching = _section(built.page("stories/tea-at-four"), "kairos-cite")
    assert "may be used in teaching, with this citation" in teaching
    website_only = _section(built.page("stories/the-long-night"), "kairos-cite")
    assert "teaching, with this citation" not in website_only
    assert "publication on this website only" in website_only
    assert "do not use it in teaching materials" in website_only


def test_the_byline_shows_the_storytellers_description(built: Built) -> None:
    html = built.page("stories/tea-at-four")
    assert _byline(html).startswith(f"Told by Ruth , {DESCRIPTION} ·"), _byline(html)
    other = built.page("stories/the-long-night")
    assert _byline(other).startswith("Told by Iris , patient ·"), _byline(other)


def test_related_stories_say_why(built: Built) -> None:
    related = _section(built.page("stories/tea-at-four"), "kairos-related")
    assert "Also about Kindness" in related and "The long night" in related


def test_a_story_without_a_photo_shares_the_sites_card(built: Built) -> None:
    html = built.page("stories/tea-at-four")
    assert f'<meta property="og:image" content="{SITE_URL}assets/kairos/card.png">' in html
    card = built.site / "assets" / "kairos" / "card.png"
    assert card.read_bytes().startswith(b"\x89PNG")


def test_a_svg_logo_of_the_projects_own_gives_no_picture(tmp_path: Path) -> None:
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "tea-at-four")
    (tmp_path / "docs" / "images").mkdir(parents=True)
    (tmp_path / "docs" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8"
    )
    write_project(tmp_path, plugin={"logo": "images/logo.svg"})
    site = build_site(tmp_path)
    html = (site / "stories" / "tea-at-four" / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in html
    assert not (site / "assets" / "kairos" / "card.png").exists()
