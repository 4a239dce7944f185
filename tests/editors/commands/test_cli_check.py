"""``kairos check`` and ``kairos schema``: exit codes and exact output in each format."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kairos.core.anthology import Anthology
from kairos.editors.commands import check_command
from kairos.editors.commands.cli import main

from ...photo_files import small
from ...story_cases import stories_folder, valid_story

BROKEN = valid_story().replace("themes: [kindness, end-of-life]", "themes: [kindnes]")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


def test_all_valid_exits_0_with_the_summary(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"the-nurse.md": valid_story()})
    result = check("--date", "2026-06-01")
    assert result.exit_code == 0
    assert result.output == (
        "1 story checked: 1 valid, 0 invalid; 1 published on 2026-06-01, 0 held back; "
        "0 errors, 0 warnings\n"
    )


def test_text_format_lists_every_problem_then_the_summary(in_tmp: Path) -> None:
    stories_folder(
        in_tmp,
        {
            "a.md": BROKEN,
            "b.md": BROKEN.replace("role: family-member", "role: famly"),
            "c.md": valid_story(published="2026-07-01"),
        },
    )
    result = check("stories", "--date", "2026-06-01")
    assert result.exit_code == 1
    assert result.output == (
        "stories/a.md:8: themes: 'kindnes' is not a known theme; did you mean 'kindness'?\n"
        "stories/b.md:6: storyteller.role: found 'famly'; expected one of: patient, "
        "family-member, carer, professional, other; did you mean 'family-member'?\n"
        "stories/b.md:8: themes: 'kindnes' is not a known theme; did you mean 'kindness'?\n"
        "stories/c.md:1: held back: embargoed (published 2026-07-01 is after 2026-06-01)\n"
        # Only the reasons that apply are counted.
        "3 stories checked: 1 valid, 2 invalid; 0 published on 2026-06-01, 3 held back "
        "(invalid 2, embargoed 1); "
        "3 errors, 0 warnings\n"
    )


def test_github_format_annotates_lines(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"a.md": BROKEN})
    result = check("--format", "github", "--date", "2026-06-01")
    assert result.exit_code == 1
    first, summary = result.output.splitlines()
    assert first == (
        "::error file=stories/a.md,line=8,title=themes::stories/a.md:8: themes: 'kindnes' is "
        "not a known theme; did you mean 'kindness'?"
    )
    assert summary.startswith("1 story checked: 0 valid, 1 invalid;")


def test_each_valid_story_held_back_gets_a_line_that_is_not_an_error(in_tmp: Path) -> None:
    stories_folder(
        in_tmp,
        {
            "late.md": valid_story().replace("review_by: 2028-01-02", "review_by: 2026-11-30"),
            "no-web.md": valid_story().replace(
                "scope: [website, search-engines, feed, teaching]", "scope: [teaching]"
            ),
            "soon.md": valid_story().replace("date: 2026-01-02", "date: 2026-12-05"),
            "shown.md": valid_story(),
        },
    )
    text = check("--date", "2026-12-01")
    assert text.exit_code == 0
    assert text.output.splitlines()[:3] == [
        "stories/late.md:1: held back: consent review overdue (consent.review_by 2026-11-30 is "
        "before 2026-12-01)",
        "stories/no-web.md:1: held back: no 'website' in consent.scope (found: teaching)",
        "stories/soon.md:1: held back: consent dated in the future (consent.date 2026-12-05 is "
        "after 2026-12-01)",
    ]
    assert text.output.splitlines()[3].startswith("4 stories checked: 4 valid, 0 invalid;")
    github = check("--format", "github", "--date", "2026-12-01")
    assert github.exit_code == 0
    assert github.output.splitlines()[0] == (
        "::notice file=stories/late.md,line=1,title=Held back::stories/late.md:1: held back: "
        "consent review overdue (consent.review_by 2026-11-30 is before 2026-12-01)"
    )
    report = json.loads(check("--format", "json", "--date", "2026-12-01").output)
    assert report["held_back"][1] == {
        "path": "stories/no-web.md",
        "line": 1,
        "reasons": ["not in website scope"],
        "message": "no 'website' in consent.scope (found: teaching)",
        "text": "stories/no-web.md:1: held back: no 'website' in consent.scope (found: teaching)",
    }
    assert report["summary"]["errors"] == 0


def test_json_format(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"a.md": BROKEN, "b.md": valid_story()})
    result = check("--format", "json", "--date", "2026-06-01")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["build_date"] == "2026-06-01"
    assert report["problems"] == [
        {
            "path": "stories/a.md",
            "line": 8,
            "column": None,
            "field": "themes",
            "severity": "error",
            "message": "'kindnes' is not a known theme; did you mean 'kindness'?",
            "text": "stories/a.md:8: themes: 'kindnes' is not a known theme; "
            "did you mean 'kindness'?",
        }
    ]
    assert report["stories"] == [
        {
            "slug": "a",
            "path": "stories/a.md",
            "valid": False,
            "published": False,
            "held_back_because": ["invalid"],
        },
        {
            "slug": "b",
            "path": "stories/b.md",
            "valid": True,
            "published": True,
            "held_back_because": [],
        },
    ]
    assert report["summary"]["published"] == 1
    assert report["summary"]["held_back_reasons"]["invalid"] == 1


def test_warnings_pass_unless_strict(in_tmp: Path) -> None:
    no_body = valid_story().split("She pulled")[0]
    stories_folder(in_tmp, {"a.md": no_body})
    relaxed = check("--date", "2026-06-01")
    assert relaxed.exit_code == 0
    assert relaxed.output.startswith(
        "stories/a.md:18: warning: body: found no story text after the front-matter"
    )
    assert check("--date", "2026-06-01", "--strict").exit_code == 1


def test_missing_folder_exits_2(in_tmp: Path) -> None:
    result = check("nowhere")
    assert result.exit_code == 2
    assert result.output == "kairos check: nowhere: no such file or folder\n"


def test_bad_date_exits_2(in_tmp: Path) -> None:
    stories_folder(in_tmp)
    result = check("--date", "2026-02-30")
    assert result.exit_code == 2
    assert "found '2026-02-30'; expected a real date written YYYY-MM-DD" in result.output


def test_source_date_epoch_sets_the_build_date(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories_folder(in_tmp, {"a.md": valid_story(published="2026-03-01")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01T00:00:00Z
    assert "1 published on 2026-03-01" in check().output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772236800")  # the day before: embargoed
    assert "0 published on 2026-02-28" in check().output


def test_problems_in_vocabulary_are_reported(in_tmp: Path) -> None:
    folder = stories_folder(in_tmp, {"a.md": valid_story()})
    (folder / "vocabulary.yml").write_text(
        "themes:\n  kindness:\n    lable: Kindness\n  end-of-life:\n    label: End of life\n"
    )
    result = check("--date", "2026-06-01")
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "stories/a.md:8: themes: 'kindness' is not a known theme; "
        "the known themes are listed in vocabulary.yml",
        "stories/vocabulary.yml:2: themes.kindness.label: missing; this field is required",
        "stories/vocabulary.yml:3: themes.kindness.lable: 'lable' is not a known field; "
        "did you mean 'label'? (known fields here: description, label)",
    ]


def test_missing_vocabulary_holds_every_story_back(in_tmp: Path) -> None:
    folder = stories_folder(in_tmp, {"a.md": valid_story()})
    (folder / "vocabulary.yml").unlink()
    result = check("--date", "2026-06-01")
    assert result.exit_code == 1
    assert "stories/vocabulary.yml:1: file: not found" in result.output
    assert "0 published on 2026-06-01" in result.output


def test_schema_prints_the_model_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "title",
        "summary",
        "storyteller",
        "published",
        "themes",
        "framework_level",
        "consent",
    }


# Files instead of a folder: what editors type, and what pre-commit passes


def test_one_file_is_checked_with_its_folder_and_reported_alone(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"a.md": BROKEN, "b.md": valid_story(), "c.md": BROKEN})
    result = check("stories/a.md", "--date", "2026-06-01")
    assert result.exit_code == 1
    assert result.output == (
        "stories/a.md:8: themes: 'kindnes' is not a known theme; did you mean 'kindness'?\n"
        "1 story checked: 0 valid, 1 invalid; 0 published on 2026-06-01, 1 held back "
        "(invalid 1); 1 error, 0 warnings\n"
    )


def test_several_files_as_pre_commit_passes_them(in_tmp: Path) -> None:
    folder = stories_folder(in_tmp, {"a.md": BROKEN, "b.md": valid_story()})
    (folder / "c").mkdir()
    shown = valid_story().replace("She pulled up a chair and sat down.", "![A chair](photo.jpg)")
    (folder / "c" / "index.md").write_text(shown, encoding="utf-8")
    (folder / "c" / "photo.jpg").write_bytes(small("JPEG"))
    result = check("stories/b.md", "stories/c/photo.jpg", "--date", "2026-06-01")
    assert result.exit_code == 0
    assert result.output == (
        "2 stories checked: 2 valid, 0 invalid; 2 published on 2026-06-01, 0 held back; "
        "0 errors, 0 warnings\n"
    )


def test_the_vocabulary_file_checks_every_story(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"a.md": BROKEN, "b.md": valid_story()})
    result = check("stories/b.md", "stories/vocabulary.yml", "--date", "2026-06-01")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("2 stories checked: 1 valid, 1 invalid;")


def test_files_of_two_folders_are_refused(in_tmp: Path) -> None:
    stories_folder(in_tmp, {"a.md": valid_story()})
    stories_folder(in_tmp / "other", {"b.md": valid_story()})
    result = check("stories/a.md", "other/stories/b.md")
    assert result.exit_code == 2
    assert result.output == (
        "kairos check: found paths in more than one stories folder (other/stories, stories); "
        "check one folder at a time\n"
    )


@pytest.mark.parametrize(
    ("stories", "args", "status"),
    [
        ({"a.md": valid_story()}, ["--date", "2026-06-01"], 0),
        ({"a.md": BROKEN}, ["--date", "2026-06-01"], 1),
        ({"a.md": valid_story()}, ["--date", "2026-13-01"], 2),
        ({}, ["no-such-folder"], 2),
    ],
)
def test_the_cycle_collector_is_paused_only_while_checking(
    in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    stories: dict[str, str],
    args: list[str],
    status: int,
) -> None:
    """A check pauses Python's cycle collector (its stories stay alive to the end anyway) and
    turns it back on, whatever the exit status."""
    stories_folder(in_tmp, stories)
    seen: list[bool] = []
    original = check_command.judged_anthology

    def judged_anthology(*args: Any, **kwargs: Any) -> Anthology:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(check_command, "judged_anthology", judged_anthology)
    assert gc.isenabled()
    assert check(*args).exit_code == status
    assert gc.isenabled()
    assert seen == ([] if status == 2 else [False])


def test_a_file_name_that_is_not_utf8_is_an_error_shown_with_its_bytes_escaped(
    in_tmp: Path,
) -> None:
    folder = stories_folder(in_tmp, {"the-nurse.md": valid_story(), "bad.md": valid_story()})
    os.rename(os.fsencode(folder / "bad.md"), os.fsencode(folder) + b"/caf\xe9.md")
    result = check("--date", "2026-06-01")
    assert result.exit_code == 1
    assert result.output == (
        "stories/caf\\xe9.md:1: file name: found 'caf\\xe9.md', a name that is not UTF-8 text "
        "(bytes shown as \\xNN); a story's file name is its web address: lowercase letters, "
        "digits and single hyphens, ending in .md, e.g. 'caf.md'\n"
        "2 stories checked: 1 valid, 1 invalid; 1 published on 2026-06-01, 1 held back "
        "(invalid 1); 1 error, 0 warnings\n"
    )
    as_json = check("--date", "2026-06-01", "--format", "json")
    assert json.loads(as_json.output)["problems"][0]["path"] == "stories/caf\\xe9.md"


MKDOCS_YML = """\
site_name: Stories
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - kairos:
      stories_dir: stories
      {pin}
      privacy:
        data_controller: The Stories Trust
        contact: privacy@example.org
        legal_basis: The storyteller's consent.
        retention: Stories while consent lasts; forms for six years.
        withdrawal: Write to us; the story comes down within 7 days.
