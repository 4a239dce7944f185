"""``kairos check`` warns about the site's privacy wording in the mkdocs.yml beside the stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.core.privacy_notice import PRIVACY_FIELDS
from kairos.core.site_settings import read_site_settings
from kairos.editors.commands.cli import main

from ...story_cases import stories_folder, valid_story

ROOT = Path(__file__).resolve().parents[3]

MKDOCS_YML = """\
site_name: Stories
plugins:
  - kairos:
      privacy:
        data_controller: "[Your organisation]"
        contact: privacy@example.org
        legal_basis: Your consent.
        retention: Six years after the story comes down.
"""
SUMMARY = (
    "1 story checked: 1 valid, 0 invalid; 1 published on 2026-06-01, 0 held back; "
    "0 errors, 2 warnings\n"
)
PLACEHOLDER = (
    "mkdocs.yml:5: warning: privacy.data_controller: found '[Your organisation]', a "
    "placeholder; write the organisation that decides how storytellers' information is used "
    "(the data controller), with its registered name, reviewed by your data protection lead"
)
UNSET = (
    "mkdocs.yml:4: warning: privacy.withdrawal: not set; write how a storyteller withdraws "
    "consent, and how soon the story comes down, reviewed by your data protection lead"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stories_folder(tmp_path, {"the-nurse.md": valid_story()})
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args, "--date", "2026-06-01"])


def test_placeholders_and_unset_fields_are_warnings_with_exit_status_0(project: Path) -> None:
    result = check()
    assert result.exit_code == 0
    assert result.output == f"{UNSET}\n{PLACEHOLDER}\n{SUMMARY}"


def test_strict_fails_on_them(project: Path) -> None:
    result = check("--strict")
    assert result.exit_code == 1
    assert result.output == f"{UNSET}\n{PLACEHOLDER}\n{SUMMARY}"


def test_they_are_reported_when_some_stories_are_named_and_in_every_format(
    project: Path,
) -> None:
    result = check("stories/the-nurse.md", "--format", "json")
    problems = json.loads(result.output)["problems"]
    assert [p["text"] for p in problems] == [UNSET, PLACEHOLDER]
    github = check("--format", "github").output.splitlines()
    assert github[1].startswith(
        "::warning file=mkdocs.yml,line=5,title=privacy.data_controller::mkdocs.yml:5: "
    )


def test_the_organisations_own_wording_gives_no_warning(project: Path) -> None:
    text = MKDOCS_YML.replace('"[Your organisation]"', "The Kairos Trust")
    (project / "mkdocs.yml").write_text(f"{text}        withdrawal: Write to us.\n", "utf-8")
    result = check()
    assert (result.exit_code, result.output) == (0, SUMMARY.replace("2 warnings", "0 warnings"))


def test_a_folder_checked_by_another_name_names_the_file_so(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(project / "stories"), "--date", "2026-06-01"])
    assert f"{project / 'mkdocs.yml'}:5: warning: privacy.data_controller: " in result.output


def test_the_sample_site_lists_every_field_as_a_placeholder() -> None:
    """The sample mkdocs.yml shows where each field goes, and cannot go live unnoticed."""
    settings = read_site_settings(ROOT / "stories", "stories")
    assert settings is not None
    privacy = settings.options["privacy"].value
    assert list(privacy) == list(PRIVACY_FIELDS)
    assert all(setting.value.startswith("[") for setting in privacy.values())
