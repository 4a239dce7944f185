"""The build cache never changes what is built: warm builds equal fresh cold builds, file for file.

Every output file is compared byte for byte, except that Pagefind's filter and meta files are
compared by their decoded strings: Pagefind writes them in a different order (so with other
hashed names) on two cold builds of the same pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort

from kairos.safety.audit import pagefind_text
from kairos.site.cache_database import DATABASE_NAME

from ..site_factory import (
    OVERRIDES,
    PLUGIN_LOGGER,
    build_site,
    captured_logs,
    consent,
    write_project,
    write_story,
    write_vocabulary,
)

CACHE_LOGGER = "kairos.site.page_cache"
#: Pagefind's files whose bytes differ between two builds of the same pages.
UNORDERED = (".pf_filter", ".pf_meta")


def output(site: Path) -> dict[str, Any]:
    """Every file of ``site``: bytes, or decoded and sorted for Pagefind's unordered files."""
    files: dict[str, Any] = {}
    # The meta file names the filter files, whose names hash their (unordered) bytes.
    filters = {path.stem for path in site.glob("pagefind/filter/*.pf_filter")}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix in UNORDERED:
            text = pagefind_text(gzip.decompress(data), path.suffix)
            lines = sorted(line for line in text.splitlines() if line not in filters)
            files.setdefault(f"pagefind *{path.suffix}", []).append(lines)
        elif name == "pagefind/pagefind-entry.json":
            entry = json.loads(data)
            for language in entry["languages"].values():
                language.pop("hash")
            files[name] = entry
        else:
            files[name] = data
    for key, value in files.items():
        if key.startswith("pagefind *"):
            value.sort()
    return files


def write_anthology(stories: Path) -> None:
    write_vocabulary(stories)
    write_story(stories, "the-porter", body="He sang in the lifts.\n\n## Later\n\nWe sang too.\n")
    write_story(
        stories,
        "night-shift",
        themes=("kindness", "waiting"),
        body="She sat down beside me at three in the morning.\n",
    )
    write_story(
        stories,
        "a-link",
        themes=("waiting",),
        body="See [the porter](../the-porter/).\n",
    )
    write_story(stories, "not-yet", published=dt.date(2025, 7, 1), body="An embargoed story.\n")
    write_story(
        stories,
        "review-due",
        consent_record=consent(review_by=dt.date(2025, 6, 15)),
        body="A story whose consent review falls due.\n",
    )
    write_story(stories, "pending-tale", consent_record=consent("pending"), body="Pending.\n")


def build(
    root: Path, site: str, *, cache_dir: str = ".cache/kairos", strict: bool = True, **options: Any
) -> Path:
    write_project(
        root,
        docs={"about.md": "# About\n\nAn anthology.\n"},
        plugin={"cache_dir": cache_dir, **options},
    )
    return build_site(root, site_dir=root / site, strict=strict)


def cold(root: Path, site: str, **options: Any) -> dict[str, Any]:
    """A fresh cold build: the same project with an empty cache folder of its own."""
    return output(build(root, site, cache_dir=f".cache/cold-{site}", **options))


def reuse(records: list[logging.LogRecord]) -> str:
    return next(r.getMessage() for r in records if r.getMessage().startswith("kairos cache:"))


def test_a_cold_build_equals_a_build_without_the_cache_file_for_file(project: Path) -> None:
    """With the cache on, pages are rendered by the cache's own path (Markdown kept for reuse,
    the theme's template rendered inside a one-line template); MkDocs' own path must give the
    same bytes."""
    write_anthology(project / "stories")
    # State a Markdown converter keeps between pages: footnotes, headings' ids, stashed HTML.
    for slug, word in (("first-note", "tea"), ("second-note", "toast")):
        write_story(
            project / "stories",
            slug,
            body=f"## Later\n\nWe had {word}.[^1]\n\n[^1]: At the nurses' station.\n",
        )
    cached = cold(project, "cached")
    assert cached == output(build(project, "plain", cache=False))
    page = cached["stories/second-note/index.html"].decode("utf-8")
    assert 'id="later"' in page and "We had toast" in page and "We had tea" not in page


