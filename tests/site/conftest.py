"""The repository's own site, built once for the session and served as GitHub Pages would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..browser_support import serve_site
from ..sample_site import SITE_PATH, SampleSite, build_sample_site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleSite]:
    root = build_sample_site(tmp_path_factory.mktemp("sample-site") / "site")
    with serve_site(root, SITE_PATH) as base:
        yield SampleSite(root, base)
