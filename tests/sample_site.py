"""The tests' own sample anthology (``tests/fixtures/anthology``) built on a fixed day.

It holds stories (one with a photo, one withdrawn, one pending), the vocabulary, hand-written
pages and an ``mkdocs.yml``: a copy of the repository's samples as they were when these tests
were written, owned by the tests, so that they pass whatever the repository's own
``stories/`` and ``docs/`` hold (an anthology replaces the samples with its own stories).

Tests that read a site as readers meet it (HTML validity, accessibility, the phone menu, print)
build it the same way: on 2026-11-26, through ``SOURCE_DATE_EPOCH``, a day on which these
stories are valid. The build runs on a copy in a temporary folder, so that nothing a build
writes ever lands under ``tests/``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
#: The committed sample anthology: stories/, docs/ and mkdocs.yml.
ANTHOLOGY = Path(__file__).resolve().parent / "fixtures" / "anthology"
STORIES = ANTHOLOGY / "stories"
BUILD_DATE = dt.date(2026, 11, 26)
SOURCE_DATE_EPOCH = str(int(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC).timestamp()))
#: Where mkdocs.yml's site_url puts the site; 404.html links its assets from this path.
SITE_PATH = "/kairos/"


def copy_sample_anthology(root: Path) -> Path:
    """Copy the sample anthology into ``root`` (its theme overrides are the project's own);
    return the copy's ``mkdocs.yml``."""
    shutil.copytree(ANTHOLOGY / "stories", root / "stories")
    shutil.copytree(ANTHOLOGY / "docs", root / "docs")
    config = yaml.safe_load((ANTHOLOGY / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build_on_build_date(config_file: Path, site_dir: Path) -> Path:
    """Build ``config_file`` strictly into ``site_dir`` on :data:`BUILD_DATE`."""
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        build(load_config(str(config_file), strict=True, site_dir=str(site_dir)))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return site_dir


def build_sample_site(folder: Path) -> Path:
    """Copy the sample anthology into ``folder`` and build it into ``folder/site``."""
    return build_on_build_date(copy_sample_anthology(folder), folder / "site")


@dataclass(frozen=True)
class SampleSite:
    """The built sample site (``root``) and its address on 127.0.0.1 (``base``, ending in '/')."""

    root: Path
    base: str