def test_warm_builds_equal_cold_builds_file_for_file(project: Path) -> None:
    write_anthology(project / "stories")
    first = output(build(project, "site-1"))
    with captured_logs(CACHE_LOGGER) as records:
        warm = output(build(project, "site-2"))
    assert warm == first
    assert reuse(records) == (
        "kairos cache: Markdown 15 reused, 1 rendered; pages 20 reused, 0 rendered"
    )

    story = project / "stories" / "night-shift.md"
    story.write_text(story.read_text("utf-8").replace("three", "four"), "utf-8")
    with captured_logs(CACHE_LOGGER) as records:
        warm = output(build(project, "site-3"))
    assert warm == cold(project, "site-3")
    assert b"at four in the morning" in warm["stories/night-shift/index.html"]
    assert "Markdown 14 reused, 2 rendered" in reuse(records)  # the story, and a-link

    write_vocabulary(
        project / "stories",
        themes={
            "kindness": ("Kind acts", "Small acts of care that mattered."),
            "waiting": ("Waiting", "The hours and days of waiting."),
        },
    )
    warm = output(build(project, "site-4"))
    assert warm == cold(project, "site-4")
    assert b"Kind acts" in warm["themes/kindness/index.html"]


def test_every_build_judges_the_stories_again_on_its_own_date(project: Path) -> None:
    write_anthology(project / "stories")
    build(project, "before", search="none", build_date="2025-06-01")
    after = output(build(project, "after", search="none", build_date="2025-07-02"))
    assert after == cold(project, "after", search="none", build_date="2025-07-02")
    assert "stories/not-yet/index.html" in after
    assert "stories/review-due/index.html" not in after
    assert not any(b"review-due" in data for data in after.values())


def cache_database(project: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(project / ".cache" / "kairos" / DATABASE_NAME))


def test_altered_entries_are_ignored(project: Path) -> None:
    write_anthology(project / "stories")
    first = output(build(project, "site-1", search="none"))
    with cache_database(project) as db, db:
        kinds = {kind for (kind,) in db.execute("SELECT kind FROM entries")}
        assert kinds == {"audit", "content", "pages", "templates"}
        # One byte changed, truncated, emptied: each must be noticed.
        db.execute("UPDATE entries SET payload = CAST('x' AS BLOB) || substr(payload, 2)")
        db.execute("UPDATE entries SET payload = substr(payload, 1, 9) WHERE rowid % 3 = 0")
        db.execute("UPDATE entries SET payload = CAST('' AS BLOB) WHERE rowid % 3 = 1")
    with captured_logs(CACHE_LOGGER) as records:
        warm = output(build(project, "site-2", search="none"))
    assert warm == first
    assert reuse(records) == (
        "kairos cache: Markdown 0 reused, 16 rendered; pages 0 reused, 20 rendered"
    )


