"""A teaching pack: cover, session plan, facilitator notes, each story, support, as a PDF.

A :class:`~kairos.core.teaching.TeachingCollection` and the site's words in, Typst source out
(:func:`pack_source`, pure), then a tagged PDF (:func:`pack_pdf`). Only the stories the
collection's verdicts allow are printed; every string an editor wrote goes through
:mod:`kairos.pack.typst_text`. Headings give the PDF its structure (the collection's title,
then one second-level heading per part and per story) and its bookmarks.

Typst (the ``typst`` wheel bundles its compiler: no browser, no system library, nothing for
``make serve`` to install) writes tagged PDF with the document's title and language; PDF/UA-1
makes it check what that standard requires (a title, alt text, no skipped heading levels)
and fail rather than write a pack that is not accessible. System fonts are ignored, so that
the same source gives the same pack on every machine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.resources import files
from string import Template

import typst

from kairos.core.reader_labels import (
    ROLES,
    count_text,
    long_date,
    reading_minutes,
    reading_time_text,
)
from kairos.core.teaching import TeachingCollection, TeachingStory
from kairos.core.vocabulary import Vocabulary
from kairos.pack.typst_text import markdown_to_typst, markup_text, string_literal


@dataclass(frozen=True)
class PackSettings:
    """The site's words a pack prints."""

    site_name: str
    organisation: str
    support: str
    build_date: dt.date
    #: The site's address (``https://example.org/kairos/``); None: no links to the site.
    site_url: str | None = None
    support_url: str | None = None
    language: str = "en"


class PackCompileError(RuntimeError):
    """Typst refused the source (a bug in the pack's markup: every editor's string is escaped)."""


def _page_url(settings: PackSettings, path: str) -> str | None:
    return None if not settings.site_url else settings.site_url.rstrip("/") + "/" + path


def _link(url: str) -> str:
    return f"#link({string_literal(url)})[{markup_text(url)}]"


def _preamble(collection: TeachingCollection, settings: PackSettings) -> str:
    date = settings.build_date
    footer = markup_text(f"{collection.collection.title} · built {long_date(date)}")
    template = Template(files("kairos.pack").joinpath("pack_preamble.typ.tmpl").read_text("utf-8"))
    return template.substitute(
        title=string_literal(f"{collection.collection.title}: a teaching pack"),
        author=string_literal(settings.organisation),
        description=string_literal(collection.collection.summary),
        year=date.year,
        month=date.month,
        day=date.day,
        language=string_literal(settings.language),
        footer=footer,
    )


def _facts(rows: list[tuple[str, str]]) -> str:
    cells = ", ".join(f"[*{markup_text(k)}*], [{v}]" for k, v in rows)
    return f"#grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.6em, {cells})\n"


def _box(content: str) -> str:
    return f"#block(width: 100%, inset: 10pt, stroke: 0.75pt + black, radius: 2pt)[{content}]\n"


def _cover(collection: TeachingCollection, settings: PackSettings) -> str:
    c = collection.collection
    collection_url = _page_url(settings, f"teaching/{collection.slug}/")
    built = long_date(settings.build_date)
    facts = _facts(
        [
            ("Audience", markup_text(c.audience)),
            ("Time needed", markup_text(c.time_needed)),
            ("Stories", markup_text(count_text(len(collection.stories)))),
            ("Organisation", markup_text(settings.organisation)),
            ("Built on", markup_text(built)),
        ]
    )
    if collection.private:
        notice = f"*{markup_text('For private use only.')}* " + markup_text(
            f"This pack was made on {built} with kairos pack for one teaching session. It may "
            "hold stories whose storytellers agreed to teaching but not to the website: do not "
            "share it, put it online or print it for anyone outside the session, and destroy "
            "printed copies afterwards."
        )
    else:
        where = f" on the site ({_link(collection_url)})" if collection_url else " on the site"
        notice = (
            markup_text(
                f"Built on {built} from the stories whose storytellers' consent allowed "
                "teaching that day. A storyteller may withdraw their story at any time: before "
                "you use a printed copy, check the collection"
            )
            + where
            + markup_text(
                ", and leave out any story that is no longer there. Do not keep printed "
                "copies after the session."
            )
        )
    return (
        f'#text(size: 11pt, weight: "bold")[{markup_text("Teaching pack")}]\n\n'
        f"#heading(level: 1)[{markup_text(c.title)}]\n\n"
        f"#text(size: 13pt)[{markup_text(c.summary)}]\n\n"
        "#v(1.5em)\n"
        + facts
        + "#v(1fr)\n"
        + _box(notice)
        + f"\n#text(size: 9pt)[{markup_text(settings.site_name)}]\n\n#pagebreak()\n\n"
    )


