"""The tool's tests pass whatever ``stories/`` holds: an anthology replaces the samples.

The project (its files that git knows, as they are on disk) is copied into a temporary folder;
there every sample story is deleted (``stories/vocabulary.yml`` stays), and, in a second copy,
one story of the anthology's own is added. In each copy, one pytest process (on the copy's
code) collects the whole suite (every module's top level runs) and runs tests that build and
read a site (tests/run_listed.py): in the first copy, the sample anthology's site
(tests/fixtures/anthology) in MkDocs and ProperDocs, its pages in Chromium, and the
repository's docs built beside the sample stories; in the second, the tests that pick their
pages from the sample anthology.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .sample_site import REPO
from .site_factory import write_story

pytestmark = pytest.mark.browser

#: Tests that pick what they read from the sample anthology, on its site built once.
SAMPLE_TESTS = (
    "tests/test_screenshots_tool.py",
    "tests/site/test_browser_a11y.py::test_no_label_in_the_built_site_has_a_role",
    "tests/site/test_browser_site.py::test_the_sample_anthology_has_what_these_tests_need",
    "tests/site/test_browser_reading.py::test_the_sample_has_what_these_tests_need",
)
#: With them, each other kind of site build (ProperDocs, the repository's docs) and a browser.
SITE_TESTS = (
    *SAMPLE_TESTS,
    "tests/site/test_properdocs_build.py",
    "tests/safety/audit/test_targets.py",
    "tests/site/test_reading_pages_build.py::test_every_page_of_the_sample_site_has_its_own_description",
    "tests/site/test_browser_reading.py::test_the_not_found_page_has_its_own_title_and_ways_on",
)


def copy_project(target: Path) -> Path:
    """The files git tracks or would track (not ignored), as they are on disk, into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def remove_samples(project: Path) -> None:
    """Delete every story, folder or file, in ``stories/`` but the vocabulary."""
    for item in (project / "stories").iterdir():
        if item.name == "vocabulary.yml":
            continue
        if item.is_dir():
            shutil.rmtree(item)
        else:
            item.unlink()


def run_pytest(
    project: Path, *args: str, environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """pytest in ``project`` on the copy's own code (plugins/ first on the path)."""
    environ = {**os.environ, **(environ or {}), "PYTHONPATH": str(project / "plugins")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def run_listed_in_the_whole_suite(
    project: Path, tests: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    """Collect the whole suite in ``project`` (every module's top level runs) and run ``tests``,
    in one pytest process (tests/run_listed.py)."""
    listed = {"KAIROS_RUN_LISTED": "\n".join(tests)}
    return run_pytest(project, "-p", "tests.run_listed", "tests", environ=listed)


def passed(result: subprocess.CompletedProcess[str]) -> int:
    """How many tests passed, when the whole suite was collected and nothing failed, erred or
    was skipped (else the output)."""
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    collected = re.search(r"^kairos: collected (\d+) tests", result.stdout, re.MULTILINE)
    assert collected and int(collected.group(1)) >= 1000, result.stdout[-2000:]
    assert re.fullmatch(r"=* ?\d+ passed, \d+ deselected in [\d.]+s.*", summary), summary
    return int(summary.strip("= ").split()[0])


def test_the_suite_needs_none_of_the_sample_stories(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    remove_samples(project)
    assert [item.name for item in (project / "stories").iterdir()] == ["vocabulary.yml"]
    assert passed(run_listed_in_the_whole_suite(project, SITE_TESTS)) >= len(SITE_TESTS)


def test_the_site_tests_pass_beside_one_story_of_the_anthology_s_own(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    remove_samples(project)
    vocabulary = yaml.safe_load((project / "stories" / "vocabulary.yml").read_text("utf-8"))
    write_story(
        project / "stories",
        "our-first-story",
        title="Our first story",
        themes=(next(iter(vocabulary["themes"])),),
    )
    assert sorted(item.name for item in (project / "stories").iterdir()) == [
        "our-first-story.md",
        "vocabulary.yml",
    ]
    assert passed(run_listed_in_the_whole_suite(project, SAMPLE_TESTS)) >= len(SAMPLE_TESTS)
