"""A new story file for ``kairos new``: the answers checked, a unique slug, and the file's text.

The file is written with ``consent.status: pending``, so it is valid and held back until an
editor files the signed form and fills in the consent fields. Each answer is checked on its
own, before anything is written, so a person is told what to change in the words they typed;
then the whole text is checked by the same loader as ``kairos check``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import yaml

from kairos.core.problems import Problem, did_you_mean
from kairos.core.reader_labels import LEVELS, ROLES
from kairos.core.story import CONSENT_RECORD_PATTERN, SLUG_PATTERN, FrameworkLevel, StorytellerRole
from kairos.core.story_loader import load_story, unique_slug
from kairos.core.story_rules import (
    PLACEHOLDER_PARAGRAPH,
    PLACEHOLDER_RECORD,
    PLACEHOLDER_SUMMARY,
    PLACEHOLDER_TITLE,
)
from kairos.core.vocabulary import Term, Vocabulary
from kairos.editors import editors_template

MAX_SLUG_LENGTH = 60
MAX_THEMES = 6

#: What a numbered list offers: ``key -> (label, one-line meaning)``, in the order shown.
Choices = Mapping[str, tuple[str, str]]

_TEXT_LIMITS = {"title": 120, "summary": 300, "storyteller_name": 60}


class NewStoryError(ValueError):
    """An answer that cannot go into a story file; the message says what to change."""


@dataclass(frozen=True)
class NewStory:
    """Everything a new story file needs, already checked."""

    title: str
    summary: str
    storyteller_name: str
    storyteller_role: StorytellerRole
    themes: tuple[str, ...]
    framework_level: FrameworkLevel
    published: dt.date
    content_notes: tuple[str, ...] = ()
    #: The placeholder matches the record pattern, so the new file is valid; an editor replaces
    #: it with the form's reference (a granted story that still holds it is an error).
    record: str = PLACEHOLDER_RECORD


#: The example values of the template in the editors' guide (editors/guide.md shows
#: ``render_new_story(GUIDE_EXAMPLE)``). Pasted as they are, they are placeholder text, which
#: the audit never takes as evidence of a story.
GUIDE_EXAMPLE = NewStory(
    title=PLACEHOLDER_TITLE,
    summary=PLACEHOLDER_SUMMARY,
    storyteller_name="Sam",
    storyteller_role="patient",
    themes=("kindness", "being-heard"),
    framework_level="civil-discourse",
    published=dt.date(2026, 1, 15),
)


@dataclass(frozen=True)
class NewStoryForm:
    """The answers ``kairos new`` needs, checked one by one, typed or given as options.

    Each method is named for the field of :class:`NewStory` it fills (or ``slug``); it returns
    the value for the file or raises :class:`NewStoryError`.
    """

    #: The numbered lists, by field: ``storyteller_role``, ``themes``, ``framework_level``
    #: and ``content_notes``.
    choices: Mapping[str, Choices]
    #: Slugs already used by a file in the stories folder, withdrawn tombstones included.
    taken: frozenset[str]

    @classmethod
    def for_folder(cls, vocabulary: Vocabulary, taken: Iterable[str]) -> NewStoryForm:
        def listed(terms: Mapping[str, Term]) -> Choices:
            return {key: (term.label, term.description or "") for key, term in terms.items()}

        choices: dict[str, Choices] = {
            "storyteller_role": {key: (r.plural, r.explanation) for key, r in ROLES.items()},
            "themes": listed(vocabulary.themes),
            "framework_level": {key: (level.label, level.short) for key, level in LEVELS.items()},
            "content_notes": listed(vocabulary.content_notes),
        }
        return cls(choices, frozenset(taken))

    def title(self, answer: str) -> str:
        return _text(answer, "title")

    def summary(self, answer: str) -> str:
        return _text(answer, "summary")

    def storyteller_name(self, answer: str) -> str:
        return _text(answer, "storyteller_name")

    def storyteller_role(self, answer: str) -> StorytellerRole:
        (key,) = choose_keys(answer, self.choices["storyteller_role"], "role", 1, 1)
        return cast(StorytellerRole, key)  # a key of ROLES

    def framework_level(self, answer: str) -> FrameworkLevel:
        (key,) = choose_keys(answer, self.choices["framework_level"], "level", 1, 1)
        return cast(FrameworkLevel, key)  # a key of LEVELS

    def themes(self, answers: str | Iterable[str]) -> tuple[str, ...]:
        return choose_keys(answers, self.choices["themes"], "theme", 1, MAX_THEMES)

    def content_notes(self, answers: str | Iterable[str]) -> tuple[str, ...]:
        return choose_keys(answers, self.choices["content_notes"], "content note")

    def record(self, answer: str) -> str:
        if not re.fullmatch(CONSENT_RECORD_PATTERN, answer):
            raise NewStoryError(
                f"found '{answer}'; a record reference is up to 40 letters, digits, '.', '_', "
                "'/' or '-', starting with a letter or digit, e.g. KF-2026-045 (never a name)"
            )
        return answer

    def slug(self, answer: str) -> str:
        """A slug chosen by hand: the right shape and not already a story's."""
        if not re.fullmatch(SLUG_PATTERN, answer):
            raise NewStoryError(
                f"found '{answer}'; a slug is lowercase letters, digits and single hyphens, "
                f"e.g. '{self.slug_for(answer)}'"
            )
        if answer.casefold() in {t.casefold() for t in self.taken}:
            raise NewStoryError(
                f"'{answer}' is already used by a story and is never reused; choose another, "
                f"e.g. '{unique_slug(answer, self.taken)}'"
            )
        return answer

    def slug_for(self, title: str) -> str:
        """The slug made from the title, numbered if a story already has it."""
        return unique_slug(slug_from_title(title), self.taken)


