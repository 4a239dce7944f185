"""Kairos: anthologies of patient and family stories, published only with valid, current consent.

The core (this package, minus ``plugin``, ``config`` and ``cli``) knows stories, vocabularies,
validation and the publishing rule, and imports neither mkdocs nor click.
"""

from __future__ import annotations

from .anthology import Anthology, CheckSummary, JudgedStory, StoriesFolderMissing, load_anthology
from .build_date import BuildDateError, resolve_build_date
from .problems import Problem
from .publishing import HoldReason, Verdict, publishing_rule
from .story import Consent, Story, Storyteller
from .story_loader import LoadedStory, load_story
from .vocabulary import Term, Vocabulary, load_vocabulary

__all__ = [
    "Anthology",
    "BuildDateError",
    "CheckSummary",
    "Consent",
    "HoldReason",
    "JudgedStory",
    "LoadedStory",
    "Problem",
    "StoriesFolderMissing",
    "Story",
    "Storyteller",
    "Term",
    "Verdict",
    "Vocabulary",
    "load_anthology",
    "load_story",
    "load_vocabulary",
    "publishing_rule",
    "resolve_build_date",
]
