"""The words ``kairos pack`` prints, from the mkdocs.yml beside the stories folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kairos.editors.project.pack_settings import pack_settings_beside
from kairos.pack.pack_document import PackSettings
from kairos.site.pages.site_identity import DEFAULT_SUPPORT

D = dt.date(2026, 6, 1)


def test_the_sites_name_address_language_and_plugin_options(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Ward stories\n"
        "site_url: https://example.org/kairos/\n"
        "theme:\n  name: material\n  language: cy\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - kairos:\n      organisation: Kairos Trust\n"
        "      support: Call the helpline.\n      support_url: tel:+44800\n",
        encoding="utf-8",
    )
    assert pack_settings_beside(tmp_path / "stories", D) == PackSettings(
        site_name="Ward stories",
        organisation="Kairos Trust",
        support="Call the helpline.",
        build_date=D,
        site_url="https://example.org/kairos/",
        support_url="tel:+44800",
        language="cy",
    )


def test_neutral_words_without_a_readable_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    expected = PackSettings("Stories of care", "Stories of care", DEFAULT_SUPPORT, D)
    assert pack_settings_beside(tmp_path / "stories", D) == expected
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV SITE_URL\nsite_name: [", "utf-8")
    assert pack_settings_beside(tmp_path / "stories", D) == expected
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV SITE_URL\n", "utf-8")
    assert pack_settings_beside(tmp_path / "stories", D) == expected
