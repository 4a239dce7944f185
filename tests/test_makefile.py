"""The Makefile and the lock files: `make serve` installs only what the site needs."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TEST_ONLY = {
    "pytest",
    "pytest-xdist",
    "hypothesis",
    "python-frontmatter",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "mypy",
    "types-pyyaml",
    "zizmor",
    "pre-commit",
    "properdocs",
}


def commands(target: str) -> str:
    """Every command `make TARGET` would run on a machine with nothing installed yet."""
    # Run under `make test`, make would pass its own flags down and print the folders it enters.
    environ = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(
        [
            "make",
            "--dry-run",
            "--always-make",
            "--no-print-directory",
            target,
            "VENV=/nonexistent/venv",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)$", text, re.MULTILINE))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure() -> set[str]:
    """kairos-stories and everything it needs on this platform, without the test extra."""
    seen: set[str] = set()
    wanted: list[tuple[str, frozenset[str]]] = [("kairos-stories", frozenset())]
    while wanted:
        name, extras = wanted.pop()
        key = f"{_normal(name)}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(e) for e in environments):
                continue
            wanted.append((requirement.name, frozenset(requirement.extras)))
    return {key.split("[")[0] for key in seen} - {"kairos-stories"}


@pytest.mark.parametrize("target", ["serve", "build", "check", "report", "new", "diff"])
def test_site_and_editor_targets_install_only_the_runtime(target: str) -> None:
    run = commands(target)
    assert "pip install --quiet -r requirements.lock" in run
    assert "requirements-test.lock" not in run
    assert "npm" not in run


def test_make_test_installs_everything() -> None:
    run = commands("test")
    for command in ("-r requirements.lock", "-r requirements-test.lock", "npm ci", "/pytest"):
        assert command in run


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("check", "/nonexistent/venv/bin/kairos check stories"),
        ("report", "/nonexistent/venv/bin/kairos report stories"),
        ("new", "/nonexistent/venv/bin/kairos new"),
        ("diff", "/nonexistent/venv/bin/kairos diff main"),
    ],
)
def test_the_guides_make_targets(target: str, command: str) -> None:
    assert commands(target).splitlines()[-1] == command


def test_the_runtime_lock_holds_the_runtime_and_nothing_for_tests() -> None:
    runtime = pins("requirements.lock")
    assert TEST_ONLY & set(runtime) == set()
    assert runtime_closure() - set(runtime) == set()


def test_the_test_lock_keeps_the_runtime_pins_and_adds_the_test_tools() -> None:
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert {name: test.get(name) for name in runtime} == runtime
    assert TEST_ONLY - set(test) == set()
