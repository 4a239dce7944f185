"""Shared fixtures: a temporary project folder with a fixture vocabulary (see site_factory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .site_factory import write_vocabulary


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: ``stories/vocabulary.yml`` only; add stories and mkdocs.yml to it."""
    write_vocabulary(tmp_path / "stories")
    return tmp_path


@pytest.fixture
def stories_dir(project: Path) -> Path:
    return project / "stories"
