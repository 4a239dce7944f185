"""The publication diff between two anthologies judged on one date (no git involved)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology
from kairos.editors.reports.diff_report import (
    MAX_DIFF_LINES,
    PageChange,
    publication_diff,
    render_diff_report,
)

from ...photo_files import small
from ...story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)
PENDING = valid_story().replace("status: granted", "status: pending")


def anthology(root: Path, files: dict[str, str], date: dt.date = D) -> Anthology:
    return load_anthology(stories_folder(root, dict(files)), date, "stories")


def test_both_sides_must_share_the_build_date(tmp_path: Path) -> None:
    base = anthology(tmp_path / "a", {})
    head = anthology(tmp_path / "b", {}, D + dt.timedelta(days=1))
    with pytest.raises(ValueError, match="same build date"):
        publication_diff(base, head)


def test_held_back_reasons_follow_the_rules_order(tmp_path: Path) -> None:
    base = anthology(tmp_path / "a", {})
    head = anthology(
        tmp_path / "b",
        {
            "a.md": valid_story(published="2026-07-01"),
            "b.md": PENDING,
            "c.md": valid_story(review_by="2026-05-31"),
            "d.md": PENDING,
        },
    )
    result = publication_diff(base, head)
    assert result.held_back_reasons == {
        "pending": 2,
        "consent review overdue": 1,
        "embargoed": 1,
    }
    assert [c.before for c in result.held_back] == ["no file"] * 4


def test_a_problem_that_only_moved_down_is_not_new(tmp_path: Path) -> None:
    broken = valid_story().replace("[kindness, end-of-life]", "[kindnes]")
    moved = broken.replace("title:", "# a comment line\ntitle:")
    result = publication_diff(
        anthology(tmp_path / "a", {"a.md": broken, "b.md": broken}),
        anthology(tmp_path / "b", {"a.md": moved, "b.md": valid_story()}),
    )
    assert result.new_problems == ()
    assert result.fixed_problems == 1


def test_pages_change_when_a_card_changes_but_not_for_the_text_alone(tmp_path: Path) -> None:
    story = valid_story().replace("[kindness, end-of-life]", "[kindness]")
    base = anthology(tmp_path / "a", {"a.md": story})
    retitled = anthology(tmp_path / "b", {"a.md": story.replace("The nurse", "A nurse")})
    rewritten = anthology(tmp_path / "c", {"a.md": story.replace("sat down.", "stayed.")})
    assert publication_diff(base, retitled).pages == (
        PageChange("theme", "kindness", "Kindness", 1, 1, "/themes/kindness/"),
        PageChange("level", "civil-discourse", "Civil discourse", 1, 1, "/levels/civil-discourse/"),
        PageChange("role", "family-member", "Family members", 1, 1, "/roles/family-member/"),
    )
    assert publication_diff(base, rewritten).pages == ()
    assert publication_diff(base, rewritten).changed[0].changed_fields == ("text",)


def test_a_consent_scope_change_is_a_change_readers_see(tmp_path: Path) -> None:
    base = anthology(tmp_path / "a", {"a.md": valid_story()})
    head = anthology(tmp_path / "b", {"a.md": valid_story(scope="website")})
    (change,) = publication_diff(base, head).changed
    assert change.changed_fields == ("scope",)
    assert change.text_diff == (
        "@@ -10,3 +10,3 @@",
        " fictional: false",
        "-scope: [website, search-engines, feed, teaching]",
        "+scope: [website]",
        " ",
    )


def test_a_long_diff_is_cut(tmp_path: Path) -> None:
    long_text = "\n\n".join(f"Paragraph {n}." for n in range(100))
    base = anthology(tmp_path / "a", {"a.md": valid_story()})
    head = anthology(
        tmp_path / "b",
        {"a.md": valid_story().replace("She pulled up a chair and sat down.", long_text)},
    )
    (change,) = publication_diff(base, head).changed
    assert len(change.text_diff) == MAX_DIFF_LINES
    assert change.text_diff_cut > 100


def test_a_replaced_photo_is_a_change_readers_see(tmp_path: Path) -> None:
    story = valid_story().replace(
        "She pulled up a chair and sat down.", "![A chair by the bed](chair.png)"
    )
    sides = []
    for side, picture in (("a", small("PNG", 2)), ("b", small("PNG", 3))):
        folder = stories_folder(tmp_path / side)
        (folder / "chair").mkdir()
        (folder / "chair" / "index.md").write_text(story, encoding="utf-8")
        (folder / "chair" / "chair.png").write_bytes(picture)
        sides.append(load_anthology(folder, D, "stories"))
    assert [s.verdict.published for s in sides[0].stories] == [True]
    (change,) = publication_diff(*sides).changed
    assert change.changed_fields == ("media",)
    assert [line[:22] for line in change.text_diff if line[:1] in "+-"] == [
        "-media: [chair.png (sh",
        "+media: [chair.png (sh",
    ]


# Teaching collections: the page and the public pack.

SESSION = """---
title: A session
summary: Two stories.
audience: Nurses
time_needed: 1 hour
learning_outcomes: [Listen.]
stories:
  - story: a
  - story: b
