"""Rules that span fields: consent requirements, vocabulary keys, duplicates, tombstones.

They read the raw front-matter rather than a validated model, so they still report their
problems when some other field is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeGuard

from kairos.core.front_matter import LoadedFile, YamlDocument
from kairos.core.problems import Problem, did_you_mean, private_part
from kairos.core.story import REQUIRED_WHEN
from kairos.core.vocabulary import Vocabulary

#: What ``kairos new`` writes where only an editor can fill in the truth; a granted story may
#: keep neither, so a half-finished file can never be published by setting one status.
PLACEHOLDER_RECORD = "TO-BE-FILLED"
PLACEHOLDER_BODY = "Replace this paragraph with the story"
#: The whole paragraph ``kairos new`` writes where the story goes (it starts with the above).
PLACEHOLDER_PARAGRAPH = (
    f"{PLACEHOLDER_BODY}, in the storyteller's own words and exactly as they\n"
    "approved it. Take out anything that could identify someone: names of other people, dates of\n"
    "birth, hospital numbers, addresses and phone numbers. While consent is pending, the story is\n"
    "not published.\n"
)
#: The editors' guide's example title and summary: pasted as they are, placeholder text, which
#: the audit does not look for in the site (a hand-written page may quote the guide).
PLACEHOLDER_TITLE = "The title of the story"
PLACEHOLDER_SUMMARY = "One or two sentences that make someone want to read it."


def check_story_rules(
    loaded: LoadedFile, document: YamlDocument, vocabulary: Vocabulary
) -> list[Problem]:
    """Every cross-field problem in one story's front-matter and body."""
    path, body, body_first_line = loaded.path, loaded.body, loaded.body_first_line
    problems: list[Problem] = []

    def report(line: int, field: str, message: str, quoted: str = "", **kwargs: Any) -> None:
        private = private_part(message, quoted)  # ``quoted``: the file's own text, if any
        problems.append(Problem(path, line, field, message, private=private, **kwargs))

    consent = document.data.get("consent")
    fields: Mapping[str, Any] = consent if isinstance(consent, Mapping) else {}
    for (trigger, value), required in REQUIRED_WHEN.items():
        for name in required if fields.get(trigger) == value else ():
            if name not in fields:
                line = document.line_of(("consent", trigger))
                report(
                    line, f"consent.{name}", f"missing; required when consent.{trigger} is {value}"
                )
    given, review = fields.get("date"), fields.get("review_by")
    if _is_date(given) and _is_date(review) and review < given:
        report(
            document.line_of(("consent", "review_by")),
            "consent.review_by",
            f"found {review.isoformat()}, before consent.date {given.isoformat()}; "
            "the review date must be on or after the date consent was given",
        )
    for location, noun, known in (
        (("themes",), "theme", list(vocabulary.themes)),
        (("content_notes",), "content note", list(vocabulary.content_notes)),
        (("consent", "scope"), "scope", None),  # the model knows the scopes
    ):
        values = fields.get("scope") if noun == "scope" else document.data.get(location[0])
        values = values if isinstance(values, list) else []
        seen: set[object] = set()
        for index, value in enumerate(values):
            if not isinstance(value, (str, int, bool)):  # (a tuple: no union built each time)
                continue
            if value in seen:
                message = f"found '{value}' more than once; list each value once"
                line = document.line_of((*location, index))
                report(line, ".".join(location), message, f"'{value}'")
            seen.add(value)
        if known is None:
            continue
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in known and value not in values[:index]:
                hint = did_you_mean(value, known) or (
                    f"; the known {noun}s are listed in vocabulary.yml"
                    if known
                    else "; no vocabulary could be read, so no key is known"
                )
                message = f"'{value}' is not a known {noun}{hint}"
                report(document.line_of((*location, index)), location[0], message, f"'{value}'")
    granted = fields.get("status") == "granted"
    if granted and fields.get("record") == PLACEHOLDER_RECORD:
        report(
            document.line_of(("consent", "record")),
            "consent.record",
            f"found the placeholder '{PLACEHOLDER_RECORD}' in a granted story; enter the "
            "reference written on the signed consent form",
        )
    if granted and PLACEHOLDER_BODY in body:
        report(
            body_first_line + body.count("\n", 0, body.index(PLACEHOLDER_BODY)),
            "body",
            "found the placeholder paragraph written by 'kairos new' in a granted story; "
            "replace it with the story's approved text",
        )
    withdrawn = fields.get("status") == "withdrawn"
    if withdrawn and body.strip():
        report(
            body_first_line + body.count("\n", 0, len(body) - len(body.lstrip())),
            "body",
            "found story text in a withdrawn story; a withdrawn story keeps only its "
            "front-matter, delete all text after the closing '---'",
        )
    if not withdrawn and not body.strip():
        report(
            max(body_first_line - 1, 1),
            "body",
            "found no story text after the front-matter; add the story's text",
            severity="warning",
        )
    return problems


def _is_date(value: object) -> TypeGuard[dt.date]:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
