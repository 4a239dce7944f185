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
from collections.abc import Sequence
from typing import Any, Literal

from kairos.core.problems import masked_if_identifying, plural
from kairos.editors.reports.publication_diff import (
    CollectionChange,
    PublicationDiff,
    StoryChange,
    date_sentences,
)

DiffFormat = Literal["text", "json", "markdown"]

PRIVACY_NOTE = (
    "Titles of held-back stories are shown because the source repository is private; the text "
    "of a story is only shown when it is published, and a problem shows what may identify "
    "someone as [masked] (`kairos check` shows it on the editor's machine)."
)


def _was(change: StoryChange) -> str:
    return "new file" if change.before == "no file" else "was " + change.before


def _story_note(heading: str, change: StoryChange) -> str:
    """What is said after a story's path in the list under ``heading``."""
    if heading == "Published stories that change":
        return "changes: " + ", ".join(change.changed_fields)
    if heading == "Story files deleted" and change.was_on_site:
        return "was published; it comes off the site, and its address could be reused"
    if heading == "Story files deleted":
        return f"was {change.before}; keep a withdrawn tombstone rather than deleting"
    note = _was(change) + ("; it comes off the site" if change.was_on_site else "")
    return f"{change.reason}; {note}" if heading == "Will be held back" else note


def _collection_lines(change: CollectionChange) -> tuple[str, list[str]]:
    """What happens to a collection's page, in one line, and the stories its public pack
    gains, loses, or prints anew, one a line."""
    note = f"{change.before} → {change.after}" if change.before != change.after else "changes"
    if change.changed_fields:
        note += f" ({', '.join(change.changed_fields)})"
    packs = {"pack gains": change.gains, "pack loses": change.loses}
    packs["story changes in the pack"] = change.changed_stories
    return note, [f"{label}: {slug}" for label, slugs in packs.items() for slug in slugs]


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


def _report(diff: PublicationDiff, markdown: bool) -> str:
    """The text report (for a terminal) or the Markdown one: the same parts, each written for
    its reader."""
    date, before = diff.build_date.isoformat(), plural(diff.published_before, "story", "stories")
    if markdown:
        lines = [
            "### What this change does to the public site",
            "",
            f"Site built on **{date}**, {_code(diff.base)} → {_code(diff.head)}: {before} "
            f"published before, {diff.published_after} after.",
            "",
            *(f"- **{line}**" for line in diff.headlines),
        ]
    else:
        opening = f"Site built on {date}, {diff.base} -> {diff.head}: {before} published before"
        lines = [f"{opening}, {diff.published_after} after", *diff.headlines]

    def plain(text: str) -> str:
        return _md(text) if markdown else text

    def named(path: str, title: str | None) -> str:
        """A path and its title, which Markdown masks when it may identify someone."""
        if markdown:
            return _code(path) + (f" {_md(masked_if_identifying(title))}" if title else "")
        return path + (f' "{title}"' if title else "")

    def heading(text: str, items: Sequence[object]) -> None:
        """A section's heading, with how many items it lists; no section for no item."""
        if items:
            shown = f"{text} ({len(items)})"
            lines.extend(["", f"#### {shown}", ""] if markdown else ["", shown])

    def item(text: str, *under: str) -> None:
        lines.extend([("- " if markdown else "  ") + text, *under])

    if change := diff.build_date_change:
        lines.extend(["", "#### Build date", ""] if markdown else ["", "Build date"])
        for line in date_sentences(change):
            item(plain(line))
        day = change.judged_on.isoformat() if change.judged_on else ""
        for verb, stories in (("Published", change.published), ("Held back", change.held_back)):
            for c in stories:
                was = plain(_was(c))
                item(f"{verb} on {day} by the build date: {named(c.path, c.title)} ({was})")
    for title, changes in (
        ("Will be published", diff.published),
        ("Will be withdrawn", diff.withdrawn),
        ("Will be held back", diff.held_back),
        ("Story files deleted", diff.deleted),
        ("Published stories that change", diff.changed),
    ):
        heading(title, changes)
        for c in changes:
            note = plain(_story_note(title, c))
            item(f"{named(c.path, c.title)}: {note}", *_text_diff(c, markdown))
    heading("Pages that change", diff.pages)
    arrow = "→" if markdown else "->"
    for page in diff.pages:
        count = plural(page.after, "story", "stories")
        if page.before == page.after:
            count += ", one or more of them changes"
        else:
            count = f"{page.before} {arrow} {count}"
        item(f"{named(page.url, None)} ({plain(page.label)}): {count}")
    heading("Teaching collections that change", diff.collections)
    for collection in diff.collections:
        note, pack = _collection_lines(collection)
        pack = [f"  - {_md(line)}" if markdown else f"    {line}" for line in pack]
        item(f"{named(collection.path, collection.title)}: {plain(note)}", *pack)
    heading("New problems", diff.new_problems)
    if markdown and diff.new_problems:
        problems = [str(problem.masked()) for problem in diff.new_problems]
        fence = code_fence(problems)
        lines += [f"{fence}text", *problems, fence]
    elif not markdown:
        lines += [f"  {problem}" for problem in diff.new_problems]
    if markdown:
        lines += ["", f"<sub>{PRIVACY_NOTE}</sub>"]
    return "\n".join(lines) + "\n"


# JSON, for tools: the diff field by field.


def _masked_titles(fields: list[tuple[str, Any]]) -> dict[str, Any]:
    """A change as JSON, its title ``[masked]`` when the identifier scan flags it."""
    return {k: masked_if_identifying(v) if k == "title" and v else v for k, v in fields}


def _json_report(diff: PublicationDiff) -> dict[str, Any]:
    problems = [problem.masked().as_json() for problem in diff.new_problems]
    return dataclasses.asdict(diff, dict_factory=_masked_titles) | {"new_problems": problems}


def render_diff_report(diff: PublicationDiff, diff_format: DiffFormat) -> str:
    """The whole report, ending in a newline."""
    if diff_format == "json":
        # default=str writes dates as YYYY-MM-DD
        return json.dumps(_json_report(diff), indent=2, ensure_ascii=False, default=str) + "\n"
    return _report(diff, markdown=diff_format == "markdown")
