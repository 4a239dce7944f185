"""The deploy's build: a site without every story not publishable today, whatever else is wrong,
and one GitHub issue telling editors what failed (gh is faked)."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kairos.editors.commands.cli import main
from kairos.editors.deploy.deploy_build import (
    DEPLOY_ISSUE_TITLE,
    MAINTENANCE_MESSAGE,
    BuildAttempt,
    DeployOutcome,
    deploy,
    issue_body,
)
from kairos.editors.github.github_issue import GitHubIssueError

from ...site_factory import BUILD_DATE, consent, files_containing, write_project, write_story

YESTERDAY = BUILD_DATE - dt.timedelta(days=1)
RUN = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "org/anthology",
    "GITHUB_RUN_ID": "42",
}
RUN_URL = "https://github.com/org/anthology/actions/runs/42"


class FakeGh:
    """Answers ``gh issue list`` with ``issues`` and records every call."""

    def __init__(self, issues: Sequence[dict[str, object]] = (), fail: bool = False) -> None:
        self.issues = list(issues)
        self.fail = fail
        self.calls: list[list[str]] = []

    def __call__(self, arguments: Sequence[str]) -> str:
        self.calls.append(list(arguments))
        if self.fail:
            raise GitHubIssueError("gh issue list failed: HTTP 401: Bad credentials")
        return json.dumps(self.issues) if arguments[:2] == ["issue", "list"] else ""

    def body_created(self) -> str:
        (call,) = [c for c in self.calls if c[:2] == ["issue", "create"]]
        assert call[2:4] == ["--title", DEPLOY_ISSUE_TITLE]
        return call[5]


@pytest.fixture(autouse=True)
def today_is_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deploy judges on today's date: today is BUILD_DATE here."""
    monkeypatch.setattr("kairos.editors.deploy.deploy_build.today_utc", lambda: BUILD_DATE)


def anthology_with_an_overdue_story(root: Path) -> None:
    """Two published stories, one overdue since today, linked from a story, a page and the nav;
    mkdocs.yml sets no build date."""
    stories = root / "stories"
    write_story(stories, "kept-story", title="Kept story", body="See [this](overdue-story.md).\n")
    write_story(stories, "other-story", title="Other story")
    write_story(
        stories,
        "overdue-story",
        title="The Overdue Tale",
        body="Words nobody may read after their consent lapsed.\n",
        consent_record=consent(review_by=YESTERDAY),
    )
    write_project(
        root,
        docs={"about.md": "# About\n\nRead [The Overdue Tale](stories/overdue-story.md).\n"},
        plugin={"build_date": None},
    )
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["nav"] += [{"Overdue": "stories/overdue-story.md"}, {"About": "about.md"}]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def assert_without_the_overdue_story(site: Path) -> None:
    assert not (site / "stories/overdue-story").exists()
    for needle in ("overdue-story", "The Overdue Tale", "Words nobody may read"):
        assert files_containing(site, needle) == []


def test_an_overdue_linked_story_comes_down_and_the_deploy_is_clean(project: Path) -> None:
    anthology_with_an_overdue_story(project)
    (project / "site/stories/overdue-story").mkdir(parents=True)  # yesterday's site
    (project / "site/stories/overdue-story/index.html").write_text("The Overdue Tale")
    gh = FakeGh([{"number": 3, "title": DEPLOY_ISSUE_TITLE, "body": "old failure"}])
    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh, environ=RUN)
    assert outcome.published == "full"
    assert outcome.clean
    assert outcome.attempts == (BuildAttempt("full"),)
    assert outcome.summary == "published 2 stories; held back 1 (consent review overdue 1)"
    site = project / "site"
    assert_without_the_overdue_story(site)
    assert (site / "stories/kept-story/index.html").is_file()
    assert (site / "stories/other-story/index.html").is_file()
    assert "Kept story" in (site / "stories/index.html").read_text(encoding="utf-8")
    assert gh.calls[1:] == [
        [
            "issue",
            "close",
            "3",
            "--comment",
            f"The deploy of {BUILD_DATE} published the full site with no problem "
            f"([workflow run]({RUN_URL})).",
        ]
    ]
    assert [p.name for p in project.iterdir() if p.name.startswith(".kairos-deploy")] == []