def slug_from_title(title: str) -> str:
    """Lowercase letters and digits joined by hyphens: ``Café at 3 a.m.`` -> ``cafe-at-3-a-m``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug
    return slug or "story"


def _choice_items(answer: str, choices: Choices, labels: dict[str, str]) -> list[str]:
    items = []
    for item in (part.strip() for part in answer.split(",")):
        words = item.split()
        known = item in choices or item.casefold() in labels
        if len(words) > 1 and not known and all(w.isdigit() or w in choices for w in words):
            items += words
        elif item:
            items.append(item)
    return items


def choose_keys(
    answers: str | Iterable[str],
    choices: Choices,
    noun: str,
    at_least: int = 0,
    at_most: int | None = None,
) -> tuple[str, ...]:
    """Keys from answers such as ``1, 3, being-heard``: numbers on the list shown, keys or labels.

    Each answer may hold several choices separated by commas, or by spaces when every one is a
    number or a key (``1 3``; a label such as ``Being heard`` holds spaces itself); a choice
    given twice counts once.
    """
    keys = list(choices)
    labels = {label.casefold(): key for key, (label, _meaning) in choices.items()}
    chosen: list[str] = []
    for answer in [answers] if isinstance(answers, str) else answers:
        for item in _choice_items(answer, choices, labels):
            if item.isdigit():
                if not 1 <= int(item) <= len(keys):
                    raise NewStoryError(
                        f"found {item}; choose a number from 1 to {len(keys)} on the list"
                    )
                item = keys[int(item) - 1]
            key = item if item in choices else labels.get(item.casefold())
            if key is None:
                hint = did_you_mean(item, keys) or f" (known {noun}s: {', '.join(keys)})"
                if len(item.split()) > 1 and at_most != 1:
                    hint += "; separate choices with commas, e.g. 1, 3"
                raise NewStoryError(f"'{item}' is not a known {noun}{hint}")
            if key not in chosen:
                chosen.append(key)
    if len(chosen) < at_least:
        raise NewStoryError(f"found no {noun}; choose at least {at_least}")
    if at_most is not None and len(chosen) > at_most:
        many = "one" if at_most == 1 else f"at most {at_most}"
        raise NewStoryError(f"found {len(chosen)} {noun}s; choose {many}")
    return tuple(chosen)


def _text(answer: str, field: str) -> str:
    """Title, summary or name: some text on one line, within the length the format allows."""
    text = answer.strip()
    limit = _TEXT_LIMITS[field]
    if not text:
        raise NewStoryError("found nothing; write some text")
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in text):
        raise NewStoryError(
            "found a control character or a character that is not text; write plain text "
            "on one line"
        )
    if len(text) > limit:
        raise NewStoryError(
            f"found {len(text)} characters; at most {limit} are allowed, shorten it"
        )
    return text


def render_new_story(story: NewStory) -> str:
    """The whole file: commented front-matter with consent pending, and a placeholder body."""
    return editors_template("new_story.md.tmpl").substitute(
        title=_quoted(story.title),
        summary=_quoted(story.summary),
        storyteller_name=_quoted(story.storyteller_name),
        storyteller_role=story.storyteller_role,
        published=story.published.isoformat(),
        themes=_key_list(story.themes),
        framework_level=story.framework_level,
        content_notes=_key_list(story.content_notes),
        record=story.record,
        placeholder_paragraph=PLACEHOLDER_PARAGRAPH,
    )


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, on one line, that reads back as exactly ``text``."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=math.inf).rstrip()


def _key_list(keys: Iterable[str]) -> str:
    """``[kindness, trust]``; a key YAML would read as something else (``no``, ``1``) is quoted."""
    return (
        "[" + ", ".join(key if yaml.safe_load(key) == key else _quoted(key) for key in keys) + "]"
    )


def new_story_problems(
    text: str, slug: str, display_path: str, vocabulary: Vocabulary
) -> list[Problem]:
    """What ``kairos check`` would say about ``text`` as ``<slug>.md``; nothing is written there.

    The answers were checked one by one already; this checks the whole file with the same
    loader as the site, so a file that would fail is never written.
    """
    with tempfile.TemporaryDirectory(prefix="kairos-new-") as folder:
        draft = Path(folder) / f"{slug}.md"
        draft.write_text(text, encoding="utf-8")
        return load_story(draft, display_path, vocabulary).problems