"""


def test_a_build_date_pinned_in_mkdocs_yml_is_a_warning(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories_folder(in_tmp, {"the-nurse.md": valid_story()})
    (in_tmp / "mkdocs.yml").write_text(MKDOCS_YML.format(pin="build_date: 2026-01-01"))
    result = check("--date", "2026-06-01")
    assert result.exit_code == 0
    assert result.output == (
        "mkdocs.yml:11: warning: build_date: pinned to 2026-01-01; the site is judged on that "
        "date, not today: a story whose consent lapses after it stays online, and one "
        "embargoed until after it is published early (the deploy ignores it); remove "
        "'build_date' from the kairos plugin's options and use 'kairos check --date' or "
        "'kairos diff --date' to look at another day\n"
        "1 story checked: 1 valid, 0 invalid; 1 published on 2026-06-01, 0 held back; "
        "0 errors, 1 warning\n"
    )
    assert check("--strict", "stories").exit_code == 1
    # Checked from elsewhere, the warning names the file where it is.
    (in_tmp / "elsewhere").mkdir()
    monkeypatch.chdir(in_tmp / "elsewhere")
    result = check("--date", "2026-06-01", "../stories")
    assert result.output.startswith("../mkdocs.yml:11: warning: build_date: pinned to 2026-01-01;")


@pytest.mark.parametrize("pin", ["# build_date: 2026-01-01", "build_date:", "feed: true"])
def test_no_warning_without_a_pinned_build_date(in_tmp: Path, pin: str) -> None:
    stories_folder(in_tmp, {"the-nurse.md": valid_story()})
    (in_tmp / "mkdocs.yml").write_text(MKDOCS_YML.format(pin=pin))
    result = check("--date", "2026-06-01", "--strict")
    assert result.exit_code == 0
    assert "warning" not in result.output.replace("0 warnings", "")