def test_a_broken_story_and_an_overdue_one_are_both_held_back_by_the_fall_back(
    project: Path,
) -> None:
    anthology_with_an_overdue_story(project)
    stories = project / "stories"
    write_story(stories, "broken-story", title="Broken story", themes=("kindnes",))
    write_story(stories, "postcode-story", body="We lived near SW1A 1AA for years.\n")
    gh = FakeGh()
    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh, environ=RUN)
    assert outcome.published == "hold-back"
    assert [a.stage for a in outcome.attempts] == ["full", "hold-back"]
    assert outcome.attempts[1].succeeded
    assert outcome.held_back_for_problems == (
        "stories/broken-story.md",
        "stories/postcode-story.md",
    )
    site = project / "site"
    assert_without_the_overdue_story(site)
    for needle in ("broken-story", "Broken story", "postcode-story", "SW1A"):
        assert files_containing(site, needle) == []
    assert (site / "stories/kept-story/index.html").is_file()
    assert (site / "stories/other-story/index.html").is_file()
    body = gh.body_created()
    problem = (
        "stories/broken-story.md:9: themes: 'kindnes' is not a known theme; "
        "did you mean 'kindness'?"
    )
    assert problem in outcome.story_problems
    assert problem in body
    assert "- `stories/broken-story.md`\n" in body
    assert body.startswith(
        f"The deploy of {BUILD_DATE} published **the fall-back build (every story with a "
        f"problem held back)**. ([workflow run]({RUN_URL}))\n\nReaders see the site with: "
        "published 2 stories; held back 3 (invalid 2, consent review overdue 1).\n\n"
    )
    assert "Why the full site (strict build) failed:" in body


def test_when_every_build_fails_a_maintenance_page_replaces_the_site(project: Path) -> None:
    anthology_with_an_overdue_story(project)
    # A hand-written page names the overdue story in its text: the audit stops both builds.
    (project / "docs/news.md").write_text("# News\n\nNew: **The Overdue Tale**.\n")
    (project / "site/stories/overdue-story").mkdir(parents=True)
    (project / "site/stories/overdue-story/index.html").write_text("The Overdue Tale")
    gh = FakeGh([{"number": 8, "title": DEPLOY_ISSUE_TITLE, "body": "older"}])
    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh, environ=RUN)
    assert outcome.published == "maintenance"
    assert [a.succeeded for a in outcome.attempts] == [False, False, True]
    site = project / "site"
    assert sorted(p.name for p in site.iterdir()) == ["404.html", "index.html"]
    assert MAINTENANCE_MESSAGE in (site / "index.html").read_text(encoding="utf-8")
    assert files_containing(site, "Kept story") == []
    (edit,) = [c for c in gh.calls if c[:2] == ["issue", "edit"]]
    assert edit[2] == "8"
    body = edit[4]
    assert "published **a maintenance page with no stories**" in body
    assert "site/news/index.html: held-back story 'overdue-story' (The Overdue Tale) found" in body


def test_without_the_kairos_plugin_nothing_but_the_maintenance_page_is_published(
    project: Path,
) -> None:
    anthology_with_an_overdue_story(project)
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = []
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    outcome = deploy(config_file, project / "site", environ={})
    assert outcome.published == "maintenance"
    assert outcome.attempts[0].failure == (
        "mkdocs.yml: the kairos plugin is not in 'plugins'; without it nothing keeps "
        "held-back stories out of the site",
    )
    assert not (project / "site/stories").exists()


