"""The ``build_date`` pinned in ``mkdocs.yml``, read without MkDocs.

A site built with ``build_date`` set is judged on that date, not today: a story whose consent
lapses after it stays online, and one embargoed until after it is published early. ``kairos
check`` warns while one is set, and the deploy ignores it (see :mod:`kairos.editors.
deploy_build`). The file is only composed, never constructed, so MkDocs' own tags
(``!ENV``, ``!relative``, ``!!python/name:...``) are read as plain nodes and never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kairos.core.problems import Problem

__all__ = [
    "CONFIG_FILE",
    "PinnedDate",
    "pinned_build_date",
    "pinned_build_date_in",
    "pinned_date_warning",
]

#: The MkDocs configuration beside the stories folder, in the project folder.
CONFIG_FILE = "mkdocs.yml"
_PLUGIN = "kairos"
_OPTION = "build_date"


@dataclass(frozen=True)
class PinnedDate:
    """``build_date: <text>`` of the kairos plugin, on ``line`` of the file (from 1)."""

    text: str
    line: int


def pinned_build_date(config_file: Path) -> PinnedDate | None:
    """The kairos plugin's ``build_date`` in ``config_file``; None when it is not set, or the
    file is missing or not YAML (MkDocs reports that itself when it builds)."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return pinned_build_date_in(text)


def pinned_build_date_in(text: str) -> PinnedDate | None:
    """The kairos plugin's ``build_date`` in the text of a mkdocs.yml (None: not set, or not
    YAML)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    plugins = _value(root, "plugins")
    entries: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        entries = [n for n in plugins.value if isinstance(n, yaml.MappingNode)]
    elif isinstance(plugins, yaml.MappingNode):
        entries = [plugins]
    for entry in entries:
        option = _value(_value(entry, _PLUGIN), _OPTION)
        if isinstance(option, yaml.ScalarNode) and option.value.strip() not in ("", "~", "null"):
            return PinnedDate(option.value.strip(), option.start_mark.line + 1)
    return None


def pinned_date_warning(display_path: str, pinned: PinnedDate) -> Problem:
    """The warning ``kairos check`` prints while a build date is pinned."""
    return Problem(
        display_path,
        pinned.line,
        _OPTION,
        f"pinned to {pinned.text}; the site is judged on that date, not today: a story whose "
        "consent lapses after it stays online, and one embargoed until after it is published "
        f"early (the deploy ignores it); remove '{_OPTION}' from the kairos plugin's options "
        "and use 'kairos check --date' or 'kairos diff --date' to look at another day",
        severity="warning",
    )


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node (None if absent or not a mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node if isinstance(value_node, yaml.Node) else None
    return None
