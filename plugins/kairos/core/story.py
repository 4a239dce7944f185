"""The story model: what a story file's front-matter must hold.

The models describe shape and types; rules that span several fields (what ``status: granted``
requires, vocabulary membership, duplicates) live in :mod:`kairos.core.story_rules` so that every
problem in a file is found in one pass rather than the first one stopping the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.config import JsonDict

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CONSENT_RECORD_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"


StorytellerRole = Literal["patient", "family-member", "carer", "professional", "other"]
#: Levels of partnership in the co-production model of Batalden et al. (2016), base first.
FrameworkLevel = Literal["civil-discourse", "co-planning", "co-execution"]
ConsentStatus = Literal["granted", "pending", "withdrawn"]
ConsentGiver = Literal["storyteller", "proxy"]
Scope = Literal["website", "search-engines", "feed", "teaching"]

STORYTELLER_ROLES: tuple[StorytellerRole, ...] = get_args(StorytellerRole)
FRAMEWORK_LEVELS: tuple[FrameworkLevel, ...] = get_args(FrameworkLevel)
SCOPES: tuple[Scope, ...] = get_args(Scope)


# Text fields must hold something other than spaces (the pattern is searched, not anchored).
Text60 = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"\S")]
Text80 = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"\S")]
Text120 = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"\S")]
Text300 = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"\S")]


# Theme and content-note keys are checked against the vocabulary (with a did-you-mean), which
# only holds slug-shaped keys; the schema states the shape for editors' tools.
_KEY_LIST_SCHEMA: JsonDict = {
    "uniqueItems": True,
    "items": {"type": "string", "pattern": SLUG_PATTERN},
}

#: The consent fields that a value of another consent field requires: the checker
#: (:mod:`kairos.core.story_rules`), the JSON Schema and the field reference all read it.
REQUIRED_WHEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("status", "granted"): ("date", "review_by", "scope", "final_text_approved"),
    ("status", "withdrawn"): ("withdrawn_on",),
    ("given_by", "proxy"): ("proxy_relationship",),
}

#: Every model: unknown fields refused, no type converted, read-only.
STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class Storyteller(BaseModel):
    """Who tells the story, exactly as they consented to be named."""

    model_config = STRICT

    name: Text60 = Field(
        description="The name shown, exactly as consented (a pseudonym or a first name)."
    )
    role: StorytellerRole = Field(description="Who is telling the story.")
    description: Text80 | None = Field(
        default=None,
        description="Optional: a few words about the storyteller for the byline, as "
        "consented, e.g. a bereavement midwife. Never a place, ward or date.",
    )


class Consent(BaseModel):
    """A summary of the consent record; the signed form itself is kept offline."""

    model_config = STRICT

    status: ConsentStatus = Field(description="granted, pending or withdrawn.")
    record: Annotated[str, StringConstraints(pattern=CONSENT_RECORD_PATTERN)] = Field(
        description="Reference to the signed consent form kept offline; never a name or contact."
    )
    given_by: ConsentGiver = Field(description="Who gave consent: the storyteller or a proxy.")
    proxy_relationship: Text60 | None = Field(
        default=None, description="Required when given_by is proxy, e.g. daughter, parent."
    )
    date: dt.date | None = Field(
        default=None, description="When consent was given. Required when status is granted."
    )
    review_by: dt.date | None = Field(
        default=None,
        description="Consent must be re-confirmed by this date. Required when status is granted.",
    )
    scope: list[Scope] | None = Field(
        default=None,
        json_schema_extra={"uniqueItems": True},
        description="Where the story may appear. Required when status is granted.",
    )
    final_text_approved: bool | None = Field(
        default=None,
        description="The storyteller or proxy approved the text exactly as published. "
        "Required when status is granted.",
    )
    withdrawn_on: dt.date | None = Field(
        default=None, description="When consent was withdrawn. Required when status is withdrawn."
    )


class Story(BaseModel):
    """A story's front-matter."""

    model_config = ConfigDict(
        **STRICT,
        title="Kairos story front-matter",
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"consent": {"properties": {name: {"const": value}}}}},
                    "then": {"properties": {"consent": {"required": list(required)}}},
                }
                for (name, value), required in REQUIRED_WHEN.items()
            ]
        },
    )

    title: Text120 = Field(description="The story's title.")
    summary: Text300 = Field(
        description="One or two sentences for story cards, search results and the feed."
    )
    storyteller: Storyteller
    published: dt.date = Field(
        description="Publication date; a story dated in the future waits until that day."
    )
    themes: list[str] = Field(
        min_length=1,
        max_length=6,
        json_schema_extra=_KEY_LIST_SCHEMA,
        description="1-6 theme keys from stories/vocabulary.yml.",
    )
    framework_level: FrameworkLevel = Field(
        description="The level of partnership the story shows (Batalden et al., 2016)."
    )
    content_notes: list[str] = Field(
        default_factory=list,
        json_schema_extra=_KEY_LIST_SCHEMA,
        description="Content-note keys from stories/vocabulary.yml, shown before the story.",
    )
    reflection: list[Text300] | None = Field(
        default=None, min_length=1, max_length=5, description="1-5 questions for reflection."
    )
    fictional: bool = Field(
        default=False, description="True for an illustrative story, not a real person's account."
    )
    consent: Consent
