"""The editor's preview, ``mkdocs serve --dirty``: each rebuild rewrites only what a save
changed, and every page it shows is the page a full build of the same stories writes.

The builds run in this process through MkDocs' public API as ``mkdocs serve --dirty`` runs
them: ``on_startup(command="serve", dirty=True)`` once, then ``build(config, serve_url=...,
dirty=True)`` with a configuration loaded again for each rebuild (MkDocs keeps the plugin, and
so what it remembers, from one to the next), into one site folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from ..photo_files import small
from ..site_factory import (
    THEMES,
    consent,
    files_containing,
    site_texts,
    write_project,
    write_story,
    write_vocabulary,
)

SERVE_URL = "http://127.0.0.1:8000/anthology/"

Rebuild = Callable[[], Path]


def load(project: Path, site: Path) -> MkDocsConfig:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL  # as mkdocs serve sets it
    return config


@pytest.fixture
def preview(project: Path) -> Iterator[Rebuild]:
    """Rebuild ``project`` as ``mkdocs serve --dirty`` does, into ``project/preview``."""
    site = project / "preview"
    site.mkdir()
    started = False

    def rebuild() -> Path:
        nonlocal started
        config = load(project, site)
        if not started:
            config.plugins.on_startup(command="serve", dirty=True)
            started = True
        build(config, serve_url=SERVE_URL, dirty=True)
        return site

    yield rebuild
    # MkDocs keeps one plugin per process: leave it as `mkdocs build` would find it.
    load(project, site).plugins.on_startup(command="build", dirty=False)


def full_build(project: Path) -> Path:
    """A full build of the same project, as ``mkdocs build`` runs it."""
    site = project / "full"
    config = load(project, site)
    config.plugins.on_startup(command="build", dirty=False)
    build(config, serve_url=SERVE_URL)
    return site


def outputs(site: Path) -> dict[str, str]:
    """Every output file as text, but Pagefind's index (its file names change each run)."""
    return {
        name: text for name, text in site_texts(site).items() if not name.startswith("pagefind/")
    }


def search_entries(site: Path) -> list[str]:
    """What Pagefind's index holds for each page (its fragments), in a stable order."""
    texts = site_texts(site)
    return sorted(text for name, text in texts.items() if name.endswith(".pf_fragment"))


def assert_same_site(preview_site: Path, full_site: Path, *, search_index: bool) -> None:
    """The preview shows what a full build shows: every file the same, and (when the
    rebuild ran Pagefind) the same pages in the search index."""
    shown, expected = outputs(preview_site), outputs(full_site)
    assert sorted(set(shown) ^ set(expected)) == []
    different = [name for name in expected if shown[name] != expected[name]]
    assert different == []
    if search_index:
        assert search_entries(preview_site) == search_entries(full_site)


