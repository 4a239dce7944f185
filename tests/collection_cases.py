"""A stories folder for collection tests: four stories whose consent differs only in scope or
status, so that each collection case shows what the teaching rule makes of them."""

from __future__ import annotations

from pathlib import Path

from .story_cases import FIXTURES, stories_folder, valid_story

GOLDEN_COLLECTIONS = FIXTURES / "collections"

WITHDRAWN_STORY = """---
title: A story taken back
summary: Its storyteller withdrew consent.
storyteller:
  name: Sam
  role: patient
published: 2026-01-15
themes: [kindness]
framework_level: co-planning
consent:
  status: withdrawn
  record: KF-2026-009
  given_by: storyteller
  withdrawn_on: 2026-03-01
---
"""

#: Slug -> file text: a story any pack may hold, one without teaching, one for private packs
#: only (teaching without website), and a withdrawn one.
TEACHING_STORIES: dict[str, str] = {
    "the-nurse-who-sat-down.md": valid_story(),
    "no-teaching-consent.md": valid_story(scope="website, feed")
    .replace("The nurse who sat down", "The porter who whistled")
    .replace("She pulled up a chair and sat down.", "He whistled down every corridor."),
    "teaching-only.md": valid_story(scope="teaching")
    .replace("The nurse who sat down", "The midwife who stayed late")
    .replace("She pulled up a chair and sat down.", "She stayed two hours after her shift."),
    "a-story-taken-back.md": WITHDRAWN_STORY,
}


def teaching_folder(root: Path, collections: dict[str, str] | None = None) -> Path:
    """A stories folder with :data:`TEACHING_STORIES`, and ``collections`` in its
    ``collections/`` folder."""
    folder = stories_folder(root, dict(TEACHING_STORIES))
    (folder / "collections").mkdir()
    for name, text in (collections or {}).items():
        (folder / "collections" / name).write_text(text, encoding="utf-8")
    return folder


VALID_COLLECTION = """---
title: Kindness at the end of life
summary: Two hours with stories about small kindnesses at the end of life.
audience: Nursing students
time_needed: 90 minutes
learning_outcomes:
  - Describe what made a small act of care matter to a family.
stories:
  - story: the-nurse-who-sat-down
    discussion:
      - What would have made it possible for you to sit down?
{more}---
Open the session by saying that these are real people's stories.
"""


def valid_collection(more: str = "") -> str:
    """A collection holding the-nurse-who-sat-down, then the entries in ``more`` (YAML)."""
    return VALID_COLLECTION.format(more=more)
