"""The site's words a pack made by ``kairos pack`` prints, read from the ``mkdocs.yml`` beside
the stories folder (a stories folder without one gets neutral words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from kairos.core.site_settings import MKDOCS_FILE, read_site_settings
from kairos.pack.pack_document import PackSettings
from kairos.site.pages.site_identity import DEFAULT_SUPPORT


def _top_level(mkdocs_file: Path) -> dict[str, str]:
    """``site_name``, ``site_url`` and ``theme.language`` as written (tags left unread)."""
    try:
        root = yaml.compose(mkdocs_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, str] = {}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        if isinstance(value, yaml.ScalarNode) and key.value in {"site_name", "site_url"}:
            found[key.value] = str(value.value)
        if key.value == "theme" and isinstance(value, yaml.MappingNode):
            for theme_key, theme_value in value.value:
                if theme_key.value == "language" and isinstance(theme_value, yaml.ScalarNode):
                    found["language"] = str(theme_value.value)
    return found


def pack_settings_beside(stories_dir: Path, build_date: dt.date) -> PackSettings:
    """The pack's words for the site that publishes ``stories_dir``."""
    top = _top_level(stories_dir.resolve().parent / MKDOCS_FILE)
    settings = read_site_settings(stories_dir, stories_dir.as_posix())
    options = {} if settings is None else settings.options

    def option(name: str) -> str | None:
        value = options[name].value if name in options else None
        return value if isinstance(value, str) and value.strip() else None

    site_name = top.get("site_name") or "Stories of care"
    return PackSettings(
        site_name=site_name,
        organisation=option("organisation") or site_name,
        support=option("support") or DEFAULT_SUPPORT,
        support_url=option("support_url"),
        build_date=build_date,
        site_url=top.get("site_url") or None,
        language=top.get("language") or "en",
    )
