"""The deploy's build: always a site without every story that may not be published today.

``kairos deploy-build`` tries the strict build, then a ``hold-back`` build (every story with a
problem held back, not strict), then a one-page ``maintenance`` site, each in a fresh folder
beside ``site_dir`` and audited before it replaces it. Stories are judged on today's date in
UTC: a pinned ``build_date`` or ``SOURCE_DATE_EPOCH`` is ignored and said so. README.md,
"GitHub set-up", says why; :mod:`kairos.editors.github.github_issue` keeps the deploy issue.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from logging.handlers import BufferingHandler
from pathlib import Path
from typing import Literal

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from kairos.core.anthology import Anthology
from kairos.core.build_date import today_utc
from kairos.core.site_settings import pinned_build_date
from kairos.editors import editors_template
from kairos.editors.github.github_issue import GitHubIssueError, Runner, sync_issue
from kairos.editors.reports.diff_report import code_fence
from kairos.site.build_report import problem_lines, summary_line
from kairos.site.plugin import KairosPlugin

DEPLOY_ISSUE_TITLE = "Site deploy: stories held back or build failed"

Stage = Literal["full", "hold-back", "maintenance"]

_STAGE_NAMES: dict[Stage, str] = {
    "full": "the full site (strict build)",
    "hold-back": "the fall-back build (every story with a problem held back)",
    "maintenance": "a maintenance page with no stories",
}
MAINTENANCE_MESSAGE = (
    "The stories are being updated and will be back soon. Thank you for your patience."
)
# The most lines of one failed build quoted in the issue; the run's log has them all.
_MAX_FAILURE_LINES = 40


@dataclass(frozen=True)
class BuildAttempt:
    """One build tried; ``failure`` holds its error and warning lines (empty: it succeeded)."""

    stage: Stage
    failure: tuple[str, ...] = ()

    @property
    def succeeded(self) -> bool:
        return not self.failure


@dataclass(frozen=True)
class DeployOutcome:
    """What was published, and why."""

    published: Stage
    attempts: tuple[BuildAttempt, ...]
    build_date: dt.date
    #: Every problem in the stories folder, as ``kairos check --format github`` words it
    #: (masked: the issue leaves the editor's machine).
    story_problems: tuple[str, ...] = ()
    #: The plugin's summary line of the published build (empty for the maintenance page).
    summary: str = ""
    #: Paths of the stories held back because they have a problem.
    held_back_for_problems: tuple[str, ...] = ()
    #: Why the deploy issue could not be updated (empty: it was, or was not asked for).
    issue_error: str = ""
    #: The build dates the deploy ignored (a pinned ``build_date``, ``SOURCE_DATE_EPOCH``).
    ignored_dates: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """The full site was published on today's date and no story has a problem: nothing
        for editors."""
        return self.published == "full" and not self.story_problems and not self.ignored_dates


def _build_and_audit(
    config_file: Path, out_dir: Path, stage: Stage, today: dt.date
) -> tuple[tuple[str, ...], str, Anthology | None]:
    """One in-process MkDocs build into ``out_dir`` on the date ``today``, then the audit of
    what it wrote. Returns its error and warning lines (none: it succeeded), the site's name,
    and the stories as the build judged them (None: it stopped before reading them)."""
    plugin = None
    site_name = ""
    failure: tuple[str, ...] = ()
    warnings = BufferingHandler(capacity=sys.maxsize)  # MkDocs' warnings and errors, all kept
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config = load_config(str(config_file), strict=stage == "full", site_dir=str(out_dir))
        site_name = config.site_name
        plugin = next((p for p in config.plugins.values() if isinstance(p, KairosPlugin)), None)
        if plugin is None:
            raise PluginError(
                f"{config_file.name}: the kairos plugin is not in 'plugins'; without it "
                "nothing keeps held-back stories out of the site"
            )
        # Today, whatever mkdocs.yml or SOURCE_DATE_EPOCH say (see the module docstring).
        plugin.config["build_date"] = today
        # The build audits every file it wrote and fails on a finding, whatever the option.
        plugin.config["audit"] = True
        if stage == "hold-back":
            plugin.config["invalid_stories"] = "hold-back"
        build(config)
    except (Exception, SystemExit) as error:  # mkdocs' Abort is a SystemExit
        lines = [record.getMessage() for record in warnings.buffer]
        failure = (*lines, str(error) or type(error).__name__)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    started = plugin.started if plugin is not None else None
    return failure, site_name, started.anthology if started is not None else None


def ignored_dates(config_file: Path, environ: Mapping[str, str], today: dt.date) -> list[str]:
    """What would have set another build date than ``today``, each said as the deploy issue
    and the log say it; the deploy ignores them all."""
    ignored = []
    if (pinned := pinned_build_date(config_file)) is not None:
        ignored.append(
            f"{config_file.name}:{pinned.line}: build_date: pinned to {pinned.value}; the "
            f"deploy ignored it and judged every story on today's date, {today} (UTC). A "
            "pinned date would publish a story embargoed until after it and keep online one "
            "whose consent lapsed since; remove the line from mkdocs.yml"
        )
    if epoch := environ.get("SOURCE_DATE_EPOCH", "").strip():
        ignored.append(
            f"SOURCE_DATE_EPOCH: set to '{epoch}'; the deploy ignored it and judged every "
            f"story on today's date, {today} (UTC); remove it from the deploy workflow"
        )
    return ignored


def _replace(site_dir: Path, built: Path) -> None:
    if site_dir.is_symlink() or site_dir.is_file():
        site_dir.unlink()
    elif site_dir.exists():
        shutil.rmtree(site_dir)
    os.replace(built, site_dir)


def _build(
    config_file: Path, site_dir: Path, today: dt.date, ignored: tuple[str, ...]
) -> DeployOutcome:
    """Build the site to deploy into ``site_dir``: the full site, else the fall-back, else the
    maintenance page. The stories' problems are those the last build that read them found."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    attempts: list[BuildAttempt] = []
    site_name = ""
    problems: tuple[str, ...] = ()
    with tempfile.TemporaryDirectory(prefix=".kairos-deploy-", dir=site_dir.parent) as work:
        for stage in ("full", "hold-back"):
            out_dir = Path(work) / stage
            lines, name, anthology = _build_and_audit(config_file, out_dir, stage, today)
            site_name = name or site_name
            # Messages name the site folder, not the temporary one.
            failure = tuple(line.replace(str(out_dir), site_dir.name) for line in lines)
            attempts.append(BuildAttempt(stage, failure))
            if anthology is not None:
                problems = tuple(problem_lines(anthology))
                if not failure:
                    _replace(site_dir, out_dir)
                    held = tuple(j.loaded.path for j in anthology.held_back if j.loaded.problems)
                    summary = summary_line(anthology.summary())
                    return DeployOutcome(
                        stage, tuple(attempts), today, problems, summary, held, "", ignored
                    )
        out_dir = Path(work) / "maintenance"
        write_maintenance_site(out_dir, site_name)
        _replace(site_dir, out_dir)
    attempts.append(BuildAttempt("maintenance"))
    return DeployOutcome("maintenance", tuple(attempts), today, problems, ignored_dates=ignored)


