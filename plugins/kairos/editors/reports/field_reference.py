"""The editors' field reference page, generated from the story model's JSON Schema.

Generating it (``kairos fields > editors/fields.md``) keeps the page exact as the model
changes; a test fails when the committed page is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from kairos.core.collection import Collection
from kairos.core.reader_labels import LEVELS, ROLES
from kairos.core.schema import json_schema
from kairos.core.story import CONSENT_RECORD_PATTERN, REQUIRED_WHEN, SLUG_PATTERN, Story
from kairos.editors import editors_template

Schema = Mapping[str, Any]

_PATTERN_WORDS = {
    CONSENT_RECORD_PATTERN: "a reference of up to 40 letters, digits, `.`, `_`, `/` or `-`, "
    "starting with a letter or digit, e.g. `KF-2026-045`",
    SLUG_PATTERN: "a story's slug: lowercase letters, digits and single hyphens",
}


def field_paths(schema: Schema) -> list[str]:
    """Every field of ``schema`` as a dotted path (``consent.status``), in the model's order."""
    return [path for path, _node, _required in _fields(schema, schema)]


def field_reference_markdown() -> str:
    """The whole page (``editors/templates/fields.md.tmpl`` filled in), ending in a newline."""
    return editors_template("fields.md.tmpl").substitute(
        story_fields="\n".join(_table(json_schema(Story))),
        levels="\n".join(
            f"| `{key}` | {level.label} | {level.short} |" for key, level in LEVELS.items()
        ),
        roles="\n".join(
            f"| `{key}` | {role.plural} | {role.explanation} |" for key, role in ROLES.items()
        ),
        collection_fields="\n".join(_table(json_schema(Collection))),
    )


def _table(schema: Schema) -> list[str]:
    """One row per field of ``schema`` (the template holds the table's header)."""
    conditions: dict[str, list[str]] = {}  # {'consent.date': ['`consent.status` is `granted`']}
    for (trigger, value), names in REQUIRED_WHEN.items():
        for name in names:
            conditions.setdefault(f"consent.{name}", []).append(f"`consent.{trigger}` is `{value}`")
    lines = []
    for path, node, required in _fields(schema, schema):
        node = _resolve(node, schema)
        if required:
            needed = "yes"
        elif path in conditions:
            needed = "when " + " or ".join(conditions[path])
        elif node.get("default") is not None:
            needed = f"no (default `{json.dumps(node['default'])}`)"
        else:
            needed = "no"
        cells = [f"`{path}`", _what_to_write(node, schema), needed, node.get("description", "")]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines


def _fields(schema: Schema, group: Schema, prefix: str = "") -> Iterator[tuple[str, Schema, bool]]:
    """``(dotted path, schema node, always required)``, each group followed by its fields."""
    required = set(group.get("required", ()))
    for name, node in group.get("properties", {}).items():
        path = prefix + name
        yield path, node, name in required
        inner = node if "$ref" in node else node.get("items", {})
        if "$ref" in inner:  # a group, or a list of groups (a collection's stories)
            yield from _fields(schema, _resolve(inner, schema), path + ".")


def _resolve(node: Schema, schema: Schema) -> Schema:
    """Follow a ``$ref`` and fold ``anyOf: [X, null]`` into X, keeping the outer keywords."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return {**schema["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
    options = [o for o in node.get("anyOf", ()) if o.get("type") != "null"]
    if len(options) == 1:
        return {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def _what_to_write(node: Schema, schema: Schema) -> str:
    if node.get("type") == "object":
        return "a group of the indented fields below"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    if node.get("type") == "boolean":
        return "`true` or `false`"
    if node.get("format") == "date":
        return "a date, `YYYY-MM-DD`"
    if node.get("type") == "string":
        return _text(node)
    if node.get("type") == "array":
        items = _resolve(node.get("items", {}), schema)
        size = _size(node.get("minItems"), node.get("maxItems")) or "any number of"
        once = ", each once" if node.get("uniqueItems") else ""
        if items.get("type") == "object":
            return f"a list of {size} groups of the indented fields below"
        if "enum" in items:
            return "a list of any of " + ", ".join(f"`{v}`" for v in items["enum"]) + once
        if items.get("pattern") == SLUG_PATTERN:
            return f"a list of {size} keys{once}"
        return f"a list of {size} {_text(items, plural=True)}{once}"
    return "see the meaning"


def _text(node: Schema, plural: bool = False) -> str:
    noun = "texts" if plural else "text"
    pattern = node.get("pattern")
    if pattern in _PATTERN_WORDS:
        return _PATTERN_WORDS[pattern]
    if pattern and pattern != r"\S":
        return f"{noun} matching `{pattern}`"
    size = _size(node.get("minLength"), node.get("maxLength"))
    return f"{noun}, {'each ' if plural else ''}{size} characters" if size else noun


def _size(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    if high is not None:
        return f"at most {high}"
    return f"at least {low}" if low else ""
