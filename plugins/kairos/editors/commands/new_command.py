"""``kairos new``: a story file with consent pending, from prompts or options.

The file (``templates/new_story.md.tmpl``) has ``consent.status: pending``, so it is valid and
held back until an editor files the signed form and fills in the consent fields. Each answer
is checked on its own, before anything is written, so a person is told what to change in the
words they typed; then the whole text is checked by the same loader as ``kairos check``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import click
import yaml

from kairos.core.build_date import today_utc
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
from kairos.core.story_sources import story_sources
from kairos.core.vocabulary import Term, Vocabulary, load_vocabulary
from kairos.editors import editors_template
from kairos.editors.commands.command_options import (
    CommandError,
    date_option,
    how_to_run_kairos,
    stories_dir_option,
)

MAX_SLUG_LENGTH = 60
MAX_THEMES = 6

#: What a numbered list offers: ``key -> (label, one-line meaning)``, in the order shown.
Choices = Mapping[str, tuple[str, str]]


class NewStoryError(click.UsageError):
    """An answer that cannot go into a story file; the message says what to change (a usage
    error, so that click's prompt shows it and asks again)."""


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
class _Question:
    """One answer ``kairos new`` needs: the field of :class:`NewStory` it fills (or ``slug``),
    the name of its option's value too; else what to ask (a question with no prompt is never
    asked); and its check: text of at most ``longest`` characters, or keys chosen from the
    numbered list of its field, ``at_most`` of them (``noun`` names one in messages)."""

    field: str
    prompt: str = ""
    heading: str = ""  # above the numbered list of a field with choices
    optional: bool = False
    longest: int = 0
    noun: str = ""
    at_most: int | None = None


_QUESTIONS = (
    _Question("title", "Title of the story", longest=120),
    _Question(
        "summary",
        "Summary: one or two sentences for story cards and search results",
        longest=300,
    ),
    _Question(
        "storyteller_name",
        "Storyteller's name, exactly as they consented (a pseudonym or a first name)",
        longest=60,
    ),
    _Question(
        "storyteller_role",
        "Role (number or key)",
        "Who is telling the story?",
        noun="role",
        at_most=1,
    ),
    _Question(
        "themes",
        "Themes (numbers or keys, separated by commas or spaces)",
        f"Themes: choose 1 to {MAX_THEMES}",
        noun="theme",
        at_most=MAX_THEMES,
    ),
    _Question(
        "framework_level",
        "Level (number or key)",
        "Framework level: how far the partnership goes in this story (after Batalden et al. 2016)",
        noun="level",
        at_most=1,
    ),
    _Question(
        "content_notes",
        "Content notes (numbers or keys, separated by commas or spaces; press Enter for none)",
        "Content notes, shown to readers before the story",
        optional=True,
        noun="content note",
    ),
    _Question("slug", optional=True),
    _Question("record", optional=True),
)


@dataclass(frozen=True)
class NewStoryForm:
    """What the answers are checked against in one stories folder."""

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

    def check(self, field: str, answer: str | Iterable[str]) -> object:
        """The value for the file from the answer to ``field`` (typed, or the option's: a
        repeated option gives a tuple), or :class:`NewStoryError`."""
        question = next(q for q in _QUESTIONS if q.field == field)
        if question.noun:
            choices = self.choices[field]
            at_least = 0 if question.optional else 1
            keys = choose_keys(answer, choices, question.noun, at_least, question.at_most)
            return keys[0] if question.at_most == 1 else keys
        answer = cast(str, answer)  # only the options of a choice from a list are repeated
        if question.longest:
            return _text(answer, question.longest)
        if field == "record" and not re.fullmatch(CONSENT_RECORD_PATTERN, answer):
            raise NewStoryError(
                f"found '{answer}'; a record reference is up to 40 letters, digits, '.', '_', "
                "'/' or '-', starting with a letter or digit, e.g. KF-2026-045 (never a name)"
            )
        if field == "slug" and not re.fullmatch(SLUG_PATTERN, answer):
            raise NewStoryError(
                f"found '{answer}'; a slug is lowercase letters, digits and single hyphens, "
                f"e.g. '{self.slug_for(answer)}'"
            )
        if field == "slug" and (free := unique_slug(answer, self.taken)) != answer:
            raise NewStoryError(
                f"'{answer}' is already used by a story and is never reused; choose another, "
                f"e.g. '{free}'"
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
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug or "story"


def _choice_items(answer: str, choices: Choices, labels: dict[str, str]) -> Iterator[str]:
    for item in (part.strip() for part in answer.split(",")):
        words = item.split()
        known = item in choices or item.casefold() in labels
        if len(words) > 1 and not known and all(w.isdigit() or w in choices for w in words):
            yield from words
        elif item:
            yield item


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


def _text(answer: str, limit: int) -> str:
    """Title, summary or name: some text on one line, within the length the format allows."""
    text = answer.strip()
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
    quoted = {key: _quoted(getattr(story, key)) for key in ("title", "summary", "storyteller_name")}
    return editors_template("new_story.md.tmpl").substitute(
        asdict(story),
        **quoted,
        published=story.published.isoformat(),
        themes=_key_list(story.themes),
        content_notes=_key_list(story.content_notes),
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
    """What ``kairos check`` would say about ``text`` as ``<slug>.md``; nothing is written there."""
    with tempfile.TemporaryDirectory(prefix="kairos-new-") as folder:
        draft = Path(folder) / f"{slug}.md"
        draft.write_text(text, encoding="utf-8")
        return load_story(draft, display_path, vocabulary).problems


def _ask(question: _Question, form: NewStoryForm) -> object:
    """Show the numbered list, if any, then prompt until the answer passes the check."""
    if choices := form.choices.get(question.field):
        click.echo(question.heading)
        for number, (key, (label, meaning)) in enumerate(choices.items(), start=1):
            click.echo(f"  {number:>2}. {label} ({key})" + (f": {meaning}" if meaning else ""))
    default = "" if question.optional else None
    check = partial(form.check, question.field)
    return click.prompt(question.prompt, default=default, show_default=False, value_proc=check)


def _answer_problem(problem: Problem, text: str) -> str:
    """A problem in the draft, named by the answer it came from: the file was never written."""
    lines = text.splitlines()
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    key = line.strip().split(":", 1)[0]  # the front-matter key on the line, if an option's
    where = {"title": "--title", "summary": "--summary", "name": "--name"}.get(key, problem.field)
    return f"{where}: {'' if problem.is_error else 'warning: '}{problem.message}"


@click.command()
@click.option("--title", help="The story's title (up to 120 characters).")
@click.option("--summary", help="One or two sentences for story cards (up to 300 characters).")
@click.option(
    "--name",
    "storyteller_name",
    help="The storyteller's name exactly as consented (a pseudonym or a first name).",
)
@click.option(
    "--role",
    "storyteller_role",
    help="Who tells the story: patient, family-member, carer, professional, other.",
)
@click.option(
    "--theme",
    "themes",
    multiple=True,
    help="A theme key from vocabulary.yml; repeat for more (1 to 6).",
)
@click.option(
    "--level",
    "framework_level",
    help="Framework level: civil-discourse, co-planning or co-execution.",
)
@click.option(
    "--content-note",
    "content_notes",
    multiple=True,
    help="A content-note key from vocabulary.yml; repeat for more.",
)
@click.option(
    "--published",
    callback=date_option,
    metavar="YYYY-MM-DD",
    help="Publication date. Default: today (UTC).",
)
@click.option(
    "--slug", help="File name and web address, without .md. Default: made from the title."
)
@click.option(
    "--record",
    default=PLACEHOLDER_RECORD,
    show_default=True,
    help="Reference of the signed consent form, once it is filed offline.",
)
@stories_dir_option()
def new(stories_dir: str, published: dt.date | None, **given: str | tuple[str, ...] | None) -> None:
    """Add a story: write <stories-dir>/<slug>.md with consent pending.

    Asks for whatever the options do not give; a script that gives --title, --summary,
    --name, --role, --theme and --level is never asked anything. The file passes
    'kairos check' and stays unpublished until its consent is granted. An existing file is
    never overwritten. Exit status: 0 written, 1 not written, 2 bad options or no folder.
    """
    folder = Path(stories_dir)
    shown_dir = stories_dir.rstrip("/") or "."
    if not folder.is_dir():
        raise CommandError(
            f"{stories_dir}: no such folder; run kairos new in the anthology's top folder "
            "or give --stories-dir"
        )
    vocabulary, vocabulary_problems = load_vocabulary(folder, shown_dir)
    if any(p.is_error for p in vocabulary_problems) or not vocabulary.themes:
        for problem in vocabulary_problems:
            click.echo(str(problem), err=True)
        raise CommandError(f"fix {shown_dir}/vocabulary.yml first; no story was written", 1)
    form = NewStoryForm.for_folder(vocabulary, [source.slug for source in story_sources(folder)])
    answers: dict[str, Any] = {}
    refused = False  # every option's problem is reported, then nothing is asked or written
    options = {param.name: param.opts[0] for param in click.get_current_context().command.params}
    for question in _QUESTIONS:
        if (value := given[question.field]) not in (None, ()):
            try:
                answers[question.field] = form.check(question.field, value)
            except NewStoryError as error:
                click.echo(f"kairos new: {options[question.field]}: {error}", err=True)
                refused = True
    if refused:
        raise SystemExit(2)
    # Ask for every missing answer; content notes only when asking anyway (and when there are
    # any to choose), so a script that gives every required option is never asked anything.
    asking = any(q.field not in answers for q in _QUESTIONS if not q.optional)
    for question in _QUESTIONS:
        wanted = not question.optional or (asking and form.choices.get(question.field))
        if question.field not in answers and wanted:
            answers[question.field] = _ask(question, form)

    slug = answers.pop("slug", None) or form.slug_for(answers["title"])
    story = NewStory(**answers, published=published or today_utc())
    shown = f"{shown_dir}/{slug}.md"
    text = render_new_story(story)
    if draft_problems := new_story_problems(text, slug, shown, vocabulary):
        for problem in draft_problems:
            click.echo(f"kairos new: {_answer_problem(problem, text)}", err=True)
        raise CommandError("the story would not pass kairos check, so no file was written", 1)
    try:
        with (folder / f"{slug}.md").open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise CommandError(
            f"{shown} already exists and is never overwritten; give another --slug", 1
        ) from None
    click.echo(
        f"Created {shown}\n"
        "Consent is pending, so the story is not published. Next:\n"
        "  1. Replace the placeholder paragraph with the story, as the storyteller approved it.\n"
        "  2. File the signed consent form offline (never in the repository). Then set\n"
        "     consent.record to its reference and consent.status to granted, and add\n"
        "     consent.date, consent.review_by, consent.scope and consent.final_text_approved.\n"
        f"  3. Check it: {how_to_run_kairos()} check {shown}"
    )
