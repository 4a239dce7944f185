"""``kairos check PATH...``: which stories to report, and the report in three formats.

Editors type ``kairos check stories/x.md``, and pre-commit passes the files a commit changes. A
story is judged with the vocabulary and the other stories (slugs must not collide), so the whole
folder is always loaded; only the problems and counts of the stories named are reported. A file
that is not a story (``vocabulary.yml``) affects every story, so naming it checks them all.

The report lists the problems, a note for each valid story held back, then one summary line.
``text`` is for the editor's own terminal and quotes what was found in full. ``json`` and
``github`` usually end up in CI logs, annotations and other tools, so they print each problem
:meth:`~kairos.core.problems.Problem.masked`: the kind of identifier and where it is, never
its value.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Literal

from kairos.core.anthology import Anthology
from kairos.core.held_back_notes import held_back_notes
from kairos.core.story_sources import COLLECTIONS_FOLDER, STORY_FOLDER_INDEX, StoriesFolderMissing
from kairos.core.vocabulary import VOCABULARY_FILE

ReportFormat = Literal["text", "json", "github"]


class CheckTargetError(ValueError):
    """The paths given cannot be checked together; the message says why."""


@dataclasses.dataclass(frozen=True)
class CheckTarget:
    """A stories folder (as the user wrote it) and the paths of the stories and collections
    in it to report, None for all."""

    stories_dir: str
    paths: frozenset[str] | None = None

    def reported(self, anthology: Anthology) -> Anthology:
        """The anthology with only the stories and collections named (vocabulary problems
        always stay)."""
        if self.paths is None:
            return anthology
        return dataclasses.replace(
            anthology,
            stories=[s for s in anthology.stories if s.loaded.path in self.paths],
            folder_problems=[],
            collections=[c for c in anthology.collections if c.path in self.paths],
        )


def _story_of(path: Path) -> tuple[Path, str | None]:
    """The stories folder holding ``path``, and the story's name there (None: not a story)."""
    parent = path.parent
    if parent.name == COLLECTIONS_FOLDER and (parent.parent / VOCABULARY_FILE).is_file():
        return parent.parent, f"{COLLECTIONS_FOLDER}/{path.name}"  # a teaching collection
    if not (parent / VOCABULARY_FILE).is_file() and (parent.parent / VOCABULARY_FILE).is_file():
        # A story kept in its own folder: any of its files stands for the story.
        return parent.parent, f"{parent.name}/{STORY_FOLDER_INDEX}"
    return parent, path.name if path.name.lower().endswith(".md") else None


def check_target(arguments: tuple[str, ...]) -> CheckTarget:
    """One folder, or files of one stories folder; raises for a path that does not exist."""
    if not arguments:
        return CheckTarget("stories")
    found = []
    for argument in arguments:
        path = Path(argument)
        if not (path.is_dir() or path.is_file()):
            raise StoriesFolderMissing(f"{argument}: no such file or folder")
        found.append((path, None) if path.is_dir() else _story_of(path))
    folders = {os.path.realpath(folder): folder for folder, _name in found}
    if len(folders) > 1:
        shown = ", ".join(sorted(p.as_posix() for p in folders.values()))
        raise CheckTargetError(
            f"found paths in more than one stories folder ({shown}); check one folder at a time"
        )
    (folder,) = folders.values()
    names = {name for _folder, name in found}
    shown = folder.as_posix().rstrip("/") or "."
    paths = None if None in names else frozenset(f"{shown}/{name}" for name in names)
    return CheckTarget(folder.as_posix(), paths)


def _annotation(kind: str, path: str, line: int, column: int | None, title: str, text: str) -> str:
    """A GitHub Actions workflow command that shows ``text`` on a line of a file."""

    def escaped(value: str, *, property_value: bool = True) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if property_value else value

    where = f"file={escaped(path)},line={line}" + ("" if column is None else f",col={column}")
    return f"::{kind} {where},title={escaped(title)}::{escaped(text, property_value=False)}"


def _json_report(anthology: Anthology) -> dict[str, Any]:
    summary = anthology.summary()
    counts = ("checked", "valid", "invalid", "published", "held_back")
    return {
        "build_date": anthology.build_date.isoformat(),
        "held_back": [
            dataclasses.asdict(note)
            | {"reasons": [reason.value for reason in note.reasons], "text": str(note)}
            for note in held_back_notes(anthology)
        ],
        "problems": [problem.masked().as_json() for problem in anthology.problems],
        "stories": [
            {
                "slug": s.slug,
                "path": s.loaded.path,
                "valid": s.loaded.is_valid,
                "published": s.verdict.published,
                "held_back_because": [r.value for r in s.verdict.reasons],
            }
            for s in anthology.stories
        ],
        "summary": {name: getattr(summary, name) for name in counts}
        | {
            "held_back_reasons": {r.value: n for r, n in summary.reasons.items()},
            "errors": summary.errors,
            "warnings": summary.warnings,
            "line": str(summary),
        },
    }


def render_check_report(anthology: Anthology, report_format: ReportFormat) -> str:
    """The whole report as text, ending in a newline."""
    if report_format == "json":
        return json.dumps(_json_report(anthology), indent=2, ensure_ascii=False) + "\n"
    problems, notes = anthology.problems, held_back_notes(anthology)
    if report_format == "github":
        masked = [problem.masked() for problem in problems]
        lines = [_annotation(p.severity, p.path, p.line, p.column, p.field, str(p)) for p in masked]
        lines += [_annotation("notice", n.path, n.line, None, "Held back", str(n)) for n in notes]
    else:
        lines = [*map(str, problems), *map(str, notes)]
    lines.append(str(anthology.summary()))
    return "\n".join(lines) + "\n"