---
Notes for the facilitator.
"""
WITHDRAWN = """---
title: Taken back
summary: Withdrawn.
storyteller: {name: Sam, role: patient}
published: 2026-01-15
themes: [kindness]
framework_level: co-planning
consent: {status: withdrawn, record: KF-9, given_by: storyteller, withdrawn_on: 2026-03-01}
---
"""


def with_collection(root: Path, stories: dict[str, str], session: str | None) -> Anthology:
    folder = stories_folder(root, dict(stories))
    if session is not None:
        (folder / "collections").mkdir()
        (folder / "collections" / "a-session.md").write_text(session, encoding="utf-8")
    return load_anthology(folder, D, "stories")


def test_a_withdrawn_story_leaves_the_pack(tmp_path: Path) -> None:
    stories = {"a.md": valid_story(), "b.md": valid_story()}
    base = with_collection(tmp_path / "a", stories, SESSION)
    head = with_collection(tmp_path / "b", stories | {"b.md": WITHDRAWN}, SESSION)
    (change,) = publication_diff(base, head).collections
    assert (change.path, change.title) == ("stories/collections/a-session.md", "A session")
    assert (change.before, change.after) == ("on the site", "on the site")
    assert (change.gains, change.loses, change.changed_fields) == ((), ("b",), ())


def test_a_new_collection_and_its_pack(tmp_path: Path) -> None:
    stories = {"a.md": valid_story(), "b.md": valid_story(scope="website")}
    result = publication_diff(
        with_collection(tmp_path / "a", stories, None),
        with_collection(tmp_path / "b", stories, SESSION),
    )
    (change,) = result.collections
    # b's consent does not allow teaching: never in the pack
    assert (change.before, change.after, change.gains) == ("no file", "on the site", ("a",))
    assert "1 teaching collection will change" in render_diff_report(result, "text")
    assert render_diff_report(result, "text").endswith(
        "Teaching collections that change (1)\n"
        '  stories/collections/a-session.md "A session": no file → on the site\n'
        "    pack gains: a\n"
    )


def test_fields_notes_and_story_text_that_change(tmp_path: Path) -> None:
    stories = {"a.md": valid_story(), "b.md": valid_story()}
    edited = stories | {"a.md": valid_story().replace("sat down.", "sat down beside her.")}
    changed = SESSION.replace("Two stories.", "Two short stories.").replace("Notes", "Some notes")
    result = publication_diff(
        with_collection(tmp_path / "a", stories, SESSION),
        with_collection(tmp_path / "b", edited, changed),
    )
    (change,) = result.collections
    assert change.changed_fields == ("summary", "facilitator notes")
    assert change.changed_stories == ("a",)
    markdown = render_diff_report(result, "markdown")
    assert (
        "- `stories/collections/a-session.md` A session: changes (summary, facilitator notes)"
        in (markdown)
    )
    assert "  - story changes in the pack: a" in markdown


def test_an_unchanged_collection_is_no_change(tmp_path: Path) -> None:
    stories = {"a.md": valid_story()}
    result = publication_diff(
        with_collection(tmp_path / "a", stories, SESSION.replace("  - story: b\n", "")),
        with_collection(tmp_path / "b", stories, SESSION.replace("  - story: b\n", "")),
    )
    assert result.collections == ()
    assert result.headlines == ("No change for readers",)


def test_a_new_storyteller_description_is_a_change_readers_see(tmp_path: Path) -> None:
    base = anthology(tmp_path / "a", {"a.md": valid_story()})
    described = valid_story().replace(
        "  role: family-member\n", "  role: family-member\n  description: a daughter\n", 1
    )
    assert described != valid_story()
    head = anthology(tmp_path / "b", {"a.md": described})
    (change,) = publication_diff(base, head).changed
    assert change.changed_fields == ("storyteller",)
    assert "+storyteller.description: a daughter" in change.text_diff
