"""The repository's own site (``mkdocs.yml``, ``stories/``, ``docs/``) built on a fixed day.

Tests that read the site as readers meet it (HTML validity, accessibility, the phone menu) and
``tools/screenshots.py`` build it the same way: on 2026-11-26, through ``SOURCE_DATE_EPOCH``, a
day on which the sample stories are valid.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
BUILD_DATE = dt.date(2026, 11, 26)
SOURCE_DATE_EPOCH = str(int(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC).timestamp()))
#: Where mkdocs.yml's site_url puts the site; 404.html links its assets from this path.
SITE_PATH = "/kairos/"


def build_sample_site(site_dir: Path) -> Path:
    """Build the repository's site strictly into ``site_dir`` on :data:`BUILD_DATE`."""
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        build(load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site_dir)))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return site_dir


@dataclass(frozen=True)
class SampleSite:
    """The built sample site (``root``) and its address on 127.0.0.1 (``base``, ending in '/')."""

    root: Path
    base: str
