"""Kairos: anthologies of patient and family stories, published only with valid, current consent.

This package re-exports the public API of :mod:`kairos.core`, which imports neither mkdocs nor
click.
"""

from __future__ import annotations

from kairos.core.anthology import (
    Anthology,
    CheckSummary,
    JudgedStory,
    StoriesFolderMissing,
    load_anthology,
)
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.core.problems import Problem
from kairos.core.publishing import HoldReason, Verdict, publishing_rule
from kairos.core.story import Consent, Story, Storyteller
from kairos.core.story_loader import LoadedStory, load_story
from kairos.core.vocabulary import Term, Vocabulary, load_vocabulary

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
