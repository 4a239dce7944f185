"""Split a story file into its front-matter block and body, and read the block as strict YAML.

We parse the block ourselves rather than through python-frontmatter or mkdocs' ``page.meta``
because editors need line numbers counted from the top of the file, and because plain PyYAML
silently keeps the last of two duplicate keys and expands aliases (billion laughs).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from kairos.core.problems import Problem, private_part
from kairos.core.source_file import read_source_text
from kairos.core.yaml_hints import yaml_hint

#: The story schema nests three levels deep (``consent`` > ``scope`` > item); anything far deeper
#: is hostile or a mistake, and refusing it early keeps PyYAML's recursive composer safe.
MAX_NESTING = 6
#: No list in the schema is longer than a handful of items; a 10,000-item list is refused unread.
MAX_COLLECTION_ITEMS = 200

#: A fence line: ``---`` and trailing white space (any but the line end).
_FENCE_LINE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)

Location = tuple[str | int, ...]
#: A model of the front-matter (a story's, a collection's).
Model = TypeVar("Model", bound=BaseModel)


def dotted_field(location: Location) -> str:
    """``('consent', 'scope', 2)`` reads as ``consent.scope``: the line points at the item."""
    return ".".join(part for part in location if isinstance(part, str))


@dataclass
class FrontMatter:
    """The raw pieces of a story file, with the file line on which each starts."""

    yaml_text: str
    yaml_first_line: int
    body: str
    body_first_line: int


@dataclass
class YamlDocument:
    """A YAML mapping as plain Python data, with the file line of every key and value."""

    data: dict[str, Any]
    lines: dict[Location, int] = field(default_factory=dict)
    #: Where YAML could not read a value (its problem is already reported).
    invalid: list[Location] = field(default_factory=list)
    #: Where a value was written in quotes (so it is text whatever it looks like).
    quoted: set[Location] = field(default_factory=set)

    def line_of(self, location: Location) -> int:
        """The line of ``location``, else of its nearest enclosing node, else 1."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)


@dataclass
class LoadedFile:
    """A Markdown file with front-matter (a story or a collection) as read, and its problems."""

    slug: str
    path: str
    body: str = ""
    body_first_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """No error: then, and only then, the loader sets the file's model (``finished``)."""
        return not any(p.is_error for p in self.problems)

    def read(self, file: Path) -> tuple[str, YamlDocument] | None:
        """The file's text and front-matter, with ``body`` set; None (and why, in
        ``problems``) when the file or its front-matter cannot be read."""
        text, problems = read_source_text(file, self.path)
        self.problems += problems
        if text is None:
            return None
        block, problems = split_front_matter(text, self.path)
        self.problems += problems
        if block is None:
            return None
        self.body, self.body_first_line = block.body, block.body_first_line
        document, problems = read_yaml_mapping(block.yaml_text, self.path, block.yaml_first_line)
        self.problems += problems
        return None if document is None else (text, document)

    def finished(self, value: Model | None) -> Model | None:
        """Sort the problems by place; ``value`` if none of them is an error, else None."""
        self.problems.sort(key=lambda p: (p.line, p.column or 0, p.field))
        return value if self.is_valid else None


