"""The build cache an earlier Kairos version left is deleted by the next build (site_build)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ..site_factory import PLUGIN_LOGGER, build_site, write_project, write_story, write_vocabulary

TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# The Kairos build cache.\n"


def old_cache(root: Path, *extra: str) -> Path:
    folder = root / ".cache" / "kairos"
    folder.mkdir(parents=True)
    (folder / "CACHEDIR.TAG").write_text(TAG, encoding="utf-8")
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    (folder / "cache.sqlite").write_bytes(b"SQLite format 3\x00 She held my hand at the end.")
    for name in extra:
        (folder / name).write_text("someone else's file", encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "night-shift")
    write_project(tmp_path, plugin={"search": "none"})
    return tmp_path


def test_the_old_cache_is_deleted_with_a_note(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = old_cache(project)
    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        build_site(project)
    assert not folder.exists()
    assert "kairos: deleted .cache/kairos/cache.sqlite: the build cache of an earlier Kairos " in (
        "\n".join(r.getMessage() for r in caplog.records)
    )


def test_only_the_database_goes_when_the_folder_holds_other_files(project: Path) -> None:
    folder = old_cache(project, "notes.txt")
    build_site(project)
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "CACHEDIR.TAG", "notes.txt"]


def test_a_folder_without_the_caches_mark_is_not_touched(project: Path) -> None:
    folder = project / ".cache" / "kairos"
    folder.mkdir(parents=True)
    (folder / "cache.sqlite").write_bytes(b"another tool's database")
    build_site(project)
    assert (folder / "cache.sqlite").read_bytes() == b"another tool's database"
