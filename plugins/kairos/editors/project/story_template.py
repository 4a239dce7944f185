"""A new story file for ``kairos new``: the answers checked, a unique slug, and the file's text.

The file is written with ``consent.status: pending``, so it is valid and held back until an
editor files the signed form and fills in the consent fields. Each answer is checked on its
own, before anything is written, so a person is told what to change in the words they typed;
then the whole text is checked by the same loader as ``kairos check``.
"""

from __future__ import annotations

import datetime as dt
import json
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

#: Matches the record pattern, so the new file is valid; an editor replaces it with the reference
#: (a granted story that still holds it is an error).
RECORD_PLACEHOLDER = PLACEHOLDER_RECORD
MAX_SLUG_LENGTH = 60
MAX_THEMES = 6

#: What a numbered list offers: ``key -> (label, one-line meaning)``, in the order shown.
Choices = Mapping[str, tuple[str, str]]

_TEXT_LIMITS = {"title": 120, "summary": 300, "name": 60}
# Characters a YAML reader treats as line breaks or refuses; escaped inside quoted values.
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


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
    record: str = RECORD_PLACEHOLDER


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
    """The questions ``kairos new`` asks; each method checks one answer, typed or given as option.

    A method returns the value for the file or raises :class:`NewStoryError`.
    """

    themes: Choices
    content_notes: Choices
    taken: frozenset[str]
    """Slugs already used by a file in the stories folder, withdrawn tombstones included."""

    @classmethod
    def for_folder(cls, vocabulary: Vocabulary, taken: Iterable[str]) -> NewStoryForm:
        def listed(terms: Mapping[str, Term]) -> dict[str, tuple[str, str]]:
            return {key: (term.label, term.description or "") for key, term in terms.items()}

        return cls(listed(vocabulary.themes), listed(vocabulary.content_notes), frozenset(taken))

    @property
    def roles(self) -> Choices:
        return {key: (role.plural, role.explanation) for key, role in ROLES.items()}

    @property
    def levels(self) -> Choices:
        return {key: (level.label, level.short) for key, level in LEVELS.items()}

    def title(self, answer: str) -> str:
        return _text(answer, "title")

    def summary(self, answer: str) -> str:
        return _text(answer, "summary")

    def name(self, answer: str) -> str:
        return _text(answer, "name")

    def role(self, answer: str) -> StorytellerRole:
        (key,) = choose_keys([answer], self.roles, "role", at_least=1, at_most=1)
        return cast(StorytellerRole, key)  # a key of ROLES

    def level(self, answer: str) -> FrameworkLevel:
        (key,) = choose_keys([answer], self.levels, "level", at_least=1, at_most=1)
        return cast(FrameworkLevel, key)  # a key of LEVELS

    def theme_keys(self, answers: str | Iterable[str]) -> tuple[str, ...]:
        return choose_keys(_many(answers), self.themes, "theme", at_least=1, at_most=MAX_THEMES)

    def content_note_keys(self, answers: str | Iterable[str]) -> tuple[str, ...]:
        return choose_keys(_many(answers), self.content_notes, "content note")

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
                f"e.g. '{unique_slug(slug_from_title(answer), self.taken)}'"
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
        else:
            items.append(item)
    return items


def choose_keys(
    answers: Iterable[str],
    choices: Choices,
    noun: str,
    *,
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
    for answer in answers:
        for item in _choice_items(answer, choices, labels):
            if not item:
                continue
            if item.isdigit():
                if not 1 <= int(item) <= len(keys):
                    raise NewStoryError(
                        f"found {item}; choose a number from 1 to {len(keys)} on the list"
                    )
                key = keys[int(item) - 1]
            elif item in choices:
                key = item
            elif item.casefold() in labels:
                key = labels[item.casefold()]
            else:
                hint = did_you_mean(item, keys) or f" (known {noun}s: {', '.join(keys)})"
                if len(item.split()) > 1 and at_most != 1:
                    hint += "; separate choices with commas, e.g. 1, 3"
                raise NewStoryError(f"'{item}' is not a known {noun}{hint}")
            if key not in chosen:
                chosen.append(key)
    if len(chosen) < at_least:
        raise NewStoryError(f"found no {noun}; choose at least {at_least}")
    if at_most is not None and len(chosen) > at_most:
        raise NewStoryError(
            f"found {len(chosen)} {noun}s; choose "
            + ("one" if at_most == 1 else f"at most {at_most}")
        )
    return tuple(chosen)


def _many(answers: str | Iterable[str]) -> Iterable[str]:
    return [answers] if isinstance(answers, str) else answers


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
    """A YAML double-quoted scalar that reads back as exactly ``text``."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _key_list(keys: Iterable[str]) -> str:
    """``[kindness, trust]``; a key YAML would read as something else (``no``, ``1``) is quoted."""
    return "[" + ", ".join(_plain_or_quoted(key) for key in keys) + "]"


def _plain_or_quoted(key: str) -> str:
    return key if yaml.safe_load(key) == key else _quoted(key)


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
