"""``kairos new``: a story file with consent pending, from prompts or options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kairos.core.build_date import today_utc
from kairos.core.problems import Problem
from kairos.core.story_rules import PLACEHOLDER_RECORD
from kairos.core.story_sources import story_sources
from kairos.core.vocabulary import load_vocabulary
from kairos.editors.commands.command_options import (
    CommandError,
    date_option,
    how_to_run_kairos,
    stories_dir_option,
)
from kairos.editors.project.story_template import (
    MAX_THEMES,
    NewStory,
    NewStoryError,
    NewStoryForm,
    new_story_problems,
    render_new_story,
)


@dataclass(frozen=True)
class _Question:
    """One answer ``kairos new`` needs: the field of :class:`NewStory` it fills (and the method
    of :class:`NewStoryForm` that checks it), the option that gives it, else what to ask (a
    question with no prompt is never asked)."""

    field: str
    option: str
    prompt: str = ""
    heading: str = ""  # above the numbered list of a field with choices
    optional: bool = False


_QUESTIONS = (
    _Question("title", "--title", "Title of the story"),
    _Question(
        "summary", "--summary", "Summary: one or two sentences for story cards and search results"
    ),
    _Question(
        "storyteller_name",
        "--name",
        "Storyteller's name, exactly as they consented (a pseudonym or a first name)",
    ),
    _Question("storyteller_role", "--role", "Role (number or key)", "Who is telling the story?"),
    _Question(
        "themes",
        "--theme",
        "Themes (numbers or keys, separated by commas or spaces)",
        f"Themes: choose 1 to {MAX_THEMES}",
    ),
    _Question(
        "framework_level",
        "--level",
        "Level (number or key)",
        "Framework level: how far the partnership goes in this story (after Batalden et al. 2016)",
    ),
    _Question(
        "content_notes",
        "--content-note",
        "Content notes (numbers or keys, separated by commas or spaces; press Enter for none)",
        "Content notes, shown to readers before the story",
        optional=True,
    ),
    _Question("slug", "--slug", optional=True),
    _Question("record", "--record", optional=True),
)


def _ask(question: _Question, form: NewStoryForm) -> object:
    """Show the numbered list, if any, then prompt until the answer passes the check."""
    if choices := form.choices.get(question.field):
        click.echo(question.heading)
        for number, (key, (label, meaning)) in enumerate(choices.items(), start=1):
            click.echo(f"  {number:>2}. {label} ({key})" + (f": {meaning}" if meaning else ""))
    check = getattr(form, question.field)

    def value_proc(answer: str) -> object:
        try:
            return check(answer)
        except NewStoryError as error:
            raise click.UsageError(str(error)) from None

    default = "" if question.optional else None
    return click.prompt(question.prompt, default=default, show_default=False, value_proc=value_proc)


# The front-matter key on a line of the new file, and the option that gave its value.
_OPTION_FOR_KEY = {"title": "--title", "summary": "--summary", "name": "--name"}


def _answer_problem(problem: Problem, text: str) -> str:
    """A problem in the draft, named by the answer it came from: the file was never written."""
    lines = text.splitlines()
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    where = _OPTION_FOR_KEY.get(line.strip().split(":", 1)[0], problem.field)
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
    for question in _QUESTIONS:
        if (value := given[question.field]) not in (None, ()):
            try:
                answers[question.field] = getattr(form, question.field)(value)
            except NewStoryError as error:
                click.echo(f"kairos new: {question.option}: {error}", err=True)
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
    draft_problems = new_story_problems(text, slug, shown, vocabulary)
    if draft_problems:
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
