"""Reports that leave the editor's machine never quote an identifier (issue 16).

CI annotations, JSON, the pull-request report and its comment, the deploy issue, the consent
reminder issue and the build log name the file, line, field and kind of a possible identifier
and mask its value; ``kairos check`` in its default text format, on the editor's own machine,
still shows it. The stories here were never published: one has an NHS number (valid check
digit), a phone number and an e-mail address in its summary and text, one quotes them in a
title that breaks YAML, one in its consent record and a theme.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort, PluginError

from kairos.core.anthology import load_anthology
from kairos.editors.commands.cli import main
from kairos.editors.commands.report_command import reminder_body
from kairos.editors.deploy.deploy_build import DEPLOY_ISSUE_TITLE, deploy
from kairos.editors.github.pull_request_comment import plan_comment, sync_comment
from kairos.editors.reports.consent_report import consent_report
from kairos.editors.reports.diff_report import DiffFormat, publication_diff, render_diff_report

from ..fake_gh import FakeGh
from ..site_factory import BUILD_DATE, build_site, captured_logs, write_project
from ..story_cases import stories_folder, valid_story

NHS_NUMBER = "943 476 5919"  # passes the modulus 11 check
PHONE = "07700 900321"
EMAIL = "jo.bloggs@example.org"
#: Every way a value could show through: as written, without or with other separators, or
#: in part.
VALUES = (
    NHS_NUMBER,
    "9434765919",
    "943-476-5919",
    "476 5919",
    "4765919",
    PHONE,
    "07700900321",
    "7700 900321",
    "900321",
    EMAIL,
    "jo.bloggs",
    "bloggs@",
    "@example.org",
)

CALL_ME = f"""---
title: Call me
summary: Reach Jo on {EMAIL} any time.
storyteller:
  name: Jo
  role: patient
published: 2025-01-15
themes: [kindness]
framework_level: civil-discourse
consent:
  status: pending
  record: KF-2026-002
  given_by: storyteller
---
My NHS number is {NHS_NUMBER}.
Ring {PHONE} after six.
"""
WRITE_TO_ME = f"""---
title: Write to {EMAIL}: any time
summary: A note.
---
Text.
"""
THE_RECORD = f"""---
title: The record
summary: A story whose record is a phone number.
storyteller:
  name: Jo
  role: patient
published: 2025-01-15
themes: [kindness, {NHS_NUMBER.replace(" ", "")}]
framework_level: civil-discourse
consent:
  status: pending
  record: call {PHONE}
  given_by: storyteller
