"""``kairos deploy-build``: the deploy workflow's build step (logic in ``deploy_build``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click


@click.command("deploy-build")
@click.option(
    "--config-file",
    "-f",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The MkDocs configuration to build.",
)
@click.option(
    "--site-dir",
    "-d",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the site to deploy is written (replaced as a whole).",
)
@click.option(
    "--github-issue",
    is_flag=True,
    help="Open, update or close the deploy issue with the gh command line (needs GH_TOKEN).",
)
def deploy_build_command(config_file: Path, site_dir: Path, github_issue: bool) -> None:
    """Build the site to deploy: always one without every story not publishable today.

    Every story is judged on today's date (UTC): a build_date pinned in mkdocs.yml, or
    SOURCE_DATE_EPOCH, is ignored with a warning. Tries the strict build; if it fails, a
    build that holds back every story with a problem; if that fails too, a maintenance page
    with no stories. Exit status 0 when a site was written. With --github-issue, one issue
    tells editors what was held back or failed, and the first clean deploy closes it.
    """
    from kairos.editors.deploy.deploy_build import DEPLOY_ISSUE_TITLE, deploy
    from kairos.editors.github.github_issue import run_gh

    handler = logging.StreamHandler()  # on stderr
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    mkdocs_logger.setLevel(logging.INFO)
    try:
        outcome = deploy(config_file, site_dir, run=run_gh if github_issue else None)
    finally:
        mkdocs_logger.removeHandler(handler)
    for line in outcome.ignored_dates:
        click.echo(f"::warning title=Build date ignored::{line}")
    if outcome.issue_error:
        click.echo(f"::warning title=Deploy issue::could not update it: {outcome.issue_error}")
    for attempt in outcome.attempts:
        if not attempt.succeeded:
            click.echo(f"::error title=Deploy::the {attempt.stage} build failed; see the log above")
    for path in outcome.held_back_for_problems:
        click.echo(f"::warning file={path},title=Held back::{path} has a problem; held back")
    published = {
        "full": "the full site",
        "hold-back": "the fall-back site (stories with problems held back)",
        "maintenance": "a maintenance page with no stories",
    }[outcome.published]
    issue = f"; see the issue '{DEPLOY_ISSUE_TITLE}'" if not outcome.clean else ""
    click.echo(f"kairos deploy-build: wrote {published} to {os.fspath(site_dir)}{issue}")
    if outcome.summary:
        click.echo(f"kairos deploy-build: {outcome.summary}")
