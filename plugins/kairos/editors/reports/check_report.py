"""What ``kairos check`` prints: the problems, a note for each valid story held back, then one
summary line, in three formats.

``text`` is for the editor's own terminal and quotes what was found in full. ``json`` and
``github`` usually end up in CI logs, annotations and other tools, so they print each problem
:meth:`~kairos.core.problems.Problem.masked`: the kind of identifier and where it is, never
its value.
"""

from __future__ import annotations

import json
from typing import Literal

from kairos.core.anthology import Anthology
from kairos.core.held_back_notes import HeldBackNote, held_back_notes
from kairos.core.problems import Problem

ReportFormat = Literal["text", "json", "github"]


def _github_escape(text: str, *, property_value: bool = False) -> str:
    """Escape as GitHub Actions workflow commands require."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github_line(problem: Problem) -> str:
    problem = problem.masked()
    properties = f"file={_github_escape(problem.path, property_value=True)},line={problem.line}"
    if problem.column is not None:
        properties += f",col={problem.column}"
    properties += f",title={_github_escape(problem.field, property_value=True)}"
    return f"::{problem.severity} {properties}::{_github_escape(str(problem))}"


def _github_note(note: HeldBackNote) -> str:
    path = _github_escape(note.path, property_value=True)
    return f"::notice file={path},line={note.line},title=Held back::{_github_escape(str(note))}"


def _json_report(anthology: Anthology) -> str:
    summary = anthology.summary()
    return json.dumps(
        {
            "build_date": anthology.build_date.isoformat(),
            "held_back": [
                {
                    "path": note.path,
                    "line": note.line,
                    "reasons": [reason.label for reason in note.reasons],
                    "message": note.message,
                    "text": str(note),
                }
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
        },
        indent=2,
        ensure_ascii=False,
    )


def render_check_report(anthology: Anthology, report_format: ReportFormat) -> str:
    """The whole report as text, ending in a newline."""
    if report_format == "json":
        return _json_report(anthology) + "\n"
    github = report_format == "github"
    lines = [_github_line(p) if github else str(p) for p in anthology.problems]
    lines += [_github_note(n) if github else str(n) for n in held_back_notes(anthology)]
    lines.append(str(anthology.summary()))
    return "\n".join(lines) + "\n"