@pytest.mark.parametrize("where", ["everywhere", "past the header"])
def test_a_damaged_database_is_no_error(project: Path, where: str) -> None:
    write_anthology(project / "stories")
    first = output(build(project, "site-1", search="none"))
    path = project / ".cache" / "kairos" / DATABASE_NAME
    data = path.read_bytes()
    garbage = bytes(range(256)) * (len(data) // 256 + 1)
    kept = 0 if where == "everywhere" else 4096  # SQLite's header and schema: the first page
    path.write_bytes(data[:kept] + garbage[: len(data) - kept])
    assert output(build(project, "site-2", search="none")) == first
    with captured_logs(CACHE_LOGGER) as records:
        assert output(build(project, "site-3", search="none")) == first
    assert reuse(records) == (
        "kairos cache: Markdown 15 reused, 1 rendered; pages 20 reused, 0 rendered"
    )


def test_a_database_another_build_holds_is_no_error(project: Path) -> None:
    """``mkdocs serve`` and ``mkdocs build`` at once: the second build does without the cache."""
    write_anthology(project / "stories")
    first = output(build(project, "site-1", search="none"))
    for lock in ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"):
        with cache_database(project) as other:
            other.execute(lock)
            with captured_logs(CACHE_LOGGER) as records:
                assert output(build(project, "site-2", search="none")) == first
            other.rollback()
        assert reuse(records).endswith(
            "pages 20 reused, 0 rendered"
            if lock == "BEGIN IMMEDIATE"
            else "pages 0 reused, 20 rendered"
        )


def test_entries_a_build_does_not_use_are_removed_and_overwritten(project: Path) -> None:
    """SQLite leaves deleted rows in free pages unless ``secure_delete`` overwrites them."""
    write_anthology(project / "stories")
    build(project, "site-1", search="none")
    story = project / "stories" / "night-shift.md"
    story.write_text(story.read_text("utf-8").replace("three", "four"), "utf-8")
    build(project, "site-2", search="none")
    files = [p for p in (project / ".cache").rglob("*") if p.is_file()]
    assert sorted(p.name for p in files) == [".gitignore", "CACHEDIR.TAG", DATABASE_NAME]
    cached = b"".join(p.read_bytes() for p in files)
    assert b"at four in the morning" in cached
    assert b"at three in the morning" not in cached


def test_an_edited_template_is_used_by_the_next_build(project: Path) -> None:
    """Builds in one process, as ``mkdocs serve`` rebuilds: a partial of custom_dir edited
    between two builds changes every page that includes it, and only it."""
    write_anthology(project / "stories")
    overrides = project / "overrides"
    shutil.copytree(OVERRIDES, overrides)

    def build_with_overrides(site: str) -> dict[str, Any]:
        path = write_project(project, plugin={"search": "none"})
        config = yaml.safe_load(path.read_text("utf-8"))
        config["theme"]["custom_dir"] = str(overrides)
        path.write_text(yaml.safe_dump(config), "utf-8")
        return output(build_site(project, site_dir=project / site))

    first = build_with_overrides("site-1")
    footer = overrides / "partials" / "footer.html"
    footer.write_text(footer.read_text("utf-8").replace("Who we are", "Who runs this"), "utf-8")
    with captured_logs(CACHE_LOGGER) as records:
        second = build_with_overrides("site-2")
    assert b"Who we are" in first["stories/night-shift/index.html"]
    assert b"Who we are" not in second["stories/night-shift/index.html"]
    assert b"Who runs this" in second["stories/night-shift/index.html"]
    assert b"Who runs this" in second["themes/kindness/index.html"]
    assert reuse(records).endswith("pages 0 reused, 20 rendered")


def test_the_cache_folder_is_git_ignored_and_tagged(project: Path) -> None:
    write_anthology(project / "stories")
    build(project, "site", search="none")
    folder = project / ".cache" / "kairos"
    assert (folder / ".gitignore").read_text() == (
        "# Written by the kairos plugin: the build cache is never committed.\n*\n"
    )
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )


@pytest.mark.parametrize(
    ("cache_dir", "other"),
    [("docs/cache", "docs_dir"), ("site", "site_dir"), ("site/cache", "site_dir")],
)
def test_a_cache_folder_inside_docs_or_site_is_refused(
    project: Path, cache_dir: str, other: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_anthology(project / "stories")
    write_project(project, plugin={"cache_dir": cache_dir})
    with pytest.raises(Abort):
        build_site(project)
    assert f"kairos: cache_dir: found '{cache_dir}', which overlaps {other} " in caplog.text
    assert not (project / cache_dir).exists()


def test_links_follow_the_status_of_the_story_they_lead_to(project: Path) -> None:
    """A page whose text links to a story is rendered again on every build: the link is taken
    out (and reported) while that story is held back, and is back once it is published."""
    write_anthology(project / "stories")
    porter = project / "stories" / "the-porter.md"
    published = porter.read_text("utf-8")
    write_story(project / "stories", "the-porter", consent_record=consent("pending"))
    with captured_logs(PLUGIN_LOGGER) as records:
        held = output(build(project, "site-1", strict=False, search="none"))
    assert (
        "kairos: stories/a-link.md: removed the link to '../the-porter/': the story 'the-porter' "
        "is not published on the build date"
    ) in [r.getMessage() for r in records]
    assert b"the-porter" not in held["stories/a-link/index.html"]

    porter.write_text(published, "utf-8")
    warm = output(build(project, "site-2", search="none"))
    assert b'href="../the-porter/"' in warm["stories/a-link/index.html"]
    assert warm == cold(project, "site-2", search="none")
