"""Packaging metadata: an SPDX licence expression, so installing prints no deprecation warning."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def test_the_licence_is_an_spdx_expression_that_setuptools_understands() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    (setuptools,) = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    # setuptools 77 is the first to read a license string as SPDX rather than warn about a table.
    assert setuptools.name == "setuptools"
    assert "76.9" not in setuptools.specifier
    assert "77.0.0" in setuptools.specifier


def test_the_installed_metadata_carries_the_expression() -> None:
    metadata = importlib.metadata.metadata("kairos-stories")
    assert metadata["License-Expression"] == "MIT"
