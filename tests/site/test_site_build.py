"""End-to-end builds of small fixture anthologies with the kairos plugin.

One strict build of six stories (five published, two held back) is shared by most tests; a
few more builds check strict failure, preview warnings and the audit.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import re
from html import unescape
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from kairos.core.anthology import load_anthology
from kairos.site.held_back_links import links_to_held_back

from ..site_factory import (
    BUILD_DATE,
    PAGEFIND_SUFFIXES,
    PLUGIN_LOGGER,
    SITE_URL,
    Built,
    build_site,
    captured_logs,
    consent,
    files_containing,
    site_texts,
    write_project,
    write_story,
    write_vocabulary,
)

PUBLISHED = ("alpha", "bravo", "charlie", "delta", "echo")
NEWEST_FIRST = ("alpha", "bravo", "charlie", "delta", "echo")
HELD_BACK = ("pending-tale", "withdrawn-tale")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("anthology")
    stories = root / "stories"
    write_vocabulary(stories)
    write_story(
        stories,
        "alpha",
        title="Alpha & the long night",
        summary="Alpha summary.",
        name="Ada",
        role="patient",
        published=dt.date(2025, 5, 1),
        themes=("kindness", "waiting"),
        level="civil-discourse",
        content_notes=("death",),
        reflection=("How might we sit down more often?",),
        fictional=True,
        body="Note: this first line looks like metadata.\n\nAlpha body text.\n\n"
        '<script>alert("x")</script><p onclick="steal()">Clicked</p>\n',
    )
    write_story(
        stories,
        "bravo",
        title="Bravo waits",
        name="Ben",
        role="family-member",
        published=dt.date(2025, 4, 1),
        themes=("waiting",),
        level="co-planning",
        consent_record=consent(scope=("website", "feed")),
    )
    write_story(
        stories,
        "charlie",
        title="Charlie is heard",
        name="Cleo",
        role="carer",
        published=dt.date(2025, 3, 1),
        themes=("being-heard", "kindness"),
        level="co-execution",
        consent_record=consent(scope=("website", "search-engines")),
    )
    write_story(
        stories,
        "delta",
        title="Delta is kind",
        name="Dev",
        role="patient",
        published=dt.date(2025, 2, 1),
        themes=("kindness",),
        level="civil-discourse",
    )
    write_story(
        stories,
        "echo",
        title="Echo kindness while waiting",
        name="Eve",
        role="professional",
        published=dt.date(2025, 1, 15),
        themes=("kindness", "waiting"),
        level="co-planning",
    )
    write_story(
        stories,
        "pending-tale",
        title="Pending tale",
        published=dt.date(2025, 5, 20),
        themes=("kindness", "waiting"),
        consent_record=consent("pending"),
    )
    write_story(
        stories,
        "withdrawn-tale",
        title="Withdrawn tale",
        body="",
        consent_record=consent("withdrawn"),
    )
    write_project(root, plugin={"stories_per_page": 2})
    with captured_logs() as logs:
        site = build_site(root)
    return Built(root, site, logs)


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _card_titles(html: str) -> list[str]:
    return [
        unescape(t)
        for t in re.findall(r'class="kairos-card__title"><a href="[^"]*">([^<]*)<', html)
    ]


def _section(html: str, start_marker: str, end_marker: str) -> str:
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def test_every_published_story_has_a_page_and_nothing_else_does(built: Built) -> None:
    pages = sorted(p.parent.name for p in (built.site / "stories").glob("*/index.html"))
    assert pages == list(PUBLISHED)
    for slug in HELD_BACK:
        assert files_containing(built.site, slug) == []


def test_story_page_shows_the_story_and_its_context(built: Built) -> None:
    html = built.page("stories/alpha")
    assert '<h1 id="kairos-story-title">Alpha &amp; the long night</h1>' in html
    assert "<title>Alpha &amp; the long night - Test anthology</title>" in html
    assert "Told by <strong>Ada</strong>, patient</span>" in html
    assert 'more stories from <a href="../../roles/patient/">patients</a>.' in html
    assert '<time datetime="2025-05-01">1 May 2025</time>' in html
    assert "1 minute to read" in html
    chips = _section(html, 'class="kairos-chips"', "</ul>")
    assert _links(chips) == ["../../themes/kindness/", "../../themes/waiting/"]
    assert ">Kindness<" in chips and ">Waiting<" in chips
    badge = _section(html, 'class="kairos-level-badge', "</a>")
    assert 'href="../../levels/civil-discourse/"' in badge and "Civil discourse" in badge
    assert (
        "<strong>An illustrative story,</strong> written for the anthology; not a real "
        "person’s account." in html
    )
    assert "How might we sit down more often?" in html
    assert '<meta name="description" content="Alpha summary.">' in html


def test_content_notes_come_before_the_story_text(built: Built) -> None:
    html = built.page("stories/alpha")
    notice = html.index('class="kairos-notice kairos-notice--content"')
    assert "<strong>Death and dying</strong>" in html[notice:]
    assert 'href="#kairos-story-text"' in html[notice:]
    assert notice < html.index('id="kairos-story-text"') < html.index("Alpha body text.")
    assert "kairos-notice--content" not in built.page("stories/delta")


def test_story_text_is_rendered_by_markdown_then_sanitized(built: Built) -> None:
    html = built.page("stories/alpha")
    text = _section(html, 'id="kairos-story-text"', "</div>")
    assert "<p>Note: this first line looks like metadata.</p>" in text
    assert "<script" not in text and "onclick" not in text and "steal()" not in html


def test_related_stories_share_most_themes_then_newest_and_are_published(built: Built) -> None:
    related = _section(built.page("stories/alpha"), 'class="kairos-related"', "</section>")
    # Bravo (shares "waiting") is kept out of search engines: not on an indexable page.
    assert _card_titles(related) == [
        "Echo kindness while waiting",
        "Charlie is heard",
        "Delta is kind",
    ]
    assert "Pending tale" not in related
    # Bravo's own page is noindex, so its related stories are chosen among all stories.
    bravo = _section(built.page("stories/bravo"), 'class="kairos-related"', "</section>")
    assert _card_titles(bravo) == ["Alpha & the long night", "Echo kindness while waiting"]


def test_all_stories_are_listed_newest_first_in_pages(built: Built) -> None:
    titles: list[str] = []
    for url in ("stories", "stories/page/2", "stories/page/3"):
        cards = _card_titles(built.page(url))
        assert 1 <= len(cards) <= 2
        titles += cards
    assert titles == [
        "Alpha & the long night",
        "Bravo waits",
        "Charlie is heard",
        "Delta is kind",
        "Echo kindness while waiting",
    ]
    assert not (built.site / "stories/page/4").exists()
    first = built.page("stories")
    assert "5 stories, page 1 of 3" in first
    assert 'rel="next" href="page/2/"' in first
    assert 'rel="prev" href="../../"' in built.page("stories/page/2")


def test_theme_pages_and_index_count_published_stories_only(built: Built) -> None:
    index = built.page("themes")
    terms = dict(
        re.findall(r'kairos-term__link" href="[^"]*">([^<]*)</a>\s*<span[^>]*>([^<]*)<', index)
    )
    assert terms == {
        "Kindness": "4 stories",
        "Waiting": "3 stories",
        "Being heard": "1 story",
        "Hope": "No stories yet",
    }
    kindness = built.page("themes/kindness")
    assert "<h1>Kindness</h1>" in kindness and "Small acts of care that mattered." in kindness
    assert _card_titles(kindness) + _card_titles(built.page("themes/kindness/page/2")) == [
        "Alpha & the long night",
        "Charlie is heard",
        "Delta is kind",
        "Echo kindness while waiting",
    ]
    hope = built.page("themes/hope")
    assert "No stories yet" in hope and _card_titles(hope) == []


def test_level_and_role_pages(built: Built) -> None:
    levels = built.page("levels")
    assert "Batalden" in levels
    counts = dict(re.findall(r'href="([a-z-]+)/">[^<]*</a>\s*<span[^>]*>([^<]*)<', levels))
    assert counts == {
        "civil-discourse": "2 stories",
        "co-planning": "2 stories",
        "co-execution": "1 story",
    }
    planning = built.page("levels/co-planning")
    assert "Level 2 of 3" in planning and "deciding together" in planning.lower()
    assert _card_titles(planning) == ["Bravo waits", "Echo kindness while waiting"]
    roles = built.page("roles")
    assert "Patients" in roles and "Carers" in roles
    assert _card_titles(built.page("roles/patient")) == ["Alpha & the long night", "Delta is kind"]
    assert "No stories yet" in built.page("roles/other")


def test_home_page_figure_newest_stories_and_themes(built: Built) -> None:
    html = built.page(".")
    figure = _section(html, "<figure", "</figure>")
    assert (
        "<figcaption" in figure
        and "After Batalden et al., <cite>BMJ Qual Saf</cite> 2016" in figure
    )
    assert "<title id=" in figure and "<desc id=" in figure
    layers = re.findall(
        r'<a class="kairos-cp__level[^"]*" href="([^"]+)"\s+aria-label="([^"]+)"', figure
    )
    assert layers == [
        ("levels/civil-discourse/", "Level 1, Civil discourse: 2 stories"),
        ("levels/co-planning/", "Level 2, Co-planning: 2 stories"),
        ("levels/co-execution/", "Level 3, Co-execution: 1 story"),
    ]
    newest = _section(html, 'id="kairos-home-newest"', "</section>")
    # Bravo, kept out of search engines, is left out of this indexable page, and a line says so.
    assert _card_titles(newest)[:2] == ["Alpha & the long night", "Charlie is heard"]
    assert "chose to keep them out of search engines" in newest
    themes = _section(html, 'id="kairos-home-themes"', "</section>")
    assert 'Kindness <span class="kairos-chip__count">(4' in themes
    assert "<!-- kairos:" not in html


def test_noindex_and_sitemaps_follow_the_search_engine_scope(built: Built) -> None:
    robots = '<meta name="robots" content="noindex">'
    assert robots in built.page("stories/bravo")
    assert robots not in built.page("stories/alpha")
    plain = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    packed = gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert plain == packed
    assert f"<loc>{SITE_URL}stories/alpha/</loc>" in plain
    assert f"<loc>{SITE_URL}stories/charlie/</loc>" in plain
    assert "stories/bravo/" not in plain


def test_feed_holds_published_stories_with_feed_scope_newest_first(built: Built) -> None:
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    ids = re.findall(r"<id>([^<]+)</id>", feed)
    assert ids == [SITE_URL] + [
        f"{SITE_URL}stories/{s}/" for s in ("alpha", "bravo", "delta", "echo")
    ]
    assert "<name>Ada</name>" in feed and "<summary>Alpha summary.</summary>" in feed
    assert "<title>Alpha &amp; the long night</title>" in feed
    assert "<published>2025-05-01T00:00:00+00:00</published>" in feed
    assert "Charlie" not in feed
    assert 'type="application/atom+xml"' in built.page(".")


def test_search_index_holds_published_stories_only(built: Built) -> None:
    texts = site_texts(built.site)
    index = "\n".join(text for name, text in texts.items() if name.endswith(PAGEFIND_SUFFIXES))
    assert "/stories/alpha/" in index and "Alpha body text." in index
    assert "pending" not in index.lower() and "withdrawn" not in index.lower()


def test_stories_stay_out_of_the_navigation_without_nav_noise(built: Built) -> None:
    nav = _section(built.page("stories/alpha"), 'class="md-nav md-nav--primary"', "</nav>")
    assert "stories/delta" not in nav and "Delta" not in nav
    assert "Stories" in nav and "Themes" in nav
    messages = [r.getMessage() for r in built.logs]
    assert not [m for m in messages if 'not included in the "nav"' in m]
    assert not [r for r in built.logs if r.levelno >= logging.WARNING]


def test_the_build_log_ends_with_the_summary_line(built: Built) -> None:
    kairos = [r.getMessage() for r in built.logs if r.name == PLUGIN_LOGGER]
    assert kairos[-1] == "kairos: published 5 stories; held back 2 (withdrawn 1, pending 1)"


def test_strict_build_fails_before_writing_and_lists_every_problem(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = project / "stories"
    write_story(stories, "fine")
    write_story(stories, "broken", themes=("kindnes",), extra={"summary": None})
    (stories / "Bad Name.md").write_text("no front matter\n", encoding="utf-8")
    write_project(project)
    expected = [str(p) for p in load_anthology(stories, BUILD_DATE, display_dir="stories").problems]
    assert len(expected) >= 3
    site = project / "site"
    with pytest.raises(Abort):
        build_site(project, site_dir=site)
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    for line in expected:
        assert line in errors.splitlines()
    assert not site.exists()


def test_preview_leaves_invalid_stories_out_and_removes_links_to_held_back_ones(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = project / "stories"
    write_story(stories, "fine", title="A fine story")
    write_story(stories, "broken-tale", title="Broken tale", themes=("kindnes",))
    write_story(stories, "secret-tale", consent_record=consent("pending"))
    write_project(
        project,
        site_url=None,
        docs={"about.md": "# About\n\nRead [this one](../stories/secret-tale/) soon.\n"},
    )
    problems = [str(p) for p in load_anthology(stories, BUILD_DATE, display_dir="stories").problems]
    with caplog.at_level(logging.INFO):
        site = build_site(project, strict=False)
    warnings = [r.getMessage() for r in caplog.records if r.name == PLUGIN_LOGGER]
    for line in problems:
        assert f"kairos: {line}" in warnings
    assert (
        "kairos: about.md: removed the link to '../stories/secret-tale/': the story "
        "'secret-tale' is not published on the build date" in warnings
    )
    assert any("feed.xml was not written" in w for w in warnings)
    assert (site / "stories/fine/index.html").is_file()
    assert not (site / "feed.xml").exists()
    for needle in ("broken-tale", "Broken tale", "secret-tale"):
        assert files_containing(site, needle) == []
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert '<span class="kairos-unavailable">this one</span>' in about
    assert warnings[-1] == "kairos: published 1 story; held back 2 (invalid 1, pending 1)"


def test_the_audit_fails_a_build_that_mentions_a_held_back_story(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = project / "stories"
    write_story(stories, "fine")
    write_story(
        stories, "quiet-tale", title="The tale nobody may read", consent_record=consent("pending")
    )
    write_project(project, docs={"about.md": "# About\n\n**The tale nobody may read**\n"})
    with pytest.raises(Abort):
        build_site(project, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        "about/index.html: held-back story 'quiet-tale' (The tale nobody may read) found" in e
        for e in errors
    )


def test_site_texts_cover_every_output_file(built: Built) -> None:
    texts = site_texts(built.site)
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml"} <= set(texts)
    assert any(name.endswith(".pf_fragment") for name in texts)  # Pagefind's, decompressed


@pytest.mark.parametrize(
    ("href", "page_url", "src_uri"),
    [
        ("stories/gone.md", "./", "index.md"),  # an unresolved .md link, as MkDocs leaves it
        ("../stories/gone/", "about/", "about.md"),
        ("../gone/", "stories/open/", "stories/open.md"),
        ("gone.md", "stories/open/", "stories/open.md"),
        ("/anthology/stories/gone/index.html", "about/", "about.md"),
        (f"{SITE_URL}stories/gone/#top", "./", "index.md"),
        ("../stories/go%6Ee/", "about/", "about.md"),
    ],
)
def test_links_to_held_back_stories_are_recognised(href: str, page_url: str, src_uri: str) -> None:
    assert links_to_held_back(href, page_url, src_uri, {"gone"}) == "gone"


@pytest.mark.parametrize(
    "href", ["../themes/gone/", "../stories/gone-too/", "../stories/", "#gone", "mailto:gone@x"]
)
def test_other_links_are_left_alone(href: str) -> None:
    assert links_to_held_back(href, "about/", "about.md", {"gone"}) is None


def test_a_story_with_headings_skips_to_its_content_notes_first(project: Path) -> None:
    write_story(
        project / "stories",
        "with-headings",
        content_notes=("death",),
        body="## The first night\n\nShe sat down.\n\n## The morning\n\nShe stayed.\n",
    )
    write_project(project)
    html = (build_site(project) / "stories" / "with-headings" / "index.html").read_text()
    skip_links = re.findall(r'<a href="([^"]*)" class="md-skip">', html)
    assert skip_links == ["#kairos-content"]
    order = [html.index(text) for text in ('id="kairos-content"', "Before you read", "The first")]
    assert order == sorted(order)


def test_the_marks_of_sample_wording_are_not_placeholders(project: Path) -> None:
    """``<!-- kairos: sample -->`` is kairos remove-samples' mark: a strict build passes."""
    write_story(project / "stories", "tea-at-four")
    page = "# About\n\n<!-- kairos: sample -->\nSample words.\n<!-- kairos: end sample -->\n"
    write_project(project, docs={"about.md": page})
    site = build_site(project)
    assert "Sample words." in (site / "about" / "index.html").read_text(encoding="utf-8")
