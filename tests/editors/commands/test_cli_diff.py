"""``kairos diff`` on real git repositories: what changes for readers, and what is never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.editors.commands.cli import main

from ...git_repository import anthology_repository, commit_all, git
from ...photo_files import small
from ...story_cases import valid_story

DATE = "2026-06-01"
SECRET = "The porter hummed the song my grandmother sang in Kraków."
PENDING = (
    valid_story()
    .replace("status: granted", "status: pending")
    .replace("The nurse who sat down", "A pending story")
    .replace("She pulled up a chair and sat down.", SECRET)
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main holds one published story; the test works on a branch, as a pull request does."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = anthology_repository(tmp_path / "anthology", {"the-nurse.md": valid_story()})
    git(root, "checkout", "--quiet", "-b", "change")
    monkeypatch.chdir(root)
    return root


def diff(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args, "--date", DATE])


def write(repo: Path, name: str, text: str) -> None:
    (repo / "stories" / name).write_text(text, encoding="utf-8")


def test_a_new_pending_story_will_be_held_back(repo: Path) -> None:
    write(repo, "a-pending-story.md", PENDING)
    commit_all(repo, "Add a pending story")
    result = diff("main", "HEAD")
    assert result.exit_code == 0
    assert result.output == (
        "Site built on 2026-06-01, main -> HEAD: 1 story published before, 1 after\n"
        "1 story will be held back (pending)\n"
        "\n"
        "Will be held back (1)\n"
        '  stories/a-pending-story.md "A pending story": pending; new file\n'
    )


def test_granting_consent_publishes_it_and_its_pages_change(repo: Path) -> None:
    write(repo, "a-pending-story.md", PENDING)
    base = commit_all(repo, "Add a pending story")
    write(repo, "a-pending-story.md", PENDING.replace("status: pending", "status: granted"))
    result = diff(base)  # HEAD defaults to the working tree
    assert result.exit_code == 0
    assert result.output == (
        f"Site built on 2026-06-01, {base} -> working tree: 1 story published before, 2 after\n"
        "1 story will be published\n"
        "4 theme, level or role pages will change\n"
        "\n"
        "Will be published (1)\n"
        '  stories/a-pending-story.md "A pending story": was held back (pending)\n'
        "\n"
        "Pages that change (4)\n"
        "  /themes/end-of-life/ (End of life): 1 -> 2 stories\n"
        "  /themes/kindness/ (Kindness): 1 -> 2 stories\n"
        "  /levels/civil-discourse/ (Civil discourse): 1 -> 2 stories\n"
        "  /roles/family-member/ (Family members): 1 -> 2 stories\n"
    )


def test_withdrawing_a_published_story_takes_it_off_the_site(repo: Path) -> None:
    tombstone = valid_story().replace("status: granted", "status: withdrawn")
    tombstone = tombstone.replace("  final_text_approved: true\n", "  withdrawn_on: 2026-05-20\n")
    write(repo, "the-nurse.md", tombstone.replace("She pulled up a chair and sat down.\n", ""))
    result = diff("main", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["headlines"] == [
        "1 story will be withdrawn",
        "4 theme, level or role pages will change",
    ]
    assert report["withdrawn"] == [
        {
            "slug": "the-nurse",
            "path": "stories/the-nurse.md",
            "title": "The nurse who sat down",
            "before": "published",
            "after": "held back (withdrawn)",
            "reason": "withdrawn",
            "was_on_site": True,
            "changed_fields": [],
            "text_diff": [],
            "text_diff_cut": 0,
        }
    ]
    pages = [(p["url"], p["before"], p["after"]) for p in report["pages"]]
    assert pages == [
        ("/themes/end-of-life/", 1, 0),
        ("/themes/kindness/", 1, 0),
        ("/levels/civil-discourse/", 1, 0),
        ("/roles/family-member/", 1, 0),
    ]


def test_a_changed_published_story_shows_what_readers_will_see_change(repo: Path) -> None:
    write(repo, "the-nurse.md", valid_story().replace("sat down.", "sat down beside us."))
    result = diff("main", "--format", "markdown")
    assert result.exit_code == 0
    assert "- **1 published story will change**\n" in result.output
    assert "- `stories/the-nurse.md` The nurse who sat down: changes: text\n" in result.output
    assert "  -She pulled up a chair and sat down.\n" in result.output
    assert "  +She pulled up a chair and sat down beside us.\n" in result.output
    # The text alone is not on any list page.
    assert "Pages that change" not in result.output


def test_a_published_storys_photo_is_compared_between_revisions(repo: Path) -> None:
    folder = repo / "stories" / "with-photo"
    folder.mkdir()
    story = valid_story().replace("She pulled up a chair and sat down.", "![A chair](chair.png)")
    (folder / "index.md").write_text(story.replace("Ruth", "Ann"), encoding="utf-8")
    (folder / "chair.png").write_bytes(small("PNG", 2))
    commit_all(repo, "A story with a photo")
    git(repo, "checkout", "--quiet", "-b", "new-photo")
    assert diff("change", "HEAD").output.splitlines()[1] == "No change for readers"
    (folder / "chair.png").write_bytes(small("PNG", 3))
    commit_all(repo, "A new photo")
    result = diff("change", "HEAD")
    assert "1 published story will change\n" in result.output
    assert '  stories/with-photo/index.md "The nurse who sat down": changes: media\n' in (
        result.output
    )
    assert "unreadable" not in result.output


def test_problems_new_on_head_are_listed(repo: Path) -> None:
    write(repo, "the-nurse.md", valid_story().replace("[kindness, end-of-life]", "[kindnes]"))
    result = diff("main")
    assert result.exit_code == 0
    assert "1 story will be held back (invalid)\n" in result.output
    assert "1 new problem to fix\n" in result.output
    assert result.output.endswith(
        "New problems (1)\n"
        "  stories/the-nurse.md:8: themes: 'kindnes' is not a known theme; "
        "did you mean 'kindness'?\n"
    )


def test_a_deleted_story_file_is_reported(repo: Path) -> None:
    (repo / "stories" / "the-nurse.md").unlink()
    result = diff("main")
    assert "1 story file will be deleted\n" in result.output
    assert (
        '  stories/the-nurse.md "The nurse who sat down": was published; it comes off the site, '
        "and its address could be reused\n"
    ) in result.output


def test_no_change_for_readers(repo: Path) -> None:
    write(repo, "a-pending-story.md", PENDING)
    base = commit_all(repo, "Add a pending story")
    write(repo, "a-pending-story.md", PENDING.replace("Kraków", "Kraków, softly"))
    result = diff(base)
    assert result.output.splitlines()[1:] == ["No change for readers"]


def test_both_sides_are_judged_on_source_date_epoch(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "later.md", valid_story(published="2026-07-01").replace("Ruth", "Ann"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")  # 2026-07-01
    result = CliRunner().invoke(main, ["diff", "main"])
    assert result.output.splitlines()[:2] == [
        "Site built on 2026-07-01, main -> working tree: 1 story published before, 2 after",
        "1 story will be published",
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")  # 2026-06-30: still embargoed
    result = CliRunner().invoke(main, ["diff", "main"])
    assert "1 story will be held back (embargoed)\n" in result.output


def test_the_checkout_is_never_touched(repo: Path) -> None:
    write(repo, "a-pending-story.md", PENDING)
    before = git(repo, "status", "--porcelain")
    assert diff("main", "HEAD").exit_code == 0
    assert git(repo, "status", "--porcelain") == before
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "change"


def test_a_stories_folder_given_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "a-pending-story.md", PENDING)
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    result = diff("main", "--stories-dir", "../stories")
    assert result.exit_code == 0
    assert '  ../stories/a-pending-story.md "A pending story": pending; new file\n' in result.output


# Privacy: the text of a story published on neither side is never printed


@pytest.mark.parametrize("diff_format", ["text", "json", "markdown"])
def test_the_text_of_a_story_never_published_is_never_printed(repo: Path, diff_format: str) -> None:
    write(repo, "a-pending-story.md", PENDING)
    base = commit_all(repo, "Add a pending story")
    # Held back on both sides, its text changed; and a published story taken down with new text.
    write(repo, "a-pending-story.md", PENDING.replace("Kraków", "Kraków, every night"))
    taken_down = valid_story().replace("status: granted", "status: pending")
    write(repo, "the-nurse.md", taken_down.replace("She pulled up a chair", SECRET))
    result = diff(base, "--format", diff_format)
    assert result.exit_code == 0
    for words in ("Kraków", "porter hummed", "grandmother"):
        assert words not in result.output
    # What may be shown is shown: the titles, and that the published story comes down.
    assert "A pending story" not in result.output  # nothing changed for readers about it
    assert "The nurse who sat down" in result.output
    comes_down = '"was_on_site": true' if diff_format == "json" else "comes off the site"
    assert comes_down in result.output


# When it cannot run


def test_outside_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(main, ["diff", "main"])
    assert result.exit_code == 2
    assert result.output == (
        f"kairos diff: {tmp_path}: not inside a git repository; run kairos diff in the "
        "anthology's repository\n"
    )


@pytest.mark.parametrize("revision", ["no-such-branch", "main~5", "--help-me"])
def test_a_bad_revision(repo: Path, revision: str) -> None:
    result = CliRunner().invoke(main, ["diff", "--", revision])
    assert result.exit_code == 2
    assert result.output == (
        f"kairos diff: '{revision}' is not a commit in this repository; give a branch, tag or "
        "commit (for example main or HEAD~1), and fetch it first if it is only on GitHub\n"
    )


def test_a_bad_date(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "main", "--date", "1/6/2026"])
    assert result.exit_code == 2
    assert "Invalid value for '--date': found '1/6/2026'" in result.output


def test_a_stories_folder_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    result = CliRunner().invoke(main, ["diff", "main", "--stories-dir", "../elsewhere"])
    assert result.exit_code == 2
    assert result.output == f"kairos diff: ../elsewhere: not inside the git repository {repo}\n"


def test_no_stories_folder_on_disk(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "main", "--stories-dir", "tales"])
    assert result.exit_code == 2
    assert result.output == "kairos diff: tales: no such folder\n"


MKDOCS_YML = """\
site_name: Stories
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - kairos:
      stories_dir: stories
      {pin}
