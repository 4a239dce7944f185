"""Identifier findings in every free-text field of a story, as problems with line and column.

Every field a reader sees (title, summary, storyteller's name and description, reflection
questions, body) is scanned as the reader sees it, with and without its markup
(:mod:`kairos.core.reader_text`, :mod:`kairos.core.shown_text`). ``consent.proxy_relationship``
is public in the repository, so it is scanned too; ``consent.record`` is never published and its
pattern refuses '@' and spaces, but one of all digits is scanned for the kinds that are errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kairos.core.front_matter import LoadedFile, Location, YamlDocument
from kairos.core.identifiers import (
    FULL_NAME,
    FULL_NAME_PATTERN,
    REVIEWED_COMMENT,
    IdentifierFinding,
)
from kairos.core.problems import Problem, private_part
from kairos.core.reader_text import reader_text
from kairos.core.shown_text import scan_as_shown
from kairos.core.story import CONSENT_RECORD_PATTERN

#: Free-text fields, as (location, field name in messages); lists are scanned item by item.
_TEXT_FIELDS: tuple[tuple[Location, str], ...] = (
    (("title",), "title"),
    (("summary",), "summary"),
    (("storyteller", "name"), "storyteller.name"),
    (("storyteller", "description"), "storyteller.description"),
    (("reflection",), "reflection"),
    (("consent", "proxy_relationship"), "consent.proxy_relationship"),
    (("consent", "record"), "consent.record"),
)
#: How many lines below its key a multi-line value's finding is looked for.
_VALUE_LINES = 12


def _problem(path: str, line: int, column: int, finding: IdentifierFinding) -> Problem:
    quoted = f"'{finding.text}'"
    message = f"looks like {finding.kind} ({quoted}); remove it or mark it reviewed"
    private = private_part(message, quoted, identifier=True)
    return Problem(path, line, "identifiers", message, finding.severity, column, private)


def _values(data: object, location: Location) -> Iterator[tuple[Location, str]]:
    value = data
    for part in location:
        if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict):
            value = value.get(part)
        else:
            return
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield (*location, index), item


def _locate(
    lines: list[str], first: int, value: str, finding: IdentifierFinding
) -> tuple[int, int]:
    """The line and column where a value's finding starts: the letters and digits the value
    has there (or the finding's first word, or that word's first letters and digits, when
    YAML wrote them otherwise) are looked for from the value's first line on (YAML may fold
    a value over several lines)."""
    words = finding.text.split() or [finding.text]
    prefix = re.match(r"[+(]?[A-Za-z0-9]*", words[0])
    written = re.match(r"[+(]?[A-Za-z0-9]*", value[finding.start :])
    for word in (written[0] if written else "", words[0], prefix[0] if prefix else ""):
        for line in range(first, min(first + _VALUE_LINES, len(lines) + 1)):
            column = lines[line - 1].find(word) if word else -1
            if column >= 0:
                return line, column + 1
    return first, 1


def value_identifier_problems(
    path: str,
    file_text: str,
    document: YamlDocument,
    fields: tuple[tuple[Location, str], ...],
    reviewed: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Findings in the front-matter or vocabulary values at ``fields`` (not ``reviewed``).

    A ``storyteller.name`` of two or three capitalised words ("Jane Smith") with no other
    finding looks like a full name, which the site shows only when the storyteller asked for it
    in writing.
    """
    lines: list[str] = []  # the file's lines, split at the first finding
    problems = []
    for location, name in fields:
        for item, value in _values(document.data, location):
            if name == "consent.record" and not re.match(CONSENT_RECORD_PATTERN, value):
                continue  # refused by its pattern already, with a message of its own
            findings = [
                finding
                for finding in scan_as_shown(value, markdown=False)
                if _normal(finding.text) not in reviewed
                and (name != "consent.record" or finding.severity == "error")
            ]
            if name == "storyteller.name" and not findings:
                written = _normal(value)
                if FULL_NAME_PATTERN.fullmatch(written) and written not in reviewed:
                    findings = [IdentifierFinding(FULL_NAME, written, 0, "warning")]
            for finding in findings:
                lines = lines or file_text.split("\n")
                line, column = _locate(lines, document.line_of(item), value, finding)
                problems.append(_problem(path, line, column, finding))
    return problems


def _normal(text: str) -> str:
    return " ".join(text.split())


def reviewed_values(text: str) -> frozenset[str]:
    """The values ``text`` marks reviewed, as read and whitespace-normalised."""
    values = (reader_text(m["value"], markdown=False).text for m in REVIEWED_COMMENT.finditer(text))
    return frozenset(value for value in map(_normal, values) if value)


def identifier_problems(
    loaded: LoadedFile,
    file_text: str,
    document: YamlDocument,
    fields: tuple[tuple[Location, str], ...] = _TEXT_FIELDS,
) -> list[Problem]:
    """Findings in ``loaded`` not marked reviewed by ``<!-- kairos: reviewed VALUE -->`` in it.

    A reviewed value is compared as read, so ``07700&nbsp;900321`` in the text is cleared by
    ``<!-- kairos: reviewed 07700 900321 -->``. ``fields`` are the front-matter's free-text
    fields (a story's by default; a collection gives its own).
    """
    path, body = loaded.path, loaded.body
    reviewed = reviewed_values(body)
    problems = value_identifier_problems(path, file_text, document, fields, reviewed)
    row = line_start = 0  # of the last finding, counted on from there (findings are in order)
    for finding in scan_as_shown(body):
        if _normal(finding.text) in reviewed:
            continue
        row += body.count("\n", line_start, finding.start)
        line_start = max(line_start, body.rfind("\n", line_start, finding.start) + 1)
        column = finding.start - line_start + 1
        problems.append(_problem(path, loaded.body_first_line + row, column, finding))
    return problems