def test_a_github_failure_is_reported_and_the_site_is_still_built(project: Path) -> None:
    anthology_with_an_overdue_story(project)
    outcome = deploy(project / "mkdocs.yml", project / "site", run=FakeGh(fail=True), environ={})
    assert outcome.issue_error == "gh issue list failed: HTTP 401: Bad credentials"
    assert (project / "site/stories/kept-story/index.html").is_file()


def test_the_command_line_writes_the_site_and_says_what_it_published(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anthology_with_an_overdue_story(project)
    write_story(project / "stories", "broken-story", themes=("kindnes",))
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["deploy-build", "--site-dir", "public"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "::error title=Deploy::the full build failed; see the log above",
        "::warning file=stories/broken-story.md,title=Held back::stories/broken-story.md has a "
        "problem; held back",
        "kairos deploy-build: wrote the fall-back site (stories with problems held back) to "
        f"public; see the issue '{DEPLOY_ISSUE_TITLE}'",
        "kairos deploy-build: published 2 stories; held back 2 (invalid 1, consent review "
        "overdue 1)",
    ]
    assert (project / "public/stories/kept-story/index.html").is_file()


# The issue's text


def test_no_issue_body_when_the_full_site_was_built_without_problems() -> None:
    assert issue_body(DeployOutcome("full", (BuildAttempt("full"),), BUILD_DATE), None) is None


def test_failure_lines_are_fenced_whatever_backticks_they_hold() -> None:
    outcome = DeployOutcome(
        "hold-back",
        (BuildAttempt("full", ("a ```` b",)), BuildAttempt("hold-back")),
        BUILD_DATE,
        story_problems=("x",),
    )
    body = issue_body(outcome, None)
    assert body is not None
    assert "`````text\na ```` b\n`````" in body


def test_a_long_failure_is_quoted_up_to_forty_lines() -> None:
    failure = tuple(f"line {n}" for n in range(1, 46))
    attempts = (BuildAttempt("full", failure), BuildAttempt("hold-back", failure[:40]))
    body = issue_body(DeployOutcome("maintenance", attempts, BUILD_DATE), None)
    assert body is not None
    assert body.count("line 40\n") == 2
    assert "line 41" not in body
    assert body.count("... and 5 more lines in the run's log") == 1


def test_the_invalid_stories_option_is_validated(project: Path) -> None:
    write_story(project / "stories", "fine")
    write_project(project, plugin={"invalid_stories": "ignore"})
    outcome = deploy(project / "mkdocs.yml", project / "site", environ={})
    assert outcome.published == "maintenance"
    assert (
        "Config value 'plugins': Plugin 'kairos' option 'invalid_stories': Expected one of: "
        "('fail', 'hold-back') but received: 'ignore'"
    ) in outcome.attempts[0].failure


def test_a_story_file_named_in_bytes_that_are_not_utf8_is_held_back_alone(
    project: Path,
) -> None:
    anthology_with_an_overdue_story(project)
    stories = project / "stories"
    bad = write_story(stories, "bad", title="Undecodable Tale")
    os.rename(os.fsencode(bad), os.fsencode(stories) + b"/caf\xe9.md")
    gh = FakeGh()
    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh, environ=RUN)
    assert outcome.published == "hold-back"
    assert outcome.held_back_for_problems == ("stories/caf\\xe9.md",)
    # The strict build refused it with the checker's message.
    assert "stories/caf\\xe9.md:1: file name: found 'caf\\xe9.md'" in outcome.attempts[0].failure[0]
    site = project / "site"
    assert_without_the_overdue_story(site)
    assert files_containing(site, "Undecodable Tale") == []
    assert (site / "stories/kept-story/index.html").is_file()
    assert (site / "stories/other-story/index.html").is_file()
    body = gh.body_created()
    assert "- `stories/caf\\xe9.md`\n" in body
    assert "stories/caf\\xe9.md:1: file name: found 'caf\\xe9.md', a name that is not UTF-8" in body
    body.encode("utf-8")


