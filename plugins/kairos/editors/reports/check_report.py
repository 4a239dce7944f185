"""What ``kairos check`` prints: the problems, a note for each valid story held back, then one
summary line, in three formats.

``text`` is for the editor's own terminal and quotes what was found in full. ``json`` and
``github`` usually end up in CI logs, annotations and other tools, so they print each problem
:meth:`~kairos.core.problems.Problem.masked`: the kind of identifier and where it is, never
its value.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

from kairos.core.anthology import Anthology
from kairos.core.held_back_notes import held_back_notes

ReportFormat = Literal["text", "json", "github"]


def _annotation(kind: str, path: str, line: int, column: int | None, title: str, text: str) -> str:
    """A GitHub Actions workflow command that shows ``text`` on a line of a file."""

    def escaped(value: str, *, property_value: bool = True) -> str:
        """Escaped as workflow commands require."""
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if property_value else value

    where = f"file={escaped(path)},line={line}" + ("" if column is None else f",col={column}")
    return f"::{kind} {where},title={escaped(title)}::{escaped(text, property_value=False)}"


def _json_report(anthology: Anthology) -> dict[str, Any]:
    summary = anthology.summary()
    return {
        "build_date": anthology.build_date.isoformat(),
        "held_back": [
            dataclasses.asdict(note)
            | {"reasons": [reason.label for reason in note.reasons], "text": str(note)}
            for note in held_back_notes(anthology)
        ],
        "problems": [problem.masked().as_json() for problem in anthology.problems],
        "stories": [
            {
                "slug": s.slug,
                "path": s.loaded.path,
                "valid": s.loaded.is_valid,
                "published": s.verdict.published,
                "held_back_because": [r.label for r in s.verdict.reasons],
            }
            for s in anthology.stories
        ],
        "summary": {
            "checked": summary.checked,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "published": summary.published,
            "held_back": summary.held_back,
            "held_back_reasons": {r.label: n for r, n in summary.reasons.items()},
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
