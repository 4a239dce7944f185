"""What ``kairos diff`` prints: the publication diff as text, JSON or Markdown for GitHub.

Every format opens with the same headlines ("1 story will be published"), so a reviewer reads
what an editor sees. Markdown and JSON leave the editor's machine: their problems are
:meth:`~kairos.core.problems.Problem.masked` and a title the identifier scan flags is
``[masked]``; the text report shows both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kairos.core.problems import masked_if_identifying, plural
from kairos.editors.reports.publication_diff import (
    BuildDateChange,
    CollectionChange,
    PageChange,
    PublicationDiff,
    StoryChange,
)

DiffFormat = Literal["text", "json", "markdown"]

PRIVACY_NOTE = (
    "Titles of held-back stories are shown because the source repository is private; the text "
    "of a story is only shown when it is published, and a problem shows what may identify "
    "someone as [masked] (`kairos check` shows it on the editor's machine)."
)


def _stories(count: int) -> str:
    return plural(count, "story", "stories")


def headlines(diff: PublicationDiff) -> list[str]:
    """One sentence per kind of change (or one saying readers see none), then the problems."""
    lines = []
    if diff.build_date_change:
        lines.append(_date_headline(diff.build_date_change))
    if diff.published:
        lines.append(f"{_stories(len(diff.published))} will be published")
    if diff.withdrawn:
        lines.append(f"{_stories(len(diff.withdrawn))} will be withdrawn")
    if diff.held_back:
        reasons = diff.held_back_reasons
        why = (
            next(iter(reasons))
            if len(reasons) == 1
            else ", ".join(f"{reason} {count}" for reason, count in reasons.items())
        )
        lines.append(f"{_stories(len(diff.held_back))} will be held back ({why})")
    if diff.deleted:
        lines.append(f"{plural(len(diff.deleted), 'story file')} will be deleted")
    if diff.changed:
        lines.append(
            f"{plural(len(diff.changed), 'published story', 'published stories')} will change"
        )
    if diff.pages:
        lines.append(f"{plural(len(diff.pages), 'theme, level or role page')} will change")
    if diff.collections:
        lines.append(f"{plural(len(diff.collections), 'teaching collection')} will change")
    lines = lines or ["No change for readers"]
    if diff.new_problems:
        lines.append(f"{plural(len(diff.new_problems), 'new problem')} to fix")
    if diff.fixed_problems:
        lines.append(f"{plural(diff.fixed_problems, 'problem')} fixed")
    return lines


def _pin(value: str | None) -> str:
    return f"pinned to {value}" if value else "not set"


def _date_headline(change: BuildDateChange) -> str:
    line = f"The build date changes: {_pin(change.after)} (was {_pin(change.before)})"
    effects = []
    if change.published:
        effects.append(f"publishes {_stories(len(change.published))}")
    if change.held_back:
        effects.append(f"holds back {_stories(len(change.held_back))}")
    return line + (f"; it {' and '.join(effects)}" if effects else "")


def _date_lines(change: BuildDateChange) -> list[str]:
    """What the change of build date does, in plain sentences (the stories apart)."""
    where = change.config_path + (f":{change.line}" if change.line else "")
    lines = [f"{where}: build_date: {_pin(change.after)}, was {_pin(change.before)}."]
    if change.judged_on is None or change.instead_of is None:
        lines.append("A pinned build_date that is not a date (YYYY-MM-DD) fails the build.")
    else:
        lines.append(
            "A site built from this change is judged on "
            f"{change.judged_on.isoformat()} instead of {change.instead_of.isoformat()}"
            + ("" if change.after else " (unpinned, it is the day of the build)")
            + "."
        )
    if change.after:
        lines.append(
            "The deploy ignores a pinned build_date and judges on the day it runs; "
            "kairos check warns while one is set. Remove it unless previewing another day."
        )
    return lines


def _date_sections(change: BuildDateChange) -> list[tuple[str, Sequence[StoryChange]]]:
    assert change.judged_on is not None or not (change.published or change.held_back)
    day = change.judged_on.isoformat() if change.judged_on else ""
    return [
        (f"Published on {day} by the build date", change.published),
        (f"Held back on {day} by the build date", change.held_back),
    ]


def _was(change: StoryChange) -> str:
    if change.before == "no file":
        return "new file"
    return "was " + change.before


def _deleted_note(change: StoryChange) -> str:
    if change.was_on_site:
        return "was published; it comes off the site, and its address could be reused"
    return f"was {change.before}; keep a withdrawn tombstone rather than deleting"


def _sections(diff: PublicationDiff) -> list[tuple[str, Sequence[StoryChange]]]:
    return [
        ("Will be published", diff.published),
        ("Will be withdrawn", diff.withdrawn),
        ("Will be held back", diff.held_back),
        ("Story files deleted", diff.deleted),
        ("Published stories that change", diff.changed),
    ]


def _story_note(heading: str, change: StoryChange) -> str:
    if heading == "Story files deleted":
        return _deleted_note(change)
    if heading == "Published stories that change":
        return "changes: " + ", ".join(change.changed_fields)
    note = change.reason if change.reason and heading == "Will be held back" else ""
    was = _was(change)
    if change.was_on_site:
        was += "; it comes off the site"
    return f"{note}; {was}" if note else was


def _page_count(page: PageChange, arrow: str) -> str:
    if page.before == page.after:
        return f"{_stories(page.after)}, one or more of them changes"
    return f"{page.before} {arrow} {_stories(page.after)}"


def _collection_note(change: CollectionChange) -> str:
    """What happens to a collection's page and pack, in one line."""
    moved = change.before != change.after
    note = f"{change.before} → {change.after}" if moved else "changes"
    if change.changed_fields:
        note += f" ({', '.join(change.changed_fields)})"
    return note


def _pack_lines(change: CollectionChange) -> list[str]:
    """The stories the collection's public pack gains, loses, or prints anew."""
    lines = []
    for label, slugs in (
        ("pack gains", change.gains),
        ("pack loses", change.loses),
        ("story changes in the pack", change.changed_stories),
    ):
        lines += [f"{label}: {slug}" for slug in slugs]
    return lines


# Markdown, for a pull request's job summary and comment.

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")


def _md(text: str) -> str:
    """Plain text that stays plain in GitHub Markdown: no markup, no links, no @mentions."""
    escaped = html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)
    return escaped.replace("@", "&#64;").replace("\n", " ")


def _code(text: str) -> str:
    """Text inside a code span (paths, revisions), which cannot hold a backtick."""
    return "`" + text.replace("`", "'") + "`"


def code_fence(lines: Sequence[str]) -> str:
    """The backticks that open and close a Markdown code block holding ``lines``."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


@dataclass(frozen=True)
class _Style:
    """How the text report (for a terminal) and the Markdown one write the same parts."""

    markdown: bool

    def heading(self, text: str) -> list[str]:
        return ["", f"#### {text}", ""] if self.markdown else ["", text]

    def item(self, text: str) -> str:
        return f"- {text}" if self.markdown else f"  {text}"

    def plain(self, text: str) -> str:
        return _md(text) if self.markdown else text

    def code(self, text: str) -> str:
        return _code(text) if self.markdown else text

    def title(self, title: str | None, *, mask: bool = False) -> str:
        """A story's or collection's title after its path; masked in a story's Markdown."""
        if not title:
            return ""
        if not self.markdown:
            return f' "{title}"'
        return f" {_md(masked_if_identifying(title) if mask else title)}"


def _text_diff(change: StoryChange, markdown: bool) -> list[str]:
    """What readers will see change in a published story, under its line."""
    cut = [f"({plural(change.text_diff_cut, 'more line')} not shown)"] * bool(change.text_diff_cut)
    if not markdown:
        return [f"    {line}" for line in [*change.text_diff, *cut]]
    if not change.text_diff:
        return []
    fence = code_fence(change.text_diff)
    return [
        "",
        "  <details><summary>What readers will see change</summary>",
        "",
        f"  {fence}diff",
        *(f"  {line}" for line in [*change.text_diff, fence, *cut]),
        "",
        "  </details>",
    ]


def _report(diff: PublicationDiff, s: _Style) -> str:
    date, before = diff.build_date.isoformat(), _stories(diff.published_before)
    if s.markdown:
        lines = [
            "### What this change does to the public site",
            "",
            f"Site built on **{date}**, {_code(diff.base)} → {_code(diff.head)}: {before} "
            f"published before, {diff.published_after} after.",
            "",
            *(f"- **{line}**" for line in headlines(diff)),
        ]
    else:
        opening = f"Site built on {date}, {diff.base} -> {diff.head}: {before} published before"
        lines = [f"{opening}, {diff.published_after} after", *headlines(diff)]
    if diff.build_date_change:
        lines += s.heading("Build date")
        lines += [s.item(s.plain(line)) for line in _date_lines(diff.build_date_change)]
        for heading, changes in _date_sections(diff.build_date_change):
            lines += [
                s.item(f"{s.plain(heading)}: {s.code(c.path)}{s.title(c.title)}")
                + f" ({s.plain(_was(c))})"
                for c in changes
            ]
    for heading, changes in _sections(diff):
        if changes:
            lines += s.heading(f"{heading} ({len(changes)})")
        for change in changes:
            title, note = s.title(change.title, mask=True), s.plain(_story_note(heading, change))
            lines.append(s.item(f"{s.code(change.path)}{title}: {note}"))
            lines += _text_diff(change, s.markdown)
    if diff.pages:
        lines += s.heading(f"Pages that change ({len(diff.pages)})")
        arrow = "→" if s.markdown else "->"
        lines += [
            s.item(f"{s.code(page.url)} ({s.plain(page.label)}): {_page_count(page, arrow)}")
            for page in diff.pages
        ]
    if diff.collections:
        lines += s.heading(f"Teaching collections that change ({len(diff.collections)})")
        for c in diff.collections:
            note = s.plain(_collection_note(c))
            lines.append(s.item(f"{s.code(c.path)}{s.title(c.title)}: {note}"))
            lines += [
                f"  - {s.plain(line)}" if s.markdown else f"    {line}" for line in _pack_lines(c)
            ]
    if diff.new_problems and s.markdown:
        problems = [str(problem.masked()) for problem in diff.new_problems]
        fence = code_fence(problems)
        lines += [*s.heading(f"New problems ({len(problems)})"), f"{fence}text", *problems, fence]
    elif diff.new_problems:
        lines += s.heading(f"New problems ({len(diff.new_problems)})")
        lines += [f"  {problem}" for problem in diff.new_problems]
    if s.markdown:
        lines += ["", f"<sub>{PRIVACY_NOTE}</sub>"]
    return "\n".join(lines) + "\n"


# JSON, for tools.


def _json_report(diff: PublicationDiff) -> dict[str, Any]:
    def changes(items: Sequence[StoryChange]) -> list[dict[str, Any]]:
        return [
            dataclasses.asdict(change)
            | {"title": change.title and masked_if_identifying(change.title)}
            for change in items
        ]

    return {
        "build_date": diff.build_date.isoformat(),
        "base": diff.base,
        "head": diff.head,
        "published_before": diff.published_before,
        "published_after": diff.published_after,
        "headlines": headlines(diff),
        "published": changes(diff.published),
        "withdrawn": changes(diff.withdrawn),
        "held_back": changes(diff.held_back),
        "held_back_reasons": diff.held_back_reasons,
        "deleted": changes(diff.deleted),
        "changed": changes(diff.changed),
        "pages": [{**dataclasses.asdict(page), "url": page.url} for page in diff.pages],
        "collections": [dataclasses.asdict(change) for change in diff.collections],
        "new_problems": [problem.masked().as_json() for problem in diff.new_problems],
        "fixed_problems": diff.fixed_problems,
        "build_date_change": (
            dataclasses.asdict(diff.build_date_change)
            | {
                "judged_on": _iso(diff.build_date_change.judged_on),
                "instead_of": _iso(diff.build_date_change.instead_of),
            }
            if diff.build_date_change
            else None
        ),
    }


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def render_diff_report(diff: PublicationDiff, diff_format: DiffFormat) -> str:
    """The whole report, ending in a newline."""
    if diff_format == "json":
        return json.dumps(_json_report(diff), indent=2, ensure_ascii=False) + "\n"
    return _report(diff, _Style(markdown=diff_format == "markdown"))
