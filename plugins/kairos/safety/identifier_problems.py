"""Identifier findings in a story's title, summary and body, as problems with line and column."""

from __future__ import annotations

from bisect import bisect_right

from kairos.core.front_matter import YamlDocument
from kairos.core.problems import Problem
from kairos.safety.identifiers import IdentifierFinding, reviewed_identifiers, scan_identifiers

__all__ = ["identifier_problems"]


def _problem(path: str, line: int, column: int, finding: IdentifierFinding) -> Problem:
    return Problem(
        path,
        line,
        "identifiers",
        f"looks like {finding.kind} ('{finding.text}'); remove it or mark it reviewed",
        severity=finding.severity,
        column=column,
    )


def identifier_problems(
    path: str, file_text: str, document: YamlDocument, body: str, body_first_line: int
) -> list[Problem]:
    """Findings not marked reviewed with ``<!-- kairos: reviewed VALUE -->`` in the body."""
    reviewed = reviewed_identifiers(body)

    def wanted(finding: IdentifierFinding) -> bool:
        return " ".join(finding.text.split()) not in reviewed

    problems = []
    for field in ("title", "summary"):
        value = document.data.get(field)
        if not isinstance(value, str):
            continue
        findings = [f for f in scan_identifiers(value) if wanted(f)]
        if not findings:
            continue
        line = document.line_of((field,))
        lines = file_text.split("\n")
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        for finding in findings:
            column = source.find(finding.text) + 1 or 1
            problems.append(_problem(path, line, column, finding))
    findings = [f for f in scan_identifiers(body) if wanted(f)]
    if not findings:
        return problems
    line_starts = [0] + [i + 1 for i, char in enumerate(body) if char == "\n"]
    for finding in findings:
        row = bisect_right(line_starts, finding.start) - 1
        problems.append(
            _problem(path, body_first_line + row, finding.start - line_starts[row] + 1, finding)
        )
    return problems
