"""The ``search-engines`` scope covers every page search engines see, not only the story's own.

A fixture anthology mixes stories that search engines may index with stories whose consent
scope lacks ``search-engines``; the latter have words found nowhere else (in the title, the
summary, the storyteller's name and the slug). The audit reads every output file: no file that
search engines may index (HTML without ``<meta name="robots" content="noindex">``) and no
page listed in ``sitemap.xml`` holds any of those words, while the indexable stories' words are
there, and the other stories are still on the site for its readers, on noindex pages.

Built twice: with directory URLs (``stories/x/``) and with ``use_directory_urls: false``
(``stories/x.html``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from ..site_factory import (
    FULL_SCOPE,
    SITE_URL,
    build_site,
    consent,
    site_texts,
    write_project,
    write_story,
    write_vocabulary,
)

NOINDEX = '<meta name="robots" content="noindex">'


@dataclass(frozen=True)
class Case:
    title: str
    summary: str
    name: str
    role: str
    published: dt.date
    themes: tuple[str, ...]
    scope: tuple[str, ...] = FULL_SCOPE


#: Stories search engines may not index, by slug. The first is the newest story of all, so the
#: home page's newest stories would show it.
KEPT_OUT = {
    "nightjar-quokka": Case(
        "Whispers of the quokka",
        "Zephyrine remembers the quietest hour.",
        "Thaddeus",
        "family-member",
        dt.date(2025, 5, 20),
        ("kindness", "waiting"),
        ("website",),
    ),
    "umbrellabird-corridor": Case(
        "The xylophone corridor",
        "Counting the gorgonzola tiles.",
        "Ottoline",
        "professional",
        dt.date(2025, 4, 15),
        ("being-heard", "hope"),
        ("website", "feed", "teaching"),
    ),
}
#: Every word of theirs that no indexable page may show (the slugs' words included).
KEPT_OUT_WORDS = (
    "nightjar",
    "quokka",
    "zephyrine",
    "quietest",
    "thaddeus",
    "umbrellabird",
    "xylophone",
    "gorgonzola",
    "ottoline",
)
#: Stories search engines may index, by slug, newest first.
INDEXED = {
    "harbour-lights": Case(
        "Harbour lights on ward nine",
        "A marigold evening.",
        "Perpetua",
        "patient",
        dt.date(2025, 5, 10),
        ("kindness", "waiting"),
    ),
    "tea-trolley": Case(
        "The tea trolley at dawn",
        "Cardamom and toast.",
        "Barnaby",
        "carer",
        dt.date(2025, 3, 1),
        ("waiting", "hope"),
    ),
    "night-porter": Case(
        "The night porter",
        "A lapwing on the sill.",
        "Wilhelmina",
        "carer",
        dt.date(2025, 2, 1),
        ("kindness", "being-heard"),
    ),
}


#: Hand-written pages: one links to a story kept out of search engines, one to another story.
DOCS = {
    "favourites.md": "# Favourites\n\nRead [a night story](stories/nightjar-quokka.md).\n",
    "welcome.md": "# Welcome\n\nRead [the harbour story](stories/harbour-lights.md).\n",
}


def _write_anthology(root: Path) -> None:
    stories = root / "stories"
    write_vocabulary(stories)
    for slug, case in {**KEPT_OUT, **INDEXED}.items():
        write_story(
            stories,
            slug,
            title=case.title,
            summary=case.summary,
            name=case.name,
            role=case.role,
            published=case.published,
            themes=case.themes,
            level="co-planning" if slug in KEPT_OUT else "civil-discourse",
            body=f"{case.title}: the text of {case.name}'s story.\n",
            consent_record=consent(scope=case.scope),
        )


@pytest.fixture(scope="module", params=["directory-urls", "file-urls"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"scope-{request.param}")
    _write_anthology(root)
    config = write_project(root, plugin={"stories_per_page": 2, "related_stories": 3}, docs=DOCS)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    # The navigation is on every page: the first story must leave it, the second stays.
    data["nav"] += [
        {"Quokka night": "stories/nightjar-quokka.md"},
        {"Harbour": "stories/harbour-lights.md"},
    ]
    data["use_directory_urls"] = request.param == "directory-urls"
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_site(root)


def _sitemap_files(site: Path) -> set[str]:
    """The output files ``sitemap.xml`` lists (``x/index.html`` for ``x/``)."""
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    prefix = urlsplit(SITE_URL).path
    files = set()
    for loc in re.findall(r"<loc>([^<]*)</loc>", xml):
        path = urlsplit(loc).path
        path = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
        files.add(path + "index.html" if path == "" or path.endswith("/") else path)
    return files


def _page(site: Path, url: str) -> str:
    """A page by its address without the extension: ``stories/x`` (either kind of URL)."""
    for name in (f"{url}/index.html", f"{url}.html", "index.html" if url == "." else ""):
        if name and (site / name).is_file():
            return (site / name).read_text(encoding="utf-8")
    raise AssertionError(f"no page {url} in {site}")


def _indexable(site: Path) -> dict[str, str]:
    """Every output file search engines may index: HTML without noindex, and the sitemaps."""
    texts = site_texts(site)
    return {
        name: text
        for name, text in texts.items()
        if (name.endswith(".html") and NOINDEX not in text) or name.startswith("sitemap.xml")
    }


def test_no_word_of_a_story_kept_out_of_search_engines_is_on_an_indexable_page(
    site: Path,
) -> None:
    indexable = _indexable(site)
    leaks = [
        f"{name}: {word}"
        for name, text in indexable.items()
        for word in KEPT_OUT_WORDS
        if word in text.lower()
    ]
    assert leaks == []
    # Not vacuous: the pages that present the site are indexable and hold the other stories.
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "404.html"} <= indexable.keys()
    for index in ("themes", "levels", "roles"):
        assert f"{index}/index.html" in indexable or f"{index}.html" in indexable
    story_pages = [name for name in indexable if name.startswith("stories/")]
    assert len(story_pages) >= len(INDEXED)
    every_text = "\n".join(indexable.values())
    for slug, case in INDEXED.items():
        assert case.title in every_text and case.summary in every_text, slug
        assert case.name in every_text, slug
        assert slug in indexable["sitemap.xml"]


def test_the_sitemap_lists_indexable_pages_only(site: Path) -> None:
    listed = _sitemap_files(site)
    assert listed, "the sitemap lists no page"
    for name in listed:
        text = (site / name).read_text(encoding="utf-8")
        assert NOINDEX not in text, name
        assert not [word for word in KEPT_OUT_WORDS if word in text.lower()], name
    # Every generated page left out of the sitemap is noindex, and the other way round.
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name in ("404.html",) or name.startswith(("search", "assets/")):
            continue
        noindex = NOINDEX in path.read_text(encoding="utf-8")
        assert noindex == (name not in listed), name


def test_stories_kept_out_of_search_engines_are_still_there_for_readers(site: Path) -> None:
    for slug, case in KEPT_OUT.items():
        page = _page(site, f"stories/{slug}")
        assert NOINDEX in page
        assert f'<h1 id="kairos-story-title">{case.title}</h1>' in page
        assert case.summary in page and f"<strong>{case.name}</strong>" in page
    # Every story is in the list of all stories, on noindex pages where it shows these.
    listing = "".join(_page(site, url) for url in ("stories", "stories/page/2", "stories/page/3"))
    for slug, case in KEPT_OUT.items():
        assert case.title in listing and slug in listing
    for case in INDEXED.values():
        assert case.title in listing
    # The home page says that some new stories are only in that list, and links to it.
    home = _page(site, ".")
    assert "chose to keep them out of search engines" in home
    assert "All stories (5)" in home


def test_indexable_pages_show_the_stories_search_engines_may_index(site: Path) -> None:
    home = _page(site, ".")
    assert NOINDEX not in home
    titles = re.findall(r'class="kairos-card__title"><a href="[^"]*">([^<]*)</a>', home)
    assert titles == [case.title for case in INDEXED.values()]
    # An indexable story's related stories are the other indexable ones sharing its themes.
    harbour = _page(site, "stories/harbour-lights")
    assert NOINDEX not in harbour
    related = harbour.split('class="kairos-related"', 1)[1]
    assert "The tea trolley at dawn" in related and "The night porter" in related
    # A list showing only indexable stories stays indexable; one showing another is not.
    carers = _page(site, "roles/carer")
    assert NOINDEX not in carers and "The tea trolley at dawn" in carers
    assert NOINDEX in _page(site, "roles/family-member")
    # A story kept out of search engines shows all its related stories on its own page.
    quokka = _page(site, "stories/nightjar-quokka")
    assert "Harbour lights on ward nine" in quokka.split('class="kairos-related"', 1)[1]


def test_a_hand_written_page_linking_to_a_story_kept_out_of_search_engines_is_noindex(
    site: Path,
) -> None:
    favourites = _page(site, "favourites")
    assert NOINDEX in favourites and "nightjar-quokka" in favourites
    assert favourites.count(NOINDEX) == 1
    welcome = _page(site, "welcome")
    assert NOINDEX not in welcome and "harbour-lights" in welcome
    listed = _sitemap_files(site)
    assert not [name for name in listed if name.startswith("favourites")]
    assert [name for name in listed if name.startswith("welcome")]


def test_the_navigation_leaves_out_stories_kept_out_of_search_engines(site: Path) -> None:
    for url in (".", "welcome", "stories/harbour-lights", "stories/nightjar-quokka"):
        nav = _page(site, url).split('class="md-nav md-nav--primary"', 1)[1].split("</nav>")[0]
        # The entry of the story search engines may index stays, under its title in nav:.
        assert "Harbour" in nav, url
        assert "quokka" not in nav.lower(), url