@dataclass(frozen=True)
class InvalidScalar:
    """A value YAML could not turn into data (an impossible date); its problem is already told."""

    text: str


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Find the ``---`` fenced block at the top of ``text`` (BOM and CRLF already removed)."""

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(path, 1, "front-matter", message)]

    opening = _FENCE_LINE.match(text)
    if opening is None:
        first_line = text.split("\n", 1)[0]
        found = repr(first_line[:40]) if first_line.strip() else "an empty first line"
        return refuse(
            f"found {found}; a story must start with a line '---', then its fields, "
            "then a closing '---' line"
        )
    closing = _FENCE_LINE.search(text, opening.end() + 1)
    if closing is None:
        return refuse(
            "the block opened on line 1 is never closed; add a line '---' after the last field"
        )
    yaml_text = text[opening.end() + 1 : closing.start() - 1]
    body_first_line = text.count("\n", 0, closing.start()) + 2
    return FrontMatter(yaml_text, 2, text[closing.end() + 1 :], body_first_line), []


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


# libyaml's parser when PyYAML was built with it (the wheels are): same results, ten times faster.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"

#: PyYAML's resolver, for the tags of nodes written without one (no instance state is used:
#: the safe loader has no path resolvers, so a node's tag depends on its kind, text and style).
_TAG_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=4_096)
def _resolved_tag(kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    """The tag PyYAML's safe loader gives a node, remembered: field names and values repeat
    across stories, and the cache answers from C without a call into Python. The most recent
    are kept, enough for every field name and common value; a title is seldom seen twice."""
    return str(_TAG_RESOLVER.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


#: Values of scalars that YAML turns into numbers, booleans, null or dates (all immutable), by
#: tag and text: dates and booleans repeat across stories.
_CONSTRUCTED: dict[tuple[str, str], Any] = {}
_CACHED_TAGS = _PLAIN_TAGS - {_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader; duplicate keys, aliases and tags are handled by :class:`_NodeReader`."""

    resolve = staticmethod(_resolved_tag)


def _describe_yaml_error(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        return " ".join(p for p in (error.context, error.problem) if p).strip() or "not valid YAML"
    return str(error) or "not valid YAML"


#: Why a structure is refused as a whole, by what is too much.
_REFUSED = {
    "items": f"found a list or mapping with more than {MAX_COLLECTION_ITEMS} items; "
    "no field of a story allows that many",
    "depth": f"found values nested more than {MAX_NESTING} levels deep; "
    "no field of a story nests that deep",
}


def _refuse_hostile_structure(yaml_text: str, first_line: int) -> None:
    """Walk YAML's event stream (iteratively, so depth costs no recursion) before composing;
    :class:`_Refused` for an anchor, an alias, too many items or too deep a nesting."""
    open_collections: list[list[int]] = []  # [start line, items so far, events per item]
    for event in yaml.parse(yaml_text, Loader=_StrictLoader):
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "an alias (*)" if isinstance(event, yaml.AliasEvent) else "an anchor (&)"
            raise _Refused(
                line,
                f"found {kind}; YAML anchors and aliases are not allowed in stories, "
                "write each value out in full",
            )
        if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent) and open_collections:
            current = open_collections[-1]
            current[1] += 1
            if current[1] > MAX_COLLECTION_ITEMS * current[2]:
                raise _Refused(current[0], _REFUSED["items"])
        if isinstance(event, yaml.CollectionStartEvent):
            per_item = 2 if isinstance(event, yaml.MappingStartEvent) else 1
            open_collections.append([line, 0, per_item])
            if len(open_collections) > MAX_NESTING:
                raise _Refused(line, _REFUSED["depth"])
        elif isinstance(event, yaml.CollectionEndEvent):
            open_collections.pop()


class _Refused(Exception):
    """A structure refused as a whole: ``args`` are the line and why."""


