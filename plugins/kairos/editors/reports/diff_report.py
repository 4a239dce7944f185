"""``kairos diff``: what a change to the stories does to the public site, as text, JSON or Markdown.

``kairos diff`` judges the stories folder before (BASE) and after (HEAD) a change on the same
build date and compares what readers would see: a pending story's edits change nothing, a new
pending story is listed as held back. A story's text is compared only when it is published on
both sides; otherwise it is named by path and title only. Teaching collections are compared the
same way (:class:`CollectionChange`), and so is a ``build_date`` changed in mkdocs.yml
(:class:`BuildDateChange`).

Every format opens with the same headlines ("1 story will be published"), so a reviewer reads
what an editor sees. Markdown and JSON leave the editor's machine: their problems are
:meth:`~kairos.core.problems.Problem.masked` and a title the identifier scan flags is
``[masked]``; the text report shows both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.build_date import BuildDateError, parse_date
from kairos.core.problems import Problem, masked_if_identifying, plural
from kairos.core.publishing import HoldReason, Verdict, publishing_rule
from kairos.core.teaching import TeachingCollection, teaching_collections
from kairos.editors.reports.consent_report import story_lists

#: At most this many lines of a changed story's diff are kept (the rest are counted).
MAX_DIFF_LINES = 60

DiffFormat = Literal["text", "json", "markdown"]
PageKind = Literal["theme", "level", "role"]
#: Fields shown on a story's card in the lists of a theme, level or role page.
CARD_FIELDS = frozenset(
    {"title", "summary", "storyteller", "published", "content_notes", "fictional"}
)
_PAGE_FOLDERS: dict[PageKind, str] = {"theme": "themes", "level": "levels", "role": "roles"}


@dataclasses.dataclass(frozen=True)
class StoryChange:
    """One story whose state for readers differs between BASE and HEAD."""

    slug: str
    path: str
    title: str | None
    """HEAD's title, else BASE's; None when the story is invalid on both sides."""
    before: str
    """'published', 'held back (REASON)' or 'no file'."""
    after: str
    reason: str | None = None
    """HEAD's main reason for holding the story back, when it is held back."""
    was_on_site: bool = False
    changed_fields: tuple[str, ...] = ()
    """Fields readers see that differ (only for a story published on both sides)."""
    text_diff: tuple[str, ...] = ()
    """A unified diff of what readers see (only for a story published on both sides)."""
    text_diff_cut: int = 0
    """Lines of the diff left out after :data:`MAX_DIFF_LINES`."""


@dataclasses.dataclass(frozen=True)
class PageChange:
    """A theme, level or role page whose list of stories changes."""

    kind: PageKind
    key: str
    label: str
    before: int
    after: int
    url: str


@dataclasses.dataclass(frozen=True)
class BuildDateChange:
    """The kairos plugin's ``build_date`` in mkdocs.yml differs between BASE and HEAD."""

    config_path: str
    before: str | None
    """BASE's pinned date as written, None when not set."""
    after: str | None
    line: int | None
    """The line of HEAD's ``build_date``, None when not set."""
    judged_on: dt.date | None
    """The day a site built from HEAD is judged on; None when the pin is not a date."""
    instead_of: dt.date | None
    """The day a site built from BASE is judged on; None when the pin is not a date."""
    published: tuple[StoryChange, ...] = ()
    """HEAD's stories published on ``judged_on`` but held back on ``instead_of``."""
    held_back: tuple[StoryChange, ...] = ()
    """HEAD's stories held back on ``judged_on`` but published on ``instead_of``."""


@dataclasses.dataclass(frozen=True)
class CollectionChange:
    """A teaching collection whose page or public pack differs between BASE and HEAD."""

    slug: str
    path: str
    title: str | None
    """HEAD's title, else BASE's; None when the collection has errors on both sides."""
    before: str
    """'on the site', 'not on the site' (errors, or no story may be taught from) or 'no file'."""
    after: str
    gains: tuple[str, ...] = ()
    """Slugs of the stories the public pack gains, in the collection's order."""
    loses: tuple[str, ...] = ()
    changed_stories: tuple[str, ...] = ()
    """Stories in the pack on both sides whose published text or fields change."""
    changed_fields: tuple[str, ...] = ()
    """The collection's own fields that change (``facilitator notes`` for the body)."""


