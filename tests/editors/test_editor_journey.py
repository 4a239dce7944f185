"""The editor's journey of issue 11, end to end, with only what the README and the guide say.

A new editor pastes the guide's template into a new file on a branch and opens a pull request:
the CI job summary says the story will be held back (pending). After the signed form comes
back and consent is granted as the guide says, it says the story will be published. Thirty
days before the story's consent review date, the scheduled workflow opens the reminder issue.
Each workflow step runs exactly as written in the workflow files, in a real git repository,
against a fake ``gh`` on the PATH.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..fake_gh import FakeGh
from ..git_repository import anthology_repository, commit_all, git
from ..story_cases import valid_story

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "editors" / "guide.md"
WORKFLOWS = ROOT / ".github" / "workflows"
STORY = "stories/the-nurse-who-sat-down.md"
REVIEW_BY = dt.date(2029, 1, 20)


def step_script(workflow: str, job: str, name_part: str) -> str:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    steps = data["jobs"][job]["steps"]
    (step,) = [s for s in steps if name_part in s.get("name", "")]
    script: str = step["run"]
    return script


def run_step(repo: Path, script: str, day: dt.date, **environ: str) -> None:
    epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=repo,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch), **environ},
        check=True,
        capture_output=True,
        text=True,
    )


def pull_request_summary(repo: Path, branch: str, tmp_path: Path) -> str:
    """What the CI job summary shows for ``branch``, on GitHub's merge commit into main."""
    git(repo, "checkout", "--quiet", "--detach", "main")
    git(repo, "merge", "--quiet", "--no-ff", "--no-edit", branch)
    summary = tmp_path / f"summary-{branch}.md"
    script = step_script("ci.yml", "publication-diff", "job summary")
    run_step(repo, script, dt.date(2026, 6, 1), GITHUB_STEP_SUMMARY=str(summary))
    return summary.read_text(encoding="utf-8")


def merge(repo: Path, branch: str) -> None:
    git(repo, "checkout", "--quiet", "main")
    git(repo, "merge", "--quiet", "--no-ff", "--no-edit", branch)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "anthology"
    root.mkdir()
    (root / ".gitignore").write_text(".venv\npublication-diff.md\n", encoding="utf-8")
    # The workflows call .venv/bin/kairos, as `make install-site` leaves it.
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    return anthology_repository(root, {"an-earlier-story.md": valid_story(review_by="2031-01-01")})


def test_add_a_story_see_it_held_back_grant_consent_see_it_published_get_reminded(
    repo: Path, tmp_path: Path
) -> None:
    # 1. Add a story in the web editor: the guide's template, the story in place of the
    #    placeholder paragraph, on a new branch.
    template = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)[0]
    placeholder = template[template.index("Replace this paragraph") :]
    story = template.replace(placeholder, "She pulled up a chair and sat down with us.\n")
    git(repo, "checkout", "--quiet", "-b", "add-nurse-who-sat-down", "main")
    (repo / STORY).write_text(story, encoding="utf-8")
    commit_all(repo, "Add the nurse who sat down")

    summary = pull_request_summary(repo, "add-nurse-who-sat-down", tmp_path)
    assert "- **1 story will be held back (pending)**\n" in summary
    assert "- `stories/the-nurse-who-sat-down.md` The title of the story: pending; new file" in (
        summary
    )
    assert "She pulled up a chair" not in summary
    merge(repo, "add-nurse-who-sat-down")

    # 2. The signed form comes back: record, status granted, and the four fields the template
    #    holds as comments, filled in.
    git(repo, "checkout", "--quiet", "-b", "grant-consent", "main")
    granted = (
        story.replace("status: pending", "status: granted")
        .replace("record: TO-BE-FILLED", "record: KF-2026-045")
        .replace("# date: YYYY-MM-DD", "date: 2026-01-20")
        .replace("# review_by: YYYY-MM-DD", f"review_by: {REVIEW_BY.isoformat()}")
        .replace("# scope: [website]", "scope: [website]")
        .replace("# final_text_approved: true", "final_text_approved: true")
    )
    (repo / STORY).write_text(granted, encoding="utf-8")
    commit_all(repo, "Consent granted for the nurse who sat down")

    summary = pull_request_summary(repo, "grant-consent", tmp_path)
    assert "- **1 story will be published**\n" in summary
    assert "- `stories/the-nurse-who-sat-down.md` The title of the story: was held back " in (
        summary
    )
    merge(repo, "grant-consent")

    # 3. The daily reminder: nothing 31 days before the review date, an issue 30 days before.
    gh = FakeGh(tmp_path / "bin")
    remind = step_script("consent-reviews.yml", "remind", "reminder issue")
    run_step(repo, remind, REVIEW_BY - dt.timedelta(days=31), PATH=gh.path_first())
    assert gh.open_issues == []
    run_step(repo, remind, REVIEW_BY - dt.timedelta(days=30), PATH=gh.path_first())
    (issue,) = gh.open_issues
    assert issue["title"] == "Consent reviews due"
    assert (
        "| `stories/the-nurse-who-sat-down.md` | The title of the story | 2029-01-20 | "
        "in 30 days | `KF-2026-045` |"
    ) in str(issue["body"])