"""


def pin(repo: Path, line: str) -> None:
    (repo / "mkdocs.yml").write_text(MKDOCS_YML.format(pin=line), encoding="utf-8")


@pytest.fixture
def with_a_future_story(repo: Path) -> str:
    """main also holds mkdocs.yml (no build date) and a story published from 2027-01-01."""
    git(repo, "checkout", "--quiet", "main")
    pin(repo, "feed: true")
    write(
        repo,
        "a-future-story.md",
        valid_story(published="2027-01-01", review_by="2030-01-02").replace(
            "The nurse who sat down", "A future story"
        ),
    )
    commit_all(repo, "mkdocs.yml and a story for next year")
    git(repo, "checkout", "--quiet", "change")
    git(repo, "merge", "--quiet", "main")
    return "main"


def test_pinning_the_build_date_is_a_change_for_readers(
    repo: Path, with_a_future_story: str
) -> None:
    pin(repo, "build_date: 2028-03-01")
    commit_all(repo, "Pin the build date")
    result = diff("main", "HEAD")
    assert result.exit_code == 0
    assert result.output == (
        "Site built on 2026-06-01, main -> HEAD: 1 story published before, 1 after\n"
        "The build date changes: pinned to 2028-03-01 (was not set); it publishes 1 story and "
        "holds back 1 story\n"
        "\n"
        "Build date\n"
        "  mkdocs.yml:8: build_date: pinned to 2028-03-01, was not set.\n"
        "  A site built from this change is judged on 2028-03-01 instead of 2026-06-01.\n"
        "  The deploy ignores a pinned build_date and judges on the day it runs; kairos check "
        "warns while one is set. Remove it unless previewing another day.\n"
        '  Published on 2028-03-01 by the build date: stories/a-future-story.md "A future '
        'story" (was held back (embargoed))\n'
        '  Held back on 2028-03-01 by the build date: stories/the-nurse.md "The nurse who sat '
        'down" (was published)\n'
    )
    markdown = diff("main", "HEAD", "--format", "markdown").output
    assert (
        "- **The build date changes: pinned to 2028-03-01 (was not set); it publishes" in markdown
    )
    assert "#### Build date\n\n- mkdocs.yml:8: build\\_date: pinned to 2028-03-01" in markdown
    assert (
        "- Held back on 2028-03-01 by the build date: `stories/the-nurse.md` The nurse who sat "
        "down (was published)" in markdown
    )
    as_json = json.loads(diff("main", "HEAD", "--format", "json").output)
    assert as_json["build_date_change"]["judged_on"] == "2028-03-01"
    assert as_json["build_date_change"]["before"] is None


def test_unpinning_or_changing_the_build_date_is_a_change_for_readers(
    repo: Path, with_a_future_story: str
) -> None:
    pin(repo, "build_date: 2028-03-01")
    pinned = commit_all(repo, "Pin the build date")
    pin(repo, "feed: true")  # on disk only: HEAD is the working tree
    result = diff(pinned)
    assert result.output.splitlines()[1:5] == [
        "The build date changes: not set (was pinned to 2028-03-01); it publishes 1 story and "
        "holds back 1 story",
        "",
        "Build date",
        "  mkdocs.yml: build_date: not set, was pinned to 2028-03-01.",
    ]
    pin(repo, "build_date: 2028-03-02")
    assert diff(pinned).output.splitlines()[1] == (
        "The build date changes: pinned to 2028-03-02 (was pinned to 2028-03-01)"
    )
    pin(repo, "build_date: 2028-03-01  # the same date")
    assert diff(pinned).output.splitlines()[1] == "No change for readers"
