"""The collection model: a teaching session's stories, in order, and how to run it.

A collection is one Markdown file in ``stories/collections/``: this front-matter, then the
facilitator notes as the body. Whether its stories exist, and may be taught from, is checked
by :mod:`kairos.core.collection_loader` and :mod:`kairos.core.teaching`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kairos.core.story import SLUG_PATTERN, STRICT, Text60, Text120, Text300


class CollectionEntry(BaseModel):
    """One story of a collection, with questions for this session beside its own reflection."""

    model_config = STRICT

    story: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)] = Field(
        description="The story's slug: its file name without .md (see `ls stories/`)."
    )
    discussion: list[Text300] | None = Field(
        default=None,
        min_length=1,
        max_length=5,
        description="1-5 discussion questions for this session, shown after the story's own "
        "reflection questions.",
    )


class Collection(BaseModel):
    """A collection's front-matter; the body holds the facilitator notes."""

    model_config = ConfigDict(**STRICT, title="Kairos collection front-matter")

    title: Text120 = Field(description="The collection's title.")
    summary: Text300 = Field(
        description="One or two sentences introducing the session, for the Teaching page."
    )
    audience: Text120 = Field(
        description="Who the session is for, e.g. nursing students, quality-improvement teams."
    )
    time_needed: Text60 = Field(description="How long the session takes, e.g. 90 minutes.")
    learning_outcomes: list[Text300] = Field(
        min_length=1, max_length=8, description="1-8 things participants will be able to do."
    )
    stories: list[CollectionEntry] = Field(
        min_length=1, max_length=20, description="1-20 stories, in the order they are read."
    )