def write_maintenance_site(site_dir: Path, site_name: str) -> None:
    """The site deployed when no build of the anthology succeeds: ``index.html`` and
    ``404.html``, one page and no story at all, so every story comes down, including any whose
    consent has lapsed since the last deploy. It is written without MkDocs, which may be what
    failed, and loads nothing from anywhere (no style sheet, script, font or image)."""
    site_dir.mkdir(parents=True, exist_ok=True)
    name = html.escape(site_name or "Stories")
    page = editors_template("maintenance.html.tmpl").substitute(
        title=f"{name}: back soon", site_name=name, message=html.escape(MAINTENANCE_MESSAGE)
    )
    for file_name in ("index.html", "404.html"):
        (site_dir / file_name).write_text(page, encoding="utf-8")


def _fenced(lines: list[str] | tuple[str, ...]) -> str:
    """A Markdown code block holding ``lines`` whatever backticks they contain."""
    fence = code_fence(lines)
    return "\n".join([f"{fence}text", *lines, fence])


def issue_body(outcome: DeployOutcome, url: str | None) -> str | None:
    """What the deploy issue says, or None when there is nothing for editors to do."""
    if outcome.clean:
        return None
    parts = []
    if outcome.ignored_dates:
        parts.append(
            "> [!WARNING]\n> **The build date was pinned, and the deploy ignored it.** "
            "Every story was judged on today's date; a pinned date would publish embargoed "
            "stories early and keep lapsed ones online. Remove it; until then this issue "
            "stays open.\n\n" + _fenced(outcome.ignored_dates)
        )
    parts.append(
        f"The deploy of {outcome.build_date} published **{_STAGE_NAMES[outcome.published]}**."
        + (f" ([workflow run]({url}))" if url else "")
    )
    if outcome.published == "maintenance":
        parts.append(
            "Readers see only a page saying the stories will be back soon: no story is online "
            "until the problems below are fixed."
        )
    elif outcome.summary:
        parts.append(f"Readers see the site with: {outcome.summary}.")
    if outcome.held_back_for_problems:
        parts.append(
            "These stories are held back because they have a problem; fix them and the next "
            "deploy publishes them again:\n\n"
            + "\n".join(f"- `{path}`" for path in outcome.held_back_for_problems)
        )
    if outcome.story_problems:
        parts.append(
            "Every problem in the stories folder (`kairos check` on your machine prints the "
            "same lines, with what is `[masked]` here shown in full):\n\n"
            + _fenced(outcome.story_problems)
        )
    for attempt in (attempt for attempt in outcome.attempts if not attempt.succeeded):
        lines = list(attempt.failure[:_MAX_FAILURE_LINES])
        if more := len(attempt.failure) - len(lines):
            lines.append(f"... and {more} more lines in the run's log")
        parts.append(f"Why {_STAGE_NAMES[attempt.stage]} failed:\n\n" + _fenced(lines))
    parts.append(
        "Each deploy updates this issue; the first deploy that publishes the full site with no "
        "problem closes it."
    )
    return "\n\n".join(parts) + "\n"


def deploy(
    config_file: Path,
    site_dir: Path,
    *,
    run: Runner | None = None,
    environ: Mapping[str, str] | None = None,
) -> DeployOutcome:
    """Build the site to deploy on today's date (UTC), then (when ``run`` is given) open,
    update or close the deploy issue. Never raises for anything in the stories, docs or
    mkdocs.yml; a failure to reach GitHub is kept in ``issue_error``: the site is built."""
    environ = os.environ if environ is None else environ
    today = today_utc()
    ignored = tuple(ignored_dates(config_file, environ, today))
    outcome = _build(config_file, site_dir, today, ignored)
    if run is not None:
        keys = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
        values = [environ.get(key) for key in keys]
        url = "{}/{}/actions/runs/{}".format(*values) if all(values) else None
        closing = f"The deploy of {today} published the full site with no problem" + (
            f" ([workflow run]({url}))." if url else "."
        )
        try:
            sync_issue(
                DEPLOY_ISSUE_TITLE, issue_body(outcome, url), closing_comment=closing, run=run
            )
        except GitHubIssueError as error:
            # The site is built: deploying it matters more than the issue.
            outcome = replace(outcome, issue_error=str(error))
    return outcome
