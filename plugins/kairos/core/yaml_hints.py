"""Plain words for the YAML mistakes editors make most, in place of the parser's own.

PyYAML says "mapping values are not allowed in this context" both for ``title: Night shift:
the nurse`` and for a line left indented after it was uncommented; editors need to hear which,
and what to do. :func:`yaml_hint` looks at the lines around the parser's error and returns the
line to report and a message, or None when the mistake is not one it knows (the caller then
words the parser's own message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kairos.core.problems import plural

_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*) *:(?: +(?P<value>.*))?$"
)
_QUOTED_OR_BLOCK = ('"', "'", "[", "{", "|", ">", "&", "*", "!")


@dataclass(frozen=True)
class YamlHint:
    #: Zero-based line in the YAML text.
    line: int
    message: str
    #: The file's own text that ``message`` quotes (it may identify someone), or "".
    quoted: str = ""


def _content(line: str) -> str:
    """A line without its comment, when it is only a comment or blank: empty."""
    stripped = line.strip()
    return "" if not stripped or stripped.startswith("#") else line


def _spaces(count: int) -> str:
    return plural(count, "space") if count else "no spaces"


def _tab_hint(lines: list[str], error_line: int) -> YamlHint | None:
    """A tab indenting a line at or before the error (a tab further down is not the cause)."""
    for number, line in enumerate(lines[: error_line + 1]):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            message = "found a tab at the start of the line; use spaces, not a tab, to indent"
            return YamlHint(number, message)
    return None


def _colon_hint(number: int, line: str) -> YamlHint | None:
    match = _KEY_LINE.match(line.rstrip())
    value = (match.group("value") or "") if match else ""
    if not match or not value or value.startswith(_QUOTED_OR_BLOCK):
        return None
    if ": " not in value and not value.endswith(":"):
        return None
    key = match.group("key")
    quoted = '"' + value + '"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    return YamlHint(
        number,
        f"found a colon inside the {key}, which YAML reads as the start of another field; "
        f"put the {key} in quotes: {key}: {quoted}",
        quoted,
    )


def _indent_hint(number: int, lines: list[str], first_line: int) -> YamlHint | None:
    match = _KEY_LINE.match(lines[number].rstrip())
    if not match or match.group("dash") or not match.group("indent"):
        return None
    key, indent = match.group("key"), len(match.group("indent"))
    for above in range(number - 1, -1, -1):
        line = _content(lines[above])
        parent_indent = len(line) - len(line.lstrip(" "))
        if not line or parent_indent >= indent:
            continue
        parent = _KEY_LINE.match(line.rstrip())
        if parent is None or parent.group("dash"):
            return None
        name = parent.group("key")
        like = f"indent '{key}' like '{name}' ({_spaces(parent_indent)})"
        if parent.group("value"):
            return YamlHint(
                number,
                f"found '{key}' indented by {_spaces(indent)} under '{name}' (line "
                f"{first_line + above}), which has a value of its own; {like}",
            )
        first_child = next((_content(c) for c in lines[above + 1 : number] if _content(c)), "")
        if first_child.lstrip().startswith("- "):
            return YamlHint(
                number,
                f"found '{key}' indented by {_spaces(indent)}, among the items of the list "
                f"'{name}'; if '{key}' is a field of its own, {like}",
            )
        return None
    return None


def yaml_hint(yaml_text: str, error_line: int | None, first_line: int) -> YamlHint | None:
    """A plain explanation of why ``yaml_text`` is not valid YAML, or None.

    ``error_line`` is the parser's zero-based line; ``first_line`` is the file line of the
    text's first line, for messages that point at another line."""
    lines = yaml_text.split("\n")
    if error_line is None or not 0 <= error_line < len(lines):
        return None
    return (
        _tab_hint(lines, error_line)
        or _colon_hint(error_line, lines[error_line])
        or _indent_hint(error_line, lines, first_line)
    )