@dataclasses.dataclass(frozen=True)
class PublicationDiff:
    """Everything that changes for readers, grouped as reviewers read it; field by field, in
    this order, the JSON report."""

    build_date: dt.date
    base: str
    head: str
    published_before: int
    published_after: int
    headlines: tuple[str, ...] = dataclasses.field(init=False)
    """One sentence per kind of change (or one saying readers see none), then the problems."""
    published: tuple[StoryChange, ...]
    withdrawn: tuple[StoryChange, ...]
    held_back: tuple[StoryChange, ...]
    held_back_reasons: dict[str, int] = dataclasses.field(init=False)
    """How many stories are newly held back for each main reason, in the rule's order."""
    deleted: tuple[StoryChange, ...]
    changed: tuple[StoryChange, ...]
    pages: tuple[PageChange, ...]
    collections: tuple[CollectionChange, ...]
    new_problems: tuple[Problem, ...]
    fixed_problems: int
    build_date_change: BuildDateChange | None

    def __post_init__(self) -> None:
        counts = Counter(change.reason for change in self.held_back)
        reasons = {r.value: counts[r.value] for r in HoldReason if counts[r.value]}
        object.__setattr__(self, "held_back_reasons", reasons)
        object.__setattr__(self, "headlines", _headlines(self))


def _state(verdict: Verdict | None) -> str:
    if verdict is None:
        return "no file"
    return f"held back ({verdict.reason.value})" if verdict.reason else "published"


def _title(*sides: JudgedStory | None) -> str | None:
    return next((side.story.title for side in sides if side and side.story), None)


def _moved(
    judged: JudgedStory, title: str | None, was: str, now: str, reason: HoldReason | None
) -> StoryChange:
    """A story that comes on or off the site, or is held back for another reason."""
    label = reason.value if reason else None
    return StoryChange(judged.slug, judged.loaded.path, title, was, now, label, was == "published")


def _reader_view(judged: JudgedStory) -> dict[str, Any]:
    """What readers see of a published story: every field but consent, plus its scope."""
    story = judged.story
    assert story is not None  # published stories are valid
    view: dict[str, Any] = story.model_dump(mode="json", exclude={"consent"})
    if story.storyteller.description is None:  # optional: shown only where a story has one
        del view["storyteller"]["description"]
    view["scope"] = story.consent.scope
    folder = judged.loaded.folder
    if judged.loaded.media and folder is not None:
        # A replaced photo is a change readers see, though no line of the story changed.
        view["media"] = [
            f"{name} (sha256 {_file_digest(folder / name)})" for name in judged.loaded.media
        ]
    view["text"] = judged.loaded.body
    return view


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "unreadable"


def _shown(value: Any) -> str:
    """A field's value as the story file would spell it."""
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "none" if value is None else str(value)


def _view_lines(view: Mapping[str, Any]) -> list[str]:
    lines = []
    for key, value in view.items():
        if key == "text":
            continue
        if isinstance(value, dict):
            lines += [f"{key}.{k}: {_shown(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_shown(value)}")
    return [*lines, "", *str(view["text"]).strip("\n").splitlines()]


def _changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(key for key in {**old, **new} if old.get(key) != new.get(key))


def _page_changes(base: Anthology, head: Anthology, changed: set[str]) -> tuple[PageChange, ...]:
    """The theme, level and role pages whose list of stories changes, or one of its cards."""
    old, new = story_lists(base), story_lists(head)
    changes = []
    for kind, folder in _PAGE_FOLDERS.items():
        for key in sorted(old[kind].keys() | new[kind].keys()):
            label, _slugs = new[kind].get(key) or old[kind][key]
            before, after = (set(side[kind].get(key, ("", []))[1]) for side in (old, new))
            if before != after or after & changed:
                url = f"/{folder}/{key}/"
                changes.append(PageChange(kind, key, label, len(before), len(after), url))
    return tuple(changes)


