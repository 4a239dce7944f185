"""The kairos plugin's options read from mkdocs.yml beside a stories folder, with lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kairos.core.problems import Problem
from kairos.core.site_settings import (
    Setting,
    SiteSettings,
    pinned_build_date,
    read_site_settings,
)

MKDOCS_YML = """\
site_name: Stories
theme:
  name: material
plugins:
  - search
  - kairos:
      build_date: 2026-01-31
      feed: false
      privacy:
        data_controller: The Kairos Trust
        contact: !ENV [PRIVACY_CONTACT, "privacy@example.org"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def settings_of(tmp_path: Path, text: str, display_dir: str = "stories") -> SiteSettings | None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return read_site_settings(tmp_path / "stories", display_dir)


def test_the_options_keep_their_values_and_lines_despite_mkdocs_tags(tmp_path: Path) -> None:
    assert settings_of(tmp_path, MKDOCS_YML) == SiteSettings(
        "mkdocs.yml",
        6,
        {
            "build_date": Setting(dt.date(2026, 1, 31), 7),
            "feed": Setting(False, 8),
            "privacy": Setting(
                {
                    "data_controller": Setting("The Kairos Trust", 10),
                    "contact": Setting(
                        [Setting("PRIVACY_CONTACT", 11), Setting("privacy@example.org", 11)], 11
                    ),
                },
                9,
            ),
        },
    )


@pytest.mark.parametrize(
    ("plugins", "line", "options"),
    [
        # The mapping form MkDocs also accepts.
        ("plugins:\n  kairos:\n    feed: true\n", 2, {"feed": Setting(True, 3)}),
        # Listed without options.
        ("plugins:\n  - search\n  - kairos\n", 3, {}),
        ("plugins:\n  - kairos:\n", 2, {}),
    ],
)
def test_every_way_of_listing_the_plugin(
    tmp_path: Path, plugins: str, line: int, options: dict[str, Setting]
) -> None:
    assert settings_of(tmp_path, plugins) == SiteSettings("mkdocs.yml", line, options)


@pytest.mark.parametrize(
    "text",
    ["site_name: Stories\n", "plugins:\n  - search\n", "", "- a list\n", "plugins: kairos\n"],
)
def test_a_site_without_the_kairos_plugin_has_no_settings(tmp_path: Path, text: str) -> None:
    assert settings_of(tmp_path, text) is None


def test_a_stories_folder_without_mkdocs_yml_beside_it_has_none(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    assert read_site_settings(tmp_path / "stories", "stories") is None


def test_the_file_is_named_as_the_stories_folder_was(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "plugins:\n  - kairos\n", display_dir=".")
    assert settings is not None
    assert settings.path == "../mkdocs.yml"


def test_a_file_that_is_not_yaml_is_one_warning_on_its_line(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "site_name: Stories\nplugins: [kairos\n")
    assert settings is not None
    assert settings.options == {}
    (problem,) = settings.problems
    assert problem == Problem(
        "mkdocs.yml",
        3,
        "file",
        problem.message,
        severity="warning",
    )
    assert problem.message.startswith("could not be read (while parsing a flow sequence")
    assert problem.message.endswith("; the site settings in it were not checked")


# --- the pinned build date (read without MkDocs and without running its tags) ---------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("plugins:\n  - search\n  - kairos:\n      build_date: 2026-01-31\n", ("2026-01-31", 4)),
        ("plugins:\n  kairos:\n    build_date: '2026-02-01'\n", ("2026-02-01", 3)),
        (
            "site_url: !ENV [SITE_URL, 'https://example.org/']\n"
            "markdown_extensions:\n"
            "  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "plugins:\n  - kairos:\n      build_date: !ENV PINNED\n",
            ("PINNED", 7),
        ),
        ("plugins:\n  - kairos:\n      build_date: not a date\n", ("not a date", 3)),
    ],
)
def test_a_pinned_build_date_is_found_with_its_line(text: str, found: tuple[str, int]) -> None:
    assert pinned_build_date(text) == Setting(*found)


@pytest.mark.parametrize(
    "text",
    [
        "plugins:\n  - kairos:\n      # build_date: 2026-01-31\n      feed: true\n",
        "plugins:\n  - kairos:\n      build_date:\n",
        "plugins:\n  - kairos:\n      build_date: null\n",
        "plugins:\n  - kairos\n",
        "plugins:\n  - other:\n      build_date: 2026-01-31\n",
        "build_date: 2026-01-31\n",
        "plugins: [unclosed\n",
        "",
    ],
)
def test_no_pinned_build_date(text: str) -> None:
    assert pinned_build_date(text) is None


def test_a_missing_or_unreadable_file_pins_nothing(tmp_path: Path) -> None:
    assert pinned_build_date(tmp_path / "mkdocs.yml") is None
    (tmp_path / "mkdocs.yml").write_bytes(b"plugins:\n  - kairos:\n      build_date: \xff\n")
    assert pinned_build_date(tmp_path / "mkdocs.yml") is None
