"""Small factories for tests that need a stories folder."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN_STORIES = FIXTURES / "stories"
FIXTURE_VOCABULARY = FIXTURES / "vocabulary.yml"

VALID_STORY = """---
title: The nurse who sat down
summary: A daughter remembers the night her mother died, and the nurse who stayed.
storyteller:
  name: Ruth
  role: family-member
published: {published}
themes: [kindness, end-of-life]
framework_level: civil-discourse
consent:
  status: granted
  record: KF-2026-001
  given_by: storyteller
  date: {consent_date}
  review_by: {review_by}
  scope: [{scope}]
  final_text_approved: true
---
She pulled up a chair and sat down.
"""


def valid_story(
    published: str = "2026-01-15",
    consent_date: str = "2026-01-02",
    review_by: str = "2028-01-02",
    scope: str = "website, search-engines, feed, teaching",
) -> str:
    return VALID_STORY.format(
        published=published, consent_date=consent_date, review_by=review_by, scope=scope
    )


def stories_folder(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A ``stories/`` folder under ``root`` with the fixture vocabulary and ``files``."""
    folder = root / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE_VOCABULARY, folder / "vocabulary.yml")
    for name, content in (files or {}).items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder
