"""What ``kairos diff`` prints: the publication diff as text, JSON or Markdown for GitHub.

Every format opens with the same headlines ("1 story will be published"), so a reviewer reads
what an editor sees. Markdown and JSON leave the editor's machine: their problems are
:meth:`~kairos.core.problems.Problem.masked` and a title the identifier scan flags is
``[masked]``; the text report shows both.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable, Sequence
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
    lines = [_date_headline(diff.build_date_change)] if diff.build_date_change else []
    reasons = diff.held_back_reasons
    why = ", ".join(f"{reason} {count}" for reason, count in reasons.items())
    if len(reasons) == 1:  # one reason is named, several are counted
        why = next(iter(reasons))
    for changes, noun, nouns, what in (
        (diff.published, "story", "stories", "will be published"),
        (diff.withdrawn, "story", "stories", "will be withdrawn"),
        (diff.held_back, "story", "stories", f"will be held back ({why})"),
        (diff.deleted, "story file", None, "will be deleted"),
        (diff.changed, "published story", "published stories", "will change"),
        (diff.pages, "theme, level or role page", None, "will change"),
        (diff.collections, "teaching collection", None, "will change"),
    ):
        if changes:
            lines.append(f"{plural(len(changes), noun, nouns)} {what}")
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


def _was(change: StoryChange) -> str:
    return "new file" if change.before == "no file" else "was " + change.before


def _moved(change: StoryChange) -> str:
    return _was(change) + ("; it comes off the site" if change.was_on_site else "")


def _deleted(change: StoryChange) -> str:
    if change.was_on_site:
        return "was published; it comes off the site, and its address could be reused"
    return f"was {change.before}; keep a withdrawn tombstone rather than deleting"


def _sections(
    diff: PublicationDiff,
) -> list[tuple[str, Sequence[StoryChange], Callable[[StoryChange], str]]]:
    """Each list of stories: its heading, and what is said after each story's path."""
    return [
        ("Will be published", diff.published, _moved),
        ("Will be withdrawn", diff.withdrawn, _moved),
        ("Will be held back", diff.held_back, lambda change: f"{change.reason}; {_moved(change)}"),
        ("Story files deleted", diff.deleted, _deleted),
        (
            "Published stories that change",
            diff.changed,
            lambda c: "changes: " + ", ".join(c.changed_fields),
        ),
    ]


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


def _text_diff(change: StoryChange, markdown: bool) -> str:
    """What readers will see change in a published story, as the lines under its own."""
    cut = [f"({plural(change.text_diff_cut, 'more line')} not shown)"] * bool(change.text_diff_cut)
    if not markdown:
        return "".join(f"\n    {line}" for line in [*change.text_diff, *cut])
    if not change.text_diff:
        return ""
    fence = code_fence(change.text_diff)
    return "\n".join(
        [
            "",
            "",
            "  <details><summary>What readers will see change</summary>",
            "",
            f"  {fence}diff",
            *(f"  {line}" for line in [*change.text_diff, fence, *cut]),
            "",
            "  </details>",
        ]
    )


def _report(diff: PublicationDiff, markdown: bool) -> str:
    """The text report (for a terminal) or the Markdown one: the same parts, each written for
    its reader."""
    date, before = diff.build_date.isoformat(), _stories(diff.published_before)
    if markdown:
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

    def plain(text: str) -> str:
        return _md(text) if markdown else text

    def named(path: str, title: str | None) -> str:
        """A path and its title, which Markdown masks when it may identify someone."""
        if markdown:
            return _code(path) + (f" {_md(masked_if_identifying(title))}" if title else "")
        return path + (f' "{title}"' if title else "")

    def section(heading: str, items: Sequence[str]) -> None:
        """A heading, then one line per item (an item may hold the lines under it)."""
        lines.extend(["", f"#### {heading}", ""] if markdown else ["", heading])
        lines.extend(("- " if markdown else "  ") + item for item in items)

    if change := diff.build_date_change:
        day = change.judged_on.isoformat() if change.judged_on else ""
        moved = [("Published", c) for c in change.published]
        moved += [("Held back", c) for c in change.held_back]
        section(
            "Build date",
            [plain(line) for line in _date_lines(change)]
            + [
                f"{verb} on {day} by the build date: {named(c.path, c.title)} ({plain(_was(c))})"
                for verb, c in moved
            ],
        )
    for heading, changes, note in _sections(diff):
        if changes:
            section(
                f"{heading} ({len(changes)})",
                [
                    f"{named(c.path, c.title)}: {plain(note(c))}{_text_diff(c, markdown)}"
                    for c in changes
                ],
            )
    if diff.pages:
        arrow = "→" if markdown else "->"
        section(
            f"Pages that change ({len(diff.pages)})",
            [
                f"{named(p.url, None)} ({plain(p.label)}): {_page_count(p, arrow)}"
                for p in diff.pages
            ],
        )
    if diff.collections:
        pack = "\n  - " if markdown else "\n    "
        section(
            f"Teaching collections that change ({len(diff.collections)})",
            [
                f"{named(c.path, c.title)}: {plain(_collection_note(c))}"
                + "".join(pack + plain(line) for line in _pack_lines(c))
                for c in diff.collections
            ],
        )
    if diff.new_problems and markdown:
        problems = [str(problem.masked()) for problem in diff.new_problems]
        fence = code_fence(problems)
        section(f"New problems ({len(problems)})", [])
        lines += [f"{fence}text", *problems, fence]
    elif diff.new_problems:
        section(f"New problems ({len(diff.new_problems)})", [str(p) for p in diff.new_problems])
    if markdown:
        lines += ["", f"<sub>{PRIVACY_NOTE}</sub>"]
    return "\n".join(lines) + "\n"


# JSON, for tools.


def _json_report(diff: PublicationDiff) -> dict[str, Any]:
    def masked(changes: Sequence[StoryChange | CollectionChange]) -> list[dict[str, Any]]:
        """The changes, each title the identifier scan flags ``[masked]``."""
        return [
            dataclasses.asdict(change)
            | {"title": change.title and masked_if_identifying(change.title)}
            for change in changes
        ]

    date_change = diff.build_date_change
    return {
        "build_date": diff.build_date,
        "base": diff.base,
        "head": diff.head,
        "published_before": diff.published_before,
        "published_after": diff.published_after,
        "headlines": headlines(diff),
        "published": masked(diff.published),
        "withdrawn": masked(diff.withdrawn),
        "held_back": masked(diff.held_back),
        "held_back_reasons": diff.held_back_reasons,
        "deleted": masked(diff.deleted),
        "changed": masked(diff.changed),
        "pages": [dataclasses.asdict(page) | {"url": page.url} for page in diff.pages],
        "collections": masked(diff.collections),
        "new_problems": [problem.masked().as_json() for problem in diff.new_problems],
        "fixed_problems": diff.fixed_problems,
        "build_date_change": date_change
        and dataclasses.asdict(date_change)
        | {"published": masked(date_change.published), "held_back": masked(date_change.held_back)},
    }


def render_diff_report(diff: PublicationDiff, diff_format: DiffFormat) -> str:
    """The whole report, ending in a newline."""
    if diff_format == "json":
        # default=str writes dates as YYYY-MM-DD
        return json.dumps(_json_report(diff), indent=2, ensure_ascii=False, default=str) + "\n"
    return _report(diff, markdown=diff_format == "markdown")
