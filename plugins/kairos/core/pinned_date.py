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

from kairos.core.problems import Problem
from kairos.core.site_settings import MKDOCS_FILE, SiteSettings, site_settings_in

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
        return pinned_build_date_in(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def pinned_build_date_in(text: str) -> PinnedDate | None:
    """The kairos plugin's ``build_date`` in the text of a mkdocs.yml (None: not set, or not
    YAML)."""
    settings = site_settings_in(text, MKDOCS_FILE)
    return None if settings is None else pinned_date_of(settings)


def pinned_date_of(settings: SiteSettings) -> PinnedDate | None:
    """The ``build_date`` among the plugin's options read by :mod:`kairos.core.site_settings`."""
    option = settings.options.get(_OPTION)
    if option is None or option.value is None or not str(option.value).strip():
        return None
    return PinnedDate(str(option.value).strip(), option.line)


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
