"""The kairos plugin's options in ``mkdocs.yml``, with line numbers, read without MkDocs.

``kairos check`` reads a stories folder, not the site configuration; a few of its warnings
are about options of the site that publishes that folder (privacy wording still a placeholder,
a pinned build date).
The site's ``mkdocs.yml`` is the one in the stories folder's parent. It is read as a YAML node
tree, never constructed as a whole, so MkDocs' own tags (``!!python/name:...``, ``!ENV``) are
kept as text instead of failing, and each option keeps the line it is written on.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from kairos.core.problems import Problem

MKDOCS_FILE = "mkdocs.yml"
PLUGIN_NAME = "kairos"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Setting:
    """One option's value and the line (from 1) it is written on (its key's, in a mapping).

    A mapping's value is a ``dict`` of its keys' settings, a list's a ``list`` of settings; a
    scalar is what YAML makes of it (text, number, boolean, date, None), or its text as
    written when it carries a tag YAML does not know (``!ENV SITE_URL``).
    """

    value: Any
    line: int


@dataclass(frozen=True)
class SiteSettings:
    """The kairos plugin's options in one ``mkdocs.yml``."""

    #: The file as messages show it (``mkdocs.yml``, or ``../mkdocs.yml`` from ``stories``).
    path: str
    #: The line of the plugin's entry (``- kairos:``), where an unset option is reported.
    line: int
    #: The plugin's options; empty when it is listed without any.
    options: dict[str, Setting] = field(default_factory=dict)
    #: Why the file could not be read (then ``options`` is empty).
    problems: list[Problem] = field(default_factory=list)


def _value(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {
            str(key.value): Setting(_value(value, loader), key.start_mark.line + 1)
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode)
        }
    if isinstance(node, yaml.SequenceNode):
        return [Setting(_value(item, loader), item.start_mark.line + 1) for item in node.value]
    if node.tag.startswith("tag:yaml.org,2002:"):
        with suppress(yaml.YAMLError):
            return loader.construct_object(node, deep=True)
    return node.value


def _plugin_entry(top: dict[str, Setting]) -> Setting | None:
    """The kairos plugin's entry in ``plugins`` (its value: None when listed without options)."""
    plugins = top["plugins"].value if "plugins" in top else None
    if isinstance(plugins, dict):  # plugins: {kairos: {...}}
        plugins = [Setting(plugins, 0)]
    for entry in plugins if isinstance(plugins, list) else []:
        if entry.value == PLUGIN_NAME:
            return Setting(None, entry.line)
        if isinstance(entry.value, dict) and PLUGIN_NAME in entry.value:
            return cast(Setting, entry.value[PLUGIN_NAME])
    return None


def read_site_settings(stories_dir: Path, display_dir: str) -> SiteSettings | None:
    """The kairos options of the ``mkdocs.yml`` beside the stories folder.

    None when there is no such file, or it does not use the kairos plugin (a stories folder
    checked on its own). A file that cannot be read gives one problem, a warning: the check is
    about the stories, and the site's build reports the file itself.
    """
    shown = os.path.normpath(os.path.join(display_dir, os.pardir, MKDOCS_FILE))
    return _settings(stories_dir.resolve().parent / MKDOCS_FILE, shown)


def _settings(config: Path | str, shown: str) -> SiteSettings | None:
    """The kairos options in a ``mkdocs.yml`` given as its path or its text."""
    if isinstance(config, Path) and not config.is_file():
        return None
    try:
        text = config.read_text(encoding="utf-8") if isinstance(config, Path) else config
        root = yaml.compose(text, Loader=_Loader)
    except (OSError, UnicodeDecodeError) as error:
        return _unreadable(shown, 1, error)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return _unreadable(shown, 1 if mark is None else mark.line + 1, error)
    top = None if root is None else _value(root, _Loader(""))
    if not isinstance(top, dict) or (entry := _plugin_entry(top)) is None:
        return None
    return SiteSettings(shown, entry.line, entry.value if isinstance(entry.value, dict) else {})


def _unreadable(shown: str, line: int, error: Exception) -> SiteSettings:
    why = " ".join(str(error).split())
    message = f"could not be read ({why}); the site settings in it were not checked"
    return SiteSettings(shown, line, problems=[Problem(shown, line, "file", message, "warning")])


# A site built with ``build_date`` set is judged on that date, not today: a story whose consent
# lapses after it stays online, and one embargoed until after it is published early. ``kairos
# check`` warns while one is set, and the deploy ignores it (kairos.editors.deploy.deploy_build).


def pinned_build_date(config: Path | str) -> Setting | None:
    """The kairos plugin's ``build_date`` (its text, stripped) in a mkdocs.yml given as its path
    or its text; None when it is not set, or the file is missing or not YAML (MkDocs reports
    that itself when it builds)."""
    return _pinned(_settings(config, MKDOCS_FILE))


def _pinned(settings: SiteSettings | None) -> Setting | None:
    option = None if settings is None else settings.options.get("build_date")
    if option is None or option.value is None or not str(option.value).strip():
        return None
    return Setting(str(option.value).strip(), option.line)


def pinned_date_warnings(settings: SiteSettings) -> list[Problem]:
    """The warning ``kairos check`` prints while a build date is pinned (none while not)."""
    if (pinned := _pinned(settings)) is None:
        return []
    message = (
        f"pinned to {pinned.value}; the site is judged on that date, not today: a story whose "
        "consent lapses after it stays online, and one embargoed until after it is published "
        "early (the deploy ignores it); remove 'build_date' from the kairos plugin's options "
        "and use 'kairos check --date' or 'kairos diff --date' to look at another day"
    )
    return [Problem(settings.path, pinned.line, "build_date", message, severity="warning")]
