"""The site's words a pack made by ``kairos pack`` prints, read from the ``mkdocs.yml`` beside
the stories folder (a stories folder without one gets neutral words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from kairos.core.site_settings import MKDOCS_FILE, read_site_settings
from kairos.pack.pack_document import PackSettings
from kairos.site.pages.site_identity import DEFAULT_SUPPORT


class _TagsUnread(yaml.SafeLoader):
    """Reads a mkdocs.yml without running MkDocs' own tags (``!ENV``, ``!!python/name:``): a
    tagged value reads as None."""


_TagsUnread.add_multi_constructor("", lambda _loader, _suffix, _node: None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def pack_settings_beside(stories_dir: Path, build_date: dt.date) -> PackSettings:
    """The pack's words for the site that publishes ``stories_dir``."""
    try:
        text = (stories_dir.resolve().parent / MKDOCS_FILE).read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_TagsUnread)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None
    config = config if isinstance(config, dict) else {}
    theme = config.get("theme")
    settings = read_site_settings(stories_dir, stories_dir.as_posix())
    options = {} if settings is None else settings.options

    def option(name: str) -> str | None:
        return _text(options[name].value) if name in options else None

    site_name = _text(config.get("site_name")) or "Stories of care"
    return PackSettings(
        site_name=site_name,
        organisation=option("organisation") or site_name,
        support=option("support") or DEFAULT_SUPPORT,
        support_url=option("support_url"),
        build_date=build_date,
        site_url=_text(config.get("site_url")),
        language=_text(theme.get("language") if isinstance(theme, dict) else None) or "en",
    )