def _collection_view(collection: TeachingCollection) -> dict[str, Any]:
    notes = collection.facilitator_notes.strip()
    return collection.collection.model_dump(mode="json") | {"facilitator notes": notes}


def _collection_changes(
    base: Anthology, head: Anthology, changed_stories: set[str]
) -> tuple[CollectionChange, ...]:
    old, new = ({c.slug: c for c in teaching_collections(side)} for side in (base, head))
    files = [{c.slug: c.path for c in side.collections} for side in (base, head)]
    changes = []
    for slug, path in sorted((files[0] | files[1]).items()):
        before, after = old.get(slug), new.get(slug)
        was, now = (
            "on the site" if slug in judged else "not on the site" if slug in found else "no file"
            for judged, found in zip((old, new), files, strict=True)
        )
        old_pack, new_pack = ([s.slug for s in c.stories] if c else [] for c in (before, after))
        pack = (
            tuple(s for s in new_pack if s not in old_pack),
            tuple(s for s in old_pack if s not in new_pack),
            tuple(s for s in new_pack if s in old_pack and s in changed_stories),
        )
        views = [_collection_view(c) for c in (before, after) if c]
        fields = _changed_fields(*views) if len(views) == 2 else ()  # both on the site
        if was != now or any(pack) or fields:
            title = next((c.collection.title for c in (after, before) if c), None)
            changes.append(CollectionChange(slug, path, title, was, now, *pack, fields))
    return tuple(changes)


def _new_problems(base: Anthology, head: Anthology) -> tuple[tuple[Problem, ...], int]:
    """HEAD's problems that BASE does not have, and how many of BASE's are fixed. Problems
    are matched without their line, which moves when lines above change."""
    old = Counter((p.path, p.field, p.severity, p.message) for p in base.problems)
    new: list[Problem] = []
    for problem in head.problems:
        key = (problem.path, problem.field, problem.severity, problem.message)
        if old[key]:
            old[key] -= 1
        else:
            new.append(problem)
    return tuple(new), sum(old.values())


def _pinned_day(pinned: str | None, default: dt.date) -> dt.date | None:
    if pinned is None:
        return default
    try:
        return parse_date(pinned, "build_date")
    except BuildDateError:
        return None


def build_date_change(
    head: Anthology, config_path: str, before: str | None, after: str | None, line: int | None
) -> BuildDateChange | None:
    """How a ``build_date`` pinned differently at BASE (``before``) and HEAD (``after``, on
    ``line``) changes what HEAD's stories show; None when it is the same on both sides.
    Unpinned, a site is judged on the diff's build date."""
    if before == after:
        return None
    judged_on, instead_of = (_pinned_day(pin, head.build_date) for pin in (after, before))
    published: list[StoryChange] = []
    held_back: list[StoryChange] = []
    if judged_on is not None and instead_of is not None:
        for judged in head.stories:
            old, new = (publishing_rule(judged.story, day) for day in (instead_of, judged_on))
            if new.published != old.published:
                reason = (old if new.published else new).reason
                change = _moved(judged, _title(judged), _state(old), _state(new), reason)
                (published if new.published else held_back).append(change)
    return BuildDateChange(
        config_path, before, after, line, judged_on, instead_of, tuple(published), tuple(held_back)
    )


def _headlines(diff: PublicationDiff) -> tuple[str, ...]:
    lines = []
    if date := diff.build_date_change:
        moved = (("publishes", date.published), ("holds back", date.held_back))
        effects = [f"{verb} {plural(len(c), 'story', 'stories')}" for verb, c in moved if c]
        headline = f"The build date changes: {_pin(date.after)} (was {_pin(date.before)})"
        lines.append(headline + (f"; it {' and '.join(effects)}" if effects else ""))
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
    return tuple(lines)


def _pin(value: str | None) -> str:
    return f"pinned to {value}" if value else "not set"