---
Text.
"""
PUBLISHED_TITLE = "The nurse who sat down"

#: What every outgoing report says instead: file, line (and column), field and kind.
MASKED = (
    "stories/call-me.md:3:22: identifiers: looks like an e-mail address ([masked]); "
    "remove it or mark it reviewed",
    "stories/call-me.md:15:18: identifiers: looks like an NHS number ([masked]); "
    "remove it or mark it reviewed",
    "stories/call-me.md:16:6: identifiers: looks like a phone number ([masked]); "
    "remove it or mark it reviewed",
    "stories/the-record.md:8: themes: found [masked]; expected text (put it in quotes)",
    "stories/the-record.md:12: consent.record: found [masked]; expected the reference of the "
    "signed form kept offline",
    "stories/write-to-me.md:2: front-matter: found a colon inside the title, which YAML reads "
    "as the start of another field; put the title in quotes: title: [masked]",
)


def never_published_stories(root: Path, *, published: bool = True) -> Path:
    """The three stories above and, with ``published``, one story published on BUILD_DATE."""
    files = {"call-me.md": CALL_ME, "write-to-me.md": WRITE_TO_ME, "the-record.md": THE_RECORD}
    if published:
        files["kind-nurse.md"] = valid_story(
            published="2025-01-15", consent_date="2025-01-02", review_by="2025-06-20"
        )
    return stories_folder(root, files)


def assert_masked(output: str, masked: Sequence[str] = MASKED) -> None:
    """``output`` says where each identifier is and what it looks like, and holds no value."""
    for line in masked:
        assert line in output
    for value in VALUES:
        assert value not in output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    never_published_stories(tmp_path)
    return tmp_path


def check(*arguments: str) -> str:
    result = CliRunner().invoke(main, ["check", "--date", BUILD_DATE.isoformat(), *arguments])
    assert result.exit_code == 1, result.output
    return result.output


# kairos check


def test_the_local_text_report_shows_the_values(project: Path) -> None:
    output = check()
    assert (
        f"stories/call-me.md:15:18: identifiers: looks like an NHS number ('{NHS_NUMBER}'); "
        "remove it or mark it reviewed\n"
    ) in output
    for value in (EMAIL, PHONE, f"'call {PHONE}'", "9434765919", f'"Write to {EMAIL}: any time"'):
        assert value in output


def test_github_annotations_keep_their_shape_and_mask_the_value(project: Path) -> None:
    output = check("--format", "github")
    assert (
        "::error file=stories/call-me.md,line=15,col=18,title=identifiers::"
        "stories/call-me.md:15:18: identifiers: looks like an NHS number ([masked]); "
        "remove it or mark it reviewed\n"
    ) in output
    assert (
        "::error file=stories/the-record.md,line=12,title=consent.record::"
        "stories/the-record.md:12: consent.record: found [masked]; expected the reference"
    ) in output
    assert_masked(output)


def test_json_masks_message_and_text(project: Path) -> None:
    output = check("--format", "json")
    problems = json.loads(output)["problems"]
    assert {
        "path": "stories/call-me.md",
        "line": 16,
        "column": 6,
        "field": "identifiers",
        "severity": "error",
        "message": "looks like a phone number ([masked]); remove it or mark it reviewed",
        "text": "stories/call-me.md:16:6: identifiers: looks like a phone number ([masked]); "
        "remove it or mark it reviewed",
    } in problems
    assert_masked(output)


# kairos diff: the pull request's job summary and its comment


def pull_request_report(root: Path, diff_format: DiffFormat) -> str:
    base = load_anthology(stories_folder(root / "base"), BUILD_DATE, display_dir="stories")
    head = load_anthology(never_published_stories(root), BUILD_DATE, display_dir="stories")
    report = render_diff_report(publication_diff(base, head, "main", "HEAD"), diff_format)
    assert PUBLISHED_TITLE in report  # the story that goes public is named
    return report


def test_the_pull_request_report_masks_the_values(tmp_path: Path) -> None:
    report = pull_request_report(tmp_path, "markdown")
    assert "#### New problems (6)" in report
    assert_masked(report)


def test_the_diff_as_json_masks_the_values(tmp_path: Path) -> None:
    report = pull_request_report(tmp_path, "json")
    problems = json.loads(report)["new_problems"]
    assert [p["message"] for p in problems if p["path"] == "stories/write-to-me.md"] == [
        "found a colon inside the title, which YAML reads as the start of another field; "
        "put the title in quotes: title: [masked]"
    ]
    assert_masked(report)


def test_the_local_diff_shows_the_values(tmp_path: Path) -> None:
    report = pull_request_report(tmp_path, "text")
    assert f"looks like an NHS number ('{NHS_NUMBER}')" in report


def test_the_pull_request_comment_masks_the_values(tmp_path: Path) -> None:
    report = pull_request_report(tmp_path, "markdown")
    posted: list[list[str]] = []

    def gh(arguments: Sequence[str]) -> str:
        posted.append(list(arguments))
        return ""

    action = sync_comment(12, report, gh)
    assert action.kind == "create"
    assert posted[-1][-1] == f"body={action.body}"
    assert action.body == plan_comment([], report).body
    assert_masked(action.body)


# kairos deploy-build: the deploy issue, and what the strict build logged on the way


def test_the_deploy_issue_masks_the_values(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The deploy judges on today's date, whatever mkdocs.yml pins: today is the build date.
    monkeypatch.setattr("kairos.editors.deploy.deploy_build.today_utc", lambda: BUILD_DATE)
    write_project(project)
    calls: list[list[str]] = []

    def gh(arguments: Sequence[str]) -> str:
        calls.append(list(arguments))
        return "[]" if arguments[:2] == ["issue", "list"] else ""

    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh)
    assert outcome.published == "hold-back"
    (create,) = [call for call in calls if call[:2] == ["issue", "create"]]
    assert create[2:4] == ["--title", DEPLOY_ISSUE_TITLE]
    body = create[5]
    assert "Readers see the site with: published 1 story; held back 3 (invalid 3)." in body
    assert "Why the full site (strict build) failed:" in body  # its log, quoted
    assert_masked(body)
    assert body.count(MASKED[1]) == 2  # in the problems and in the strict build's failure


# The build log: CI prints the strict build's failure and a preview build's warnings


@pytest.mark.parametrize("ci", [True, False], ids=["in CI", "on an editor's machine"])
def test_the_strict_build_log_masks_the_values(
    project: Path, monkeypatch: pytest.MonkeyPatch, ci: bool
) -> None:
    for name in ("CI", "GITHUB_ACTIONS"):
        if ci:
            monkeypatch.setenv(name, "true")
        else:
            monkeypatch.delenv(name, raising=False)
    write_project(project)
    with captured_logs() as records, pytest.raises((Abort, PluginError)) as failed:
        build_site(project, strict=True)
    log = "\n".join([str(failed.value), *(record.getMessage() for record in records)])
    assert "6 problems in the stories folder; nothing was built." in log
    assert_masked(log)


def test_a_preview_build_warns_with_the_values_masked(project: Path) -> None:
    write_project(project)
    with captured_logs() as records:
        site = build_site(project, strict=False)
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert_masked("\n".join(warnings))
    assert (site / "stories/kind-nurse/index.html").is_file()


# kairos report --github-issue: the consent reminder


def test_the_consent_reminder_issue_holds_no_value(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gh = FakeGh(tmp_path / "bin")
    monkeypatch.setenv("PATH", gh.path_first())
    date = BUILD_DATE.isoformat()
    result = CliRunner().invoke(main, ["report", "--date", date, "--github-issue"])
    assert result.exit_code == 0, result.output
    (issue,) = gh.open_issues
    body = str(issue["body"])
    assert f"| `stories/kind-nurse.md` | {PUBLISHED_TITLE} | 2025-06-20 |" in body
    assert_masked(body + result.output, masked=())


# A held-back story's title, shown beside its masked problem line


def test_a_title_holding_a_possible_identifier_is_masked_where_it_leaves(tmp_path: Path) -> None:
    """A full date in a title is a warning: the story stays valid (here embargoed, its consent
    review due), so its title is listed in the pull request's report and the consent reminder."""
    story = valid_story(published="2025-07-01", consent_date="2025-01-02", review_by="2025-06-20")
    story = story.replace("title: The nurse who sat down", "title: Born on 12 March 1954")
    base = load_anthology(stories_folder(tmp_path / "base"), BUILD_DATE, display_dir="stories")
    head_folder = stories_folder(tmp_path / "head", {"born-in-march.md": story})
    head = load_anthology(head_folder, BUILD_DATE, display_dir="stories")
    diff = publication_diff(base, head)
    reminder = reminder_body(consent_report(head, 30))
    assert reminder is not None
    outgoing = {
        "markdown": render_diff_report(diff, "markdown"),
        "json": render_diff_report(diff, "json"),
        "reminder": reminder,
    }
    assert "- `stories/born-in-march.md` \\[masked\\]: embargoed; new file" in outgoing["markdown"]
    assert (
        "stories/born-in-march.md:2:16: warning: identifiers: looks like a full or day-and-month "
        "date ([masked]); remove it or mark it reviewed"
    ) in outgoing["markdown"]
    assert json.loads(outgoing["json"])["held_back"][0]["title"] == "[masked]"
    assert "| `stories/born-in-march.md` | [masked] | 2025-06-20 |" in reminder
    for name, text in outgoing.items():
        assert "1954" not in text, name
    assert '"Born on 12 March 1954"' in render_diff_report(diff, "text")
