"""Fixtures shared by the audit's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology

from ...site_factory import BUILD_DATE, consent, write_story
from .test_site_scan import HIDDEN_BODY


@pytest.fixture
def one_held_back(stories_dir: Path) -> Anthology:
    """A published story and a pending one, ``hidden-story``, whose text is HIDDEN_BODY."""
    write_story(stories_dir, "open-story", title="An open story")
    write_story(
        stories_dir,
        "hidden-story",
        title="The hidden story of Ward 9",
        body=HIDDEN_BODY,
        consent_record=consent("pending"),
    )
    return load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