def date_sentences(change: BuildDateChange) -> list[str]:
    """What the change of build date does, in plain sentences (the stories apart)."""
    where = change.config_path + (f":{change.line}" if change.line else "")
    lines = [f"{where}: build_date: {_pin(change.after)}, was {_pin(change.before)}."]
    if change.judged_on is None or change.instead_of is None:
        lines.append("A pinned build_date that is not a date (YYYY-MM-DD) fails the build.")
    else:
        days = f"{change.judged_on.isoformat()} instead of {change.instead_of.isoformat()}"
        unpinned = "" if change.after else " (unpinned, it is the day of the build)"
        lines.append(f"A site built from this change is judged on {days}{unpinned}.")
    if change.after:
        lines.append(
            "The deploy ignores a pinned build_date and judges on the day it runs; "
            "kairos check warns while one is set. Remove it unless previewing another day."
        )
    return lines


def publication_diff(
    base: Anthology,
    head: Anthology,
    base_label: str = "BASE",
    head_label: str = "HEAD",
    date_change: BuildDateChange | None = None,
) -> PublicationDiff:
    """Compare two anthologies judged on the same build date."""
    if base.build_date != head.build_date:
        raise ValueError("both sides must be judged on the same build date")
    old, new = ({judged.slug: judged for judged in side.stories} for side in (base, head))
    sections = ("published", "withdrawn", "held_back", "deleted", "changed")
    found: dict[str, list[StoryChange]] = {name: [] for name in sections}
    for slug in sorted(old.keys() | new.keys()):
        before, after = old.get(slug), new.get(slug)
        was, now = (_state(side.verdict if side else None) for side in (before, after))
        title = _title(after, before)
        if before and after and was == now == "published":
            old_view, new_view = _reader_view(before), _reader_view(after)
            if fields := _changed_fields(old_view, new_view):
                lines = (_view_lines(old_view), _view_lines(new_view))
                diff = list(difflib.unified_diff(*lines, lineterm="", n=1))[2:]  # no ---/+++
                kept, cut = tuple(diff[:MAX_DIFF_LINES]), max(0, len(diff) - MAX_DIFF_LINES)
                path = after.loaded.path
                change = StoryChange(slug, path, title, was, now, None, True, fields, kept, cut)
                found["changed"].append(change)
        elif was != now and (shown := after or before):
            reason = after.verdict.reason if after else None
            where = {None: "published", HoldReason.WITHDRAWN: "withdrawn"}.get(reason, "held_back")
            found[where if after else "deleted"].append(_moved(shown, title, was, now, reason))
    changed = found["changed"]
    problems, fixed = _new_problems(base, head)
    return PublicationDiff(
        build_date=head.build_date,
        base=base_label,
        head=head_label,
        published_before=len(base.published),
        published_after=len(head.published),
        **{name: tuple(changes) for name, changes in found.items()},
        pages=_page_changes(
            base, head, {c.slug for c in changed if CARD_FIELDS & set(c.changed_fields)}
        ),
        collections=_collection_changes(base, head, {c.slug for c in changed}),
        new_problems=problems,
        fixed_problems=fixed,
        build_date_change=date_change,
    )


# The report: text for a terminal, Markdown for a pull request, JSON for tools.

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
    for coll in diff.collections:
        # What happens to its page, and the stories its pack gains, loses, or changes.
        note = f"{coll.before} → {coll.after}" if coll.before != coll.after else "changes"
        note += f" ({', '.join(coll.changed_fields)})" if coll.changed_fields else ""
        packs = {"pack gains": coll.gains, "pack loses": coll.loses}
        packs["story changes in the pack"] = coll.changed_stories
        indent = "  - " if markdown else "    "
        pack = [indent + plain(f"{label}: {s}") for label, slugs in packs.items() for s in slugs]
        item(f"{named(coll.path, coll.title)}: {plain(note)}", *pack)
    heading("New problems", diff.new_problems)
    if not markdown:
        return "\n".join([*lines, *(f"  {problem}" for problem in diff.new_problems)]) + "\n"
    if problems := [str(problem.masked()) for problem in diff.new_problems]:
        fence = code_fence(problems)
        lines += [f"{fence}text", *problems, fence]
    return "\n".join([*lines, "", f"<sub>{PRIVACY_NOTE}</sub>"]) + "\n"


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
