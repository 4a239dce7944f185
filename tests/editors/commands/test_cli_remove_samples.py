"""``kairos remove-samples``: sample stories and wording go, an organisation's own work stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.editors.commands.cli import main

from ...site_factory import build_site, write_project, write_story, write_vocabulary

SAMPLE_LINE = "# kairos: sample story shipped with Kairos; `make remove-samples` deletes it\n"
PAGE = """# Welcome

Numbers matter.

<!-- kairos: sample -->

This project began with one of those moments.

<!-- kairos: end sample -->

Stories show what the numbers miss.

<!-- kairos:home -->
"""


def mark_as_sample(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n" + SAMPLE_LINE, 1), encoding="utf-8")


@pytest.fixture
def anthology(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two sample stories (one a folder with a photo), the organisation's own, sample wording."""
    stories = tmp_path / "stories"
    write_vocabulary(stories)
    mark_as_sample(write_story(stories, "the-porter", body="He sang in the lifts.\n"))
    folder = stories / "the-butterfly"
    folder.mkdir()
    (write_story(stories, "the-butterfly")).rename(folder / "index.md")
    mark_as_sample(folder / "index.md")
    (folder / "butterfly.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_story(stories, "our-first-story", body="Our own words.\n")
    write_project(tmp_path, docs={"index.md": PAGE}, plugin={"search": "none"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["remove-samples", *args])


def test_samples_go_and_the_organisations_own_work_stays(anthology: Path) -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert result.output == (
        "removed stories/the-butterfly/ (sample story and its photos)\n"
        "removed stories/the-porter.md (sample story)\n"
        "removed docs/index.md:5-9 (sample wording)\n"
        "Removed 2 sample stories and 1 passage of sample wording.\n"
        "Next: add your first story (kairos new), then check the site with make serve.\n"
    )
    assert sorted(p.name for p in (anthology / "stories").iterdir()) == [
        "our-first-story.md",
        "vocabulary.yml",
    ]
    assert (anthology / "docs" / "index.md").read_text(encoding="utf-8") == (
        "# Welcome\n\nNumbers matter.\n\nStories show what the numbers miss.\n\n"
        "<!-- kairos:home -->\n"
    )
    assert run().output == "No sample stories or sample wording found; nothing was changed.\n"


def test_sample_collections_go_and_the_organisations_own_stay(anthology: Path) -> None:
    collections = anthology / "stories" / "collections"
    collections.mkdir()
    entry = "---\ntitle: T\nstories:\n  - story: our-first-story\n---\nNotes.\n"
    (collections / "sample-session.md").write_text(entry, encoding="utf-8")
    mark_as_sample(collections / "sample-session.md")
    (collections / "our-session.md").write_text(entry, encoding="utf-8")
    result = run()
    assert result.exit_code == 0, result.output
    assert "removed stories/collections/sample-session.md (sample collection)\n" in result.output
    assert "Removed 2 sample stories, 1 sample collection and 1 passage" in result.output
    assert sorted(p.name for p in collections.iterdir()) == ["our-session.md"]


def test_a_dry_run_changes_nothing(anthology: Path) -> None:
    before = sorted(str(p) for p in anthology.rglob("*"))
    result = run("--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "would remove stories/the-butterfly/ (sample story and its photos)"
    )
    assert sorted(str(p) for p in anthology.rglob("*")) == before


def test_with_every_story_gone_the_site_builds_and_says_so_kindly(anthology: Path) -> None:
    (anthology / "stories" / "our-first-story.md").unlink()
    assert run().exit_code == 0
    site = build_site(anthology)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "No stories are published yet. Each one appears here once its storyteller" in home
    assert "This project began" not in home
    assert "Stories show what the numbers miss." in home


def test_a_marker_left_open_changes_nothing(anthology: Path) -> None:
    page = anthology / "docs" / "about.md"
    page.write_text("# About\n\n<!-- kairos: sample -->\n\nOurs.\n", encoding="utf-8")
    (anthology / "docs" / "stray.md").write_text("<!-- kairos: end sample -->\n", "utf-8")
    result = run()
    assert result.exit_code == 1
    assert result.output == (
        "docs/about.md:3: found '<!-- kairos: sample -->' that is never closed; add a line "
        "'<!-- kairos: end sample -->' where the sample passage ends\n"
        "docs/stray.md:1: found '<!-- kairos: end sample -->' with no "
        "'<!-- kairos: sample -->' before it; remove it, or mark where the passage starts\n"
        "kairos remove-samples: nothing was changed\n"
    )
    assert (anthology / "stories" / "the-porter.md").is_file()


def test_no_stories_folder_is_exit_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 2
    assert result.output == "kairos remove-samples: stories: no such folder\n"


def test_the_markers_are_quiet_in_a_strict_build_before_removal(anthology: Path) -> None:
    """``<!-- kairos: sample -->`` is no placeholder: no 'unknown placeholder' warning."""
    (anthology / "stories" / "the-butterfly" / "butterfly.png").unlink()
    site = build_site(anthology)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "This project began with one of those moments." in home
    assert "kairos: sample -->" not in home