def read_yaml_mapping(
    yaml_text: str, path: str, first_line: int, field_name: str = "front-matter"
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read ``yaml_text`` as one mapping; every problem carries its file line (``first_line``
    is the file line of the text's first line: PyYAML's zero-based marks are added to it)."""

    def refuse(line: int, message: str, quoted: str = "") -> tuple[None, list[Problem]]:
        private = private_part(message, quoted)  # ``quoted``: the file's own text, if any
        return None, [Problem(path, line, field_name, message, private=private)]

    try:
        # Anchors and aliases need & or *; nesting deep enough to strain libyaml's recursive
        # composer needs many brackets or much text. Ordinary stories skip the event scan,
        # which would otherwise double the cost of reading them.
        brackets = yaml_text.count("[") + yaml_text.count("{")
        if "&" in yaml_text or "*" in yaml_text or len(yaml_text) > 16_384 or brackets > 64:
            _refuse_hostile_structure(yaml_text, first_line)
        loader = _StrictLoader(yaml_text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return refuse(first_line, "found an empty block; the fields are missing")
        if not isinstance(node, yaml.MappingNode):
            line = first_line + node.start_mark.line
            return refuse(line, "found a single value or a list; expected 'field: value' lines")
        reader = _NodeReader(path, first_line, loader)
        reader.document.data = reader.mapping(node, ())  # (it words YAML's errors about values)
    except _Refused as refused:
        return refuse(*refused.args)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        at = mark.line if mark is not None else 0  # zero-based, in ``yaml_text``
        hint = yaml_hint(yaml_text, at, first_line)
        if hint is not None:
            return refuse(first_line + hint.line, hint.message, hint.quoted)
        return refuse(
            first_line + at,
            f"not valid YAML: {_describe_yaml_error(error)}; "
            "check indentation, colons and quotes on this line and the one before",
        )
    return reader.document, reader.problems


class _NodeReader:
    """Turn composed YAML nodes into Python data, recording lines and finding duplicate keys."""

    def __init__(self, path: str, first_line: int, loader: _StrictLoader) -> None:
        self.path = path
        self.first_line = first_line
        self.loader = loader
        self.document = YamlDocument({}, {(): first_line - 1})
        self.problems: list[Problem] = []

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def report(self, node: yaml.Node, location: Location, message: str, quoted: str = "") -> None:
        """A problem with ``node``; ``quoted`` is the file's own text that ``message`` quotes."""
        line, field_name = self.line(node), dotted_field(location) or "front-matter"
        private = private_part(message, quoted)
        self.problems.append(Problem(self.path, line, field_name, message, private=private))

    def value(self, node: yaml.Node, location: Location) -> Any:
        self.document.lines.setdefault(location, self.first_line + node.start_mark.line)
        if node.tag == _STR_TAG:
            if getattr(node, "style", None) in ("'", '"'):
                self.document.quoted.add(location)
            return node.value  # plain text, by far the most common value: no constructor needed
        if isinstance(node, yaml.CollectionNode):
            if len(node.value) > MAX_COLLECTION_ITEMS:
                raise _Refused(self.line(node), _REFUSED["items"])
            if len(location) >= MAX_NESTING:
                raise _Refused(self.line(node), _REFUSED["depth"])
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"found the YAML tag '{tag}'; tags are not allowed, "
            self.report(node, location, message + "write the value as plain text")
            self.document.invalid.append(location)
            return InvalidScalar(str(node.value) if isinstance(node.value, str) else "")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*location, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, location)

    def scalar(self, node: yaml.Node, location: Location) -> Any:
        key = (node.tag, node.value)
        if key in _CONSTRUCTED:
            value = _CONSTRUCTED[key]
        else:
            try:
                value = self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
                text = str(node.value)
                if node.tag == "tag:yaml.org,2002:timestamp":
                    message = f"found '{text}', which is not a real date; use a date YYYY-MM-DD"
                elif isinstance(error, yaml.YAMLError):
                    message = f"found '{text}': {_describe_yaml_error(error)}"
                else:
                    message = f"found '{text}', which YAML cannot read ({error})"
                self.report(node, location, message, f"'{text}'")
                self.document.invalid.append(location)
                return InvalidScalar(text)
            if node.tag in _CACHED_TAGS and len(_CONSTRUCTED) < 50_000:
                _CONSTRUCTED[key] = value
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        return value

    def mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines = self.document.lines
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                message = (
                    "found a list or mapping used as a field name; field names are plain words"
                )
                self.report(key_node, location, message)
                continue
            # YAML 1.1 reads `yes:`, `on:` or `2024:` as non-strings; a field name is always text.
            key = str(key_node.value)
            where = (*location, key)
            if where in lines:  # the key's own line, so set on its first time in this mapping
                message = (
                    f"found '{key}' a second time (first on line {lines[where]}); "
                    "each field may appear once, delete one of them"
                )
                self.report(key_node, where, message, f"'{key}'")
                continue
            lines[where] = self.line(key_node)
            result[key] = self.value(value_node, where)
        return result
