"""The build date pinned in mkdocs.yml, read without MkDocs and without running its tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from kairos.core.pinned_date import PinnedDate, pinned_build_date, pinned_build_date_in


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
    assert pinned_build_date_in(text) == PinnedDate(*found)


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
    assert pinned_build_date_in(text) is None


def test_a_missing_or_unreadable_file_pins_nothing(tmp_path: Path) -> None:
    assert pinned_build_date(tmp_path / "mkdocs.yml") is None
    (tmp_path / "mkdocs.yml").write_bytes(b"plugins:\n  - kairos:\n      build_date: \xff\n")
    assert pinned_build_date(tmp_path / "mkdocs.yml") is None