# The build date: always today


def pin_build_date(config_file: Path, date: dt.date) -> int:
    """Set the kairos plugin's build_date in mkdocs.yml; return the line it is on."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    (kairos,) = [p["kairos"] for p in config["plugins"] if isinstance(p, dict) and "kairos" in p]
    kairos["build_date"] = date.isoformat()
    text = yaml.safe_dump(config, sort_keys=False)
    config_file.write_text(text, encoding="utf-8")
    return text.splitlines().index(f"    build_date: '{date.isoformat()}'") + 1


def test_a_past_build_date_pinned_in_mkdocs_yml_keeps_no_lapsed_story_online(
    project: Path,
) -> None:
    anthology_with_an_overdue_story(project)
    line = pin_build_date(project / "mkdocs.yml", BUILD_DATE - dt.timedelta(days=2))
    gh = FakeGh()
    outcome = deploy(project / "mkdocs.yml", project / "site", run=gh, environ=RUN)
    assert outcome.published == "full"
    assert outcome.build_date == BUILD_DATE
    assert_without_the_overdue_story(project / "site")
    assert (project / "site/stories/kept-story/index.html").is_file()
    ignored = (
        f"mkdocs.yml:{line}: build_date: pinned to 2025-05-30; the deploy ignored it and "
        f"judged every story on today's date, {BUILD_DATE} (UTC). A pinned date would publish "
        "a story embargoed until after it and keep online one whose consent lapsed since; "
        "remove the line from mkdocs.yml"
    )
    assert outcome.ignored_dates == (ignored,)
    assert not outcome.clean  # the issue stays open until the line is removed
    body = gh.body_created()
    assert body.startswith(
        "> [!WARNING]\n> **The build date was pinned, and the deploy ignored it.** Every story "
        "was judged on today's date; a pinned date would publish embargoed stories early and "
        "keep lapsed ones online. Remove it; until then this issue stays open.\n\n"
        f"```text\n{ignored}\n```\n\nThe deploy of {BUILD_DATE} published **the full site"
    )


def test_a_future_build_date_or_source_date_epoch_publishes_no_embargoed_story(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anthology_with_an_overdue_story(project)
    write_story(
        project / "stories",
        "embargoed-story",
        title="The Embargoed Tale",
        published=BUILD_DATE + dt.timedelta(days=10),
    )
    pin_build_date(project / "mkdocs.yml", BUILD_DATE + dt.timedelta(days=30))
    later = dt.datetime(2025, 7, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later)))
    result = CliRunner().invoke(main, ["deploy-build"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning title=Build date ignored::mkdocs.yml:") and lines[
        0
    ].endswith(
        ": build_date: pinned to 2025-07-01; the deploy ignored it and "
        f"judged every story on today's date, {BUILD_DATE} (UTC). A pinned date would publish "
        "a story embargoed until after it and keep online one whose consent lapsed since; "
        "remove the line from mkdocs.yml"
    )
    assert lines[1] == (
        "::warning title=Build date ignored::SOURCE_DATE_EPOCH: set to '1751328000'; the "
        f"deploy ignored it and judged every story on today's date, {BUILD_DATE} (UTC); "
        "remove it from the deploy workflow"
    )
    site = project / "site"
    assert files_containing(site, "The Embargoed Tale") == []
    assert_without_the_overdue_story(site)
    assert (site / "stories/kept-story/index.html").is_file()


def test_the_deploy_audits_even_when_mkdocs_yml_turns_the_audit_off(project: Path) -> None:
    anthology_with_an_overdue_story(project)
    (project / "docs/news.md").write_text("# News\n\nNew: **The Overdue Tale**.\n")
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "kairos" in plugin:
            plugin["kairos"]["audit"] = False
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    outcome = deploy(config_file, project / "site", environ=RUN)
    assert outcome.published == "maintenance"
    assert files_containing(project / "site", "The Overdue Tale") == []