def mtimes(site: Path) -> dict[str, int]:
    return {
        path.relative_to(site).as_posix(): path.stat().st_mtime_ns
        for path in site.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def anthology(project: Path) -> Path:
    stories = project / "stories"
    write_story(stories, "alpha", title="Alpha at night", themes=("kindness",))
    write_story(
        stories,
        "bravo",
        title="Bravo heard",
        themes=("kindness",),
        published=dt.date(2025, 2, 1),
        body="Bravo's words. See [the night](../alpha/) too.\n",
    )
    write_story(
        stories,
        "charlie",
        title="Charlie waits",
        themes=("waiting",),
        published=dt.date(2025, 1, 1),
    )
    write_project(project, docs={"about.md": "# About\n\nRead [Alpha](stories/alpha.md).\n"})
    return stories


def test_an_edited_story_shows_and_nothing_else_is_rewritten(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    site = preview()
    before = mtimes(site)
    write_story(
        anthology,
        "charlie",
        title="Charlie waits",
        themes=("waiting",),
        published=dt.date(2025, 1, 1),
        body="Words saved in the preview.\n",
    )
    preview()
    assert "Words saved in the preview." in (site / "stories/charlie/index.html").read_text()
    after = mtimes(site)
    unchanged = {
        "stories/alpha/index.html",
        "stories/bravo/index.html",
        "themes/kindness/index.html",
    }
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    assert after["index.html"] != before["index.html"]  # hand-written pages are always rebuilt
    assert_same_site(site, full_build(project), search_index=False)


def test_a_withdrawn_story_disappears_with_every_link_to_it(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    site = preview()
    assert files_containing(site, "Alpha at night")
    write_story(
        anthology,
        "alpha",
        title="Alpha at night",
        themes=("kindness",),
        consent_record=consent(status="withdrawn"),
    )
    preview()
    assert not (site / "stories/alpha").exists()
    assert files_containing(site, "Alpha at night") == []
    assert files_containing(site, "stories/alpha") == []
    assert_same_site(site, full_build(project), search_index=True)


def test_a_new_story_appears_in_the_lists_and_the_search_index(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    site = preview()
    write_story(
        anthology,
        "delta",
        title="Delta arrives",
        themes=("waiting",),
        published=dt.date(2025, 5, 1),
    )
    preview()
    for page in ("index.html", "stories/index.html", "themes/waiting/index.html"):
        assert "Delta arrives" in (site / page).read_text(), page
    assert_same_site(site, full_build(project), search_index=True)


def test_a_failed_rebuild_leaves_no_page_behind(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    site = preview()
    clash = project / "docs/stories/alpha.md"
    clash.parent.mkdir()
    clash.write_text("# Alpha's address taken\n")
    with pytest.raises(Abort):
        preview()
    assert list(site.iterdir()) == []
    clash.unlink()
    preview()
    assert_same_site(site, full_build(project), search_index=True)


def test_a_story_a_save_makes_invalid_is_taken_down_with_its_photo(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    """A preview leaves an invalid story out (with a warning), as ``mkdocs serve`` does."""
    folder = anthology / "delta"
    folder.mkdir()
    (folder / "hands.jpg").write_bytes(small("jpeg"))
    text = "Delta's words.\n\n![Two hands](hands.jpg)\n"
    write_story(folder, "index", title="Delta holds on", body=text)
    site = preview()
    assert (site / "stories/delta/hands.jpg").is_file()
    write_story(folder, "index", title="Delta holds on", body=text, themes=("kindnes",))
    preview()
    assert not (site / "stories/delta").exists()
    assert files_containing(site, "Delta holds on") == []
    assert_same_site(site, full_build(project), search_index=True)


def test_a_retitled_story_shows_its_new_title_on_its_related_stories_pages(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    """A story's page planned by the previous rebuild is taken again only while its related
    stories are unchanged: Alpha's page shows Bravo (both about kindness) in its related
    stories, so retitling Bravo plans Alpha's page again; Charlie's is taken as it was. The
    feed, taken again while no title, summary, date or storyteller changed, is made again."""
    site = preview()
    before = mtimes(site)
    write_story(
        anthology,
        "bravo",
        title="Bravo heard again",
        themes=("kindness",),
        published=dt.date(2025, 2, 1),
        body="Bravo's words. See [the night](../alpha/) too.\n",
    )
    preview()
    assert "Bravo heard again" in (site / "stories/alpha/index.html").read_text()
    assert "Bravo heard again" in (site / "feed.xml").read_text()  # the feed is made again
    assert mtimes(site)["stories/charlie/index.html"] == before["stories/charlie/index.html"]
    assert_same_site(site, full_build(project), search_index=False)


def test_a_renamed_theme_shows_on_every_page_that_names_it(
    project: Path, anthology: Path, preview: Rebuild
) -> None:
    """A changed vocabulary plans every story page again (its labels are on them)."""
    site = preview()
    themes = dict(THEMES)
    themes["kindness"] = ("Acts of kindness", themes["kindness"][1])
    write_vocabulary(anthology, themes)
    preview()
    for page in ("stories/alpha/index.html", "stories/bravo/index.html"):
        assert "Acts of kindness" in (site / page).read_text(), page
    assert_same_site(site, full_build(project), search_index=True)
