"""Kairos: anthologies of patient and family stories, published only with valid, current consent.

This package re-exports the public API of :mod:`kairos.core`, which imports neither mkdocs nor
click.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives: imported when first used (PEP 562), so that a process that
#: needs one module (the audit's workers) does not load the whole core and pydantic.
_HOMES = {
    "Anthology": "kairos.core.anthology",
    "CheckSummary": "kairos.core.anthology",
    "JudgedStory": "kairos.core.anthology",
    "StoriesFolderMissing": "kairos.core.anthology",
    "load_anthology": "kairos.core.anthology",
    "BuildDateError": "kairos.core.build_date",
    "resolve_build_date": "kairos.core.build_date",
    "Problem": "kairos.core.problems",
    "HoldReason": "kairos.core.publishing",
    "Verdict": "kairos.core.publishing",
    "publishing_rule": "kairos.core.publishing",
    "Consent": "kairos.core.story",
    "Story": "kairos.core.story",
    "Storyteller": "kairos.core.story",
    "LoadedStory": "kairos.core.story_loader",
    "load_story": "kairos.core.story_loader",
    "Term": "kairos.core.vocabulary",
    "Vocabulary": "kairos.core.vocabulary",
    "load_vocabulary": "kairos.core.vocabulary",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
