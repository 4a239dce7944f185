"""What readers and link previews get from a built site: who runs it, honest wording about the
collection, pages without documentation chrome, sharing tags, sitemap dates and the 404 page.

One strict build of a small anthology (four published stories: one illustrative, one told by
an "other" storyteller, one in its own folder with a photo) is shared by the tests.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from html import unescape
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..photo_files import small
from ..sample_site import SampleSite
from ..site_factory import (
    SITE_URL,
    Built,
    build_site,
    captured_logs,
    write_project,
    write_story,
    write_vocabulary,
)

DOCS = {
    "index.md": "---\ndescription: The home page.\nhide: [navigation, toc]\n---\n\n"
    "# Welcome\n\n## Newest\n\n<!-- kairos:collection -->\n\n<!-- kairos:newest-stories -->\n\n"
    "## If a story upsets you\n\n<!-- kairos:support -->\n",
    "about.md": "---\ndescription: About us.\n---\n\n# About\n\n## Our aims\n\nText.\n",
    "sharing-your-story.md": "---\ndescription: How to share.\n---\n\n# Sharing\n",
    "consent-and-privacy.md": "---\ndescription: Privacy.\n---\n\n# Privacy\n",
}
#: A 1x2 PNG without metadata (so the site publishes it byte for byte).
PNG = small("PNG", 1)
OPTIONS = {
    "organisation": "The Test Trust",
    "contact": "stories@example.org",
    "support": "Call the Listening Line, free, day or night.",
    "support_url": "https://example.org/listening-line",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("reading")
    stories = root / "stories"
    write_vocabulary(stories)
    write_story(
        stories,
        "alpha",
        title="Ada's long night",
        summary='The night the nurse said "sit down".',
        name="Ada",
        role="patient",
        published=dt.date(2025, 5, 1),
        content_notes=("death",),
        fictional=True,
        body='"You\'re doing everything right," she said.\n\n> The last words.\n',
    )
    write_story(
        stories, "bravo", name="Bo", role="other", published=dt.date(2025, 4, 2), themes=("hope",)
    )
    write_story(stories, "charlie", name="Cy", role="carer", published=dt.date(2025, 3, 3))
    # A story in its own folder, showing a photo: its link previews show the photo.
    delta = write_story(
        stories,
        "delta",
        name="Di",
        published=dt.date(2025, 2, 2),
        body="A short account.\n\n![A cup of tea on a ward table](tea.png)\n",
    )
    (stories / "delta").mkdir()
    delta.rename(stories / "delta" / "index.md")
    (stories / "delta" / "tea.png").write_bytes(PNG)
    write_project(root, docs=DOCS, plugin=OPTIONS)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- attr_list\n", "- attr_list\n- smarty\n"), encoding="utf-8")
    with captured_logs() as logs:
        site = build_site(root)
    return Built(root, site, logs)


def _meta(html: str) -> dict[str, str]:
    """``name``/``property`` -> ``content`` of every <meta> tag."""
    tags = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html)
    return {name: unescape(content) for name, content in tags}


def _pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


# -- the home page -------------------------------------------------------------------------------


def test_home_and_written_pages_have_no_sidebars_toc_or_permalinks(built: Built) -> None:
    """A written page (about, sharing your story) is read like the home page, not consulted."""
    home, about = built.site.joinpath("index.html").read_text(encoding="utf-8"), built.page("about")
    for page in (home, about):
        assert re.search(r'data-md-type="navigation"\s+hidden', page)
        assert re.search(r'data-md-type="toc"\s+hidden', page)
        assert 'class="headerlink"' not in page


def test_home_page_describes_the_collection_from_the_stories_marks(built: Built) -> None:
    home = built.site.joinpath("index.html").read_text(encoding="utf-8")
    assert (
        '<p class="kairos-collection">4 stories told by patients, carers and others about what '
        "care felt like; 1 of them is illustrative, written for this anthology rather than told "
        "by a real person.</p>" in home
    )
    assert "true stories" not in home


def test_support_line_on_the_home_page_in_the_footer_and_beside_content_notes(
    built: Built,
) -> None:
    line = (
        '<p class="kairos-support"><a href="https://example.org/listening-line">Call the '
        "Listening Line, free, day or night.</a></p>"
    )
    home = built.site.joinpath("index.html").read_text(encoding="utf-8")
    assert home.count(line) == 2  # the placeholder and the footer
    story = built.page("stories/alpha")
    notes = story[story.index("kairos-notice--content") : story.index('id="kairos-story-text"')]
    assert line in notes


# -- the footer and the site's images ------------------------------------------------------------


def test_footer_says_who_runs_the_site_how_to_reach_them_and_how_to_share(built: Built) -> None:
    for name, html in _pages(built.site).items():
        footer = html[html.index('<footer class="md-footer kairos-footer">') :]
        assert "Test anthology is run by The Test Trust." in footer, name
        assert '<a href="mailto:stories@example.org">stories@example.org</a>' in footer, name
        here = "./" if name.count("/") == 1 else "-"  # a page's link to itself is "./"
        sharing = here if name.startswith("sharing") else "sharing-your-story/"
        privacy = here if name.startswith("consent") else "consent-and-privacy/"
        assert re.search(rf'href="[^"]*{sharing}">Share your story</a>', footer), name
        assert re.search(rf'href="[^"]*{privacy}">Consent and privacy</a>', footer), name
        assert "Made with" not in footer and "Previous" not in footer, name


def test_kairos_own_logo_and_icon_replace_the_stock_ones(built: Built) -> None:
    home = built.site.joinpath("index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="assets/kairos/favicon.svg" type="image/svg+xml">' in home
    assert '<img src="assets/kairos/logo.svg" alt="">' in home
    assert "assets/images/favicon.png" not in home
    for name in ("logo.svg", "favicon.svg"):
        assert built.site.joinpath("assets/kairos", name).read_text().startswith("<svg")


def test_a_bad_option_stops_the_build_with_every_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_vocabulary(tmp_path / "stories")
    write_project(tmp_path, plugin={"contact": "ring us", "logo": "nowhere.svg"})
    with pytest.raises(Abort):
        build_site(tmp_path)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert (
        "kairos: contact: found 'ring us'; expected an e-mail address (stories@example.org) or "
        "a web address starting with https:// (a contact page)\nkairos: logo: found "
        "'nowhere.svg', but there is no such file in docs/ or the theme's custom_dir; add the "
        "file or correct the path" in errors
    )


# -- story pages and cards -----------------------------------------------------------------------


def test_story_page_uses_typographic_quotes_and_a_natural_byline(built: Built) -> None:
    alpha = built.page("stories/alpha")
    assert '<h1 id="kairos-story-title">Ada’s long night</h1>' in alpha
    assert "“You’re doing everything right,” she said." in alpha
    assert "Told by <strong>Ada</strong>, patient</span>" in alpha
    bravo = built.page("stories/bravo")
    assert "Told by <strong>Bo</strong></span>" in bravo
    assert "storyteller</" not in bravo and "Bo, storyteller" not in bravo
    assert 'more stories from <a href="../../roles/other/">other storytellers</a>.' in bravo


def test_story_page_names_the_site_and_address_for_print(built: Built) -> None:
    alpha = built.page("stories/alpha")
    assert (
        '<p class="kairos-print-only kairos-story__source" data-pagefind-ignore>'
        "From Test anthology: "
        f"{SITE_URL}stories/alpha/</p>" in alpha
    )


def test_cards_show_content_notes_and_a_natural_teller(built: Built) -> None:
    listing = built.page("stories")
    assert (
        '<p class="kairos-card__notes"><span class="kairos-card__notes-label">Content notes:'
        "</span> Death and dying</p>" in listing
    )
    assert listing.count("kairos-card__notes-label") == 1
    assert re.search(r'<span class="kairos-card__fact">Bo<span class="kairos-sep"', listing)
    assert re.search(r'<span class="kairos-card__fact">Cy, carer<span class="kairos-sep"', listing)


# -- metadata ------------------------------------------------------------------------------------


def test_story_pages_without_a_photo_share_the_sites_card(built: Built) -> None:
    meta = _meta(built.page("stories/alpha"))
    assert {key: value for key, value in meta.items() if key.startswith(("og:", "twitter:"))} == {
        "og:type": "article",
        "og:site_name": "Test anthology",
        "og:title": "Ada’s long night",
        "og:description": "The night the nurse said “sit down”.",
        "og:url": f"{SITE_URL}stories/alpha/",
        "og:image": f"{SITE_URL}assets/kairos/card.png",
        "og:image:alt": "Test anthology",
        "twitter:card": "summary",
        "twitter:title": "Ada’s long night",
        "twitter:description": "The night the nurse said “sit down”.",
    }


def test_a_story_with_a_photo_shares_it(built: Built) -> None:
    meta = _meta(built.page("stories/delta"))
    assert meta["og:image"] == f"{SITE_URL}stories/delta/tea.png"
    assert meta["og:image:alt"] == "A cup of tea on a ward table"
    assert meta["twitter:card"] == "summary_large_image"
    assert (built.site / "stories" / "delta" / "tea.png").read_bytes() == PNG


def test_listing_pages_have_sharing_tags(built: Built) -> None:
    meta = _meta(built.page("themes/kindness"))
    assert meta["og:type"] == "website"
    assert meta["og:title"] == meta["twitter:title"] == "Kindness"
    assert meta["og:description"] == "Small acts of care that mattered."
    assert meta["og:url"] == f"{SITE_URL}themes/kindness/"


def test_no_page_has_a_generator_tag(built: Built) -> None:
    for name, html in _pages(built.site).items():
        assert 'name="generator"' not in html, name


def test_every_page_has_its_own_description(built: Built) -> None:
    descriptions: dict[str, list[str]] = {}
    for name, html in _pages(built.site).items():
        found = _meta(html).get("description")
        assert found, f"{name} has no description"
        descriptions.setdefault(found, []).append(name)
    shared = {text: names for text, names in descriptions.items() if len(names) > 1}
    assert shared == {}


def test_sitemap_dates_are_each_story_publication(built: Built) -> None:
    xml = built.site.joinpath("sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", xml))
    assert entries[f"{SITE_URL}stories/alpha/"] == "2025-05-01"
    assert entries[f"{SITE_URL}stories/bravo/"] == "2025-04-02"
    assert entries[f"{SITE_URL}stories/charlie/"] == "2025-03-03"
    assert entries[f"{SITE_URL}themes/hope/"] == "2025-04-02"


# -- page not found ------------------------------------------------------------------------------


def test_the_404_page_speaks_to_a_reader_whose_story_was_withdrawn(built: Built) -> None:
    html = built.site.joinpath("404.html").read_text(encoding="utf-8")
    assert "<title>Page not found - Test anthology</title>" in html
    assert "<h1>We can’t find this page</h1>" in html
    assert "Storytellers can ask for their story to be taken down at any time" in html
    assert re.search(
        r'<form class="kairos-not-found__search" [^>]*action="/anthology/search/"', html
    )
    assert '<a href="/anthology/stories/">All stories</a>' in html
    assert '<a href="/anthology/themes/">Stories by theme</a>' in html
    assert 'href="#kairos-content" class="md-skip"' in html


def test_every_page_of_the_sample_site_has_its_own_description(sample_site: SampleSite) -> None:
    site = sample_site.root
    descriptions: dict[str, list[str]] = {}
    for name, html in _pages(site).items():
        found = _meta(html).get("description")
        assert found, f"{name} has no description"
        descriptions.setdefault(found, []).append(name)
    assert {text: names for text, names in descriptions.items() if len(names) > 1} == {}