def _session_plan(collection: TeachingCollection) -> str:
    c = collection.collection
    outcomes = ", ".join(f"[{markup_text(o)}]" for o in c.learning_outcomes)
    stories = ", ".join(
        f"[{markup_text(entry.story.title)} "
        f"({markup_text(reading_time_text(reading_minutes(entry.body)))})]"
        for entry in collection.stories
    )
    return (
        f"#heading(level: 2)[{markup_text('Session plan')}]\n\n"
        + _facts([("Audience", markup_text(c.audience)), ("Time", markup_text(c.time_needed))])
        + f"\n#heading(level: 3)[{markup_text('Learning outcomes')}]\n\n"
        + markup_text("By the end of the session, participants will be able to:")
        + f"\n\n#enum({outcomes})\n\n"
        + f"#heading(level: 3)[{markup_text('The stories, in order')}]\n\n"
        + f"#enum({stories})\n\n"
        + f"#heading(level: 2)[{markup_text('Facilitator notes')}]\n\n"
        + markdown_to_typst(collection.facilitator_notes, heading_level=3)
        + "\n"
    )


def _questions(title: str, questions: list[str] | None) -> str:
    if not questions:
        return ""
    items = ", ".join(f"[{markup_text(q)}]" for q in questions)
    return f"#heading(level: 3)[{markup_text(title)}]\n\n#list({items})\n\n"


def _story(entry: TeachingStory, vocabulary: Vocabulary, settings: PackSettings) -> str:
    story = entry.story
    notes = [
        vocabulary.content_notes[k].label if k in vocabulary.content_notes else k
        for k in story.content_notes
    ]
    parts = [f"#pagebreak(weak: true)\n#heading(level: 2)[{markup_text(story.title)}]\n\n"]
    if notes:
        parts.append(_box(markup_text("Content notes: " + ", ".join(notes) + ".")) + "\n")
    role = ROLES[story.storyteller.role].singular
    told = f"Told by {story.storyteller.name} ({role}). Published {long_date(story.published)}."
    if story.fictional:
        told += " An illustrative story, not one person's account."
    parts.append(f"#emph[{markup_text(told)}]\n\n")
    parts.append(markdown_to_typst(entry.body, heading_level=3) + "\n")
    parts.append(_questions("Reflection questions", story.reflection))
    parts.append(_questions("Discussion questions for this session", entry.entry.discussion))
    published_here = entry.judged.verdict.published
    url = _page_url(settings, f"stories/{entry.slug}/") if published_here else None
    source = f"{story.storyteller.name}, “{story.title}”, {settings.site_name}"
    if published_here:
        reuse = (
            "Reuse: read, discuss and quote it in teaching, naming the storyteller as above; "
            "do not change the words or publish it elsewhere. The site holds the current text."
        )
    else:
        reuse = (
            "Not on the site: the storyteller agreed to teaching only. Use it in this session "
            "and nowhere else; do not copy, quote in writing or publish it."
        )
    cite = markup_text(f"Cite as: {source}, {story.published.year}.")
    cite_line = cite + (f" {_link(url)}" if url else "")
    parts.append(
        f"#block(above: 1.4em)[#set text(size: 9pt); {cite_line} #linebreak() "
        f"{markup_text(reuse)}]\n\n"
    )
    return "".join(parts)


def _support(settings: PackSettings) -> str:
    support = markup_text(settings.support)
    if settings.support_url:
        support = f"#link({string_literal(settings.support_url)})[{support}]"
    return (
        f"#pagebreak(weak: true)\n#heading(level: 2)[{markup_text('Support')}]\n\n"
        + markup_text(
            "These are real experiences, and they can bring up memories and feelings, for "
            "participants and for the facilitator. Anyone may step out at any time."
        )
        + f"\n\n{support}\n\n"
        + markup_text(
            f"Thank you to every storyteller who agreed that their story may be used to "
            f"teach. This pack was built by {settings.organisation} on "
            f"{long_date(settings.build_date)}."
        )
        + "\n"
    )


def pack_source(
    collection: TeachingCollection, vocabulary: Vocabulary, settings: PackSettings
) -> str:
    """The whole pack as Typst source, holding only the stories the verdicts allow."""
    return (
        _preamble(collection, settings)
        + _cover(collection, settings)
        + _session_plan(collection)
        + "".join(_story(entry, vocabulary, settings) for entry in collection.stories)
        + _support(settings)
    )


def pack_pdf(
    collection: TeachingCollection, vocabulary: Vocabulary, settings: PackSettings
) -> bytes:
    """The pack as a PDF dated on the build date (so a rebuild on the same day is identical)."""
    stamp = int(dt.datetime.combine(settings.build_date, dt.time(), dt.UTC).timestamp())
    try:
        pdf = typst.compile(
            pack_source(collection, vocabulary, settings).encode("utf-8"),
            format="pdf",
            ignore_system_fonts=True,
            pdf_standards="ua-1",
            timestamp=stamp,
        )
    except Exception as error:  # typst raises its own error types, not exported
        raise PackCompileError(f"Typst could not build the pack: {error}") from error
    assert isinstance(pdf, bytes)
    return pdf
