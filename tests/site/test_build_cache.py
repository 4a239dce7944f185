"""Cache entries: stable keys across processes, checked contents, atomic builds, pruning, and a
database that is damaged or held by another build."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pytest

from kairos.site.build_cache import BuildCache, Unstable, digest, environment_digest, stable_text
from kairos.site.cache_database import DATABASE_NAME

from ..site_factory import build_site, consent, write_project, write_story


@dataclass(frozen=True)
class Card:
    title: str
    themes: frozenset[str]


SCRIPT = (
    "from kairos.site.build_cache import stable_text\n"
    "print(stable_text({'b': frozenset({'kindness', 'waiting', 'hope', 'dignity'}), 'a': [1]}))\n"
)


def test_stable_text_is_the_same_in_every_process() -> None:
    """Sets are ordered by string hashes, which differ per process unless seeded."""
    texts = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        texts.add(done.stdout)
    assert len(texts) == 1


def test_stable_text_tells_values_apart() -> None:
    card = Card("Night shift", frozenset({"kindness"}))
    assert stable_text(card) != stable_text(Card("Night shift", frozenset({"waiting"})))
    assert stable_text(["a", "b"]) != stable_text(["ab"])
    assert stable_text(dt.date(2025, 1, 2)) != stable_text("2025-01-02")
    assert stable_text(1) != stable_text(True) != stable_text("1")
    assert digest("ab", "c") != digest("a", "bc")


def test_values_without_a_stable_text_are_refused() -> None:
    with pytest.raises(Unstable, match="no stable text for a object"):
        stable_text({"x": object()})


def database(root: Path) -> closing[sqlite3.Connection]:
    """Another connection to the cache's database, as another build (or a person) has."""
    return closing(sqlite3.connect(root / DATABASE_NAME, isolation_level=None, timeout=0))


def stored(root: Path, kind: str) -> dict[str, bytes]:
    with database(root) as db:
        rows = db.execute("SELECT key, payload FROM entries WHERE kind = ?", (kind,))
        return dict(rows.fetchall())


def test_an_entry_is_read_back_only_when_intact(tmp_path: Path) -> None:
    store = BuildCache(tmp_path, "pages")
    store.put("key", b"<html>page</html>")
    assert store.get("key") == b"<html>page</html>"
    store.prune()
    assert stored(tmp_path, "pages") == {"key": b"<html>page</html>"}
    damages = (
        "UPDATE entries SET payload = CAST('<html>PAGE</html>' AS BLOB)",
        "UPDATE entries SET payload = substr(payload, 1, 5)",
        "UPDATE entries SET checksum = 'x'",
        "UPDATE entries SET payload = 'text, not bytes'",
    )
    for damage in damages:
        with database(tmp_path) as db:
            db.execute(damage)
        reader = BuildCache(tmp_path, "pages")
        assert reader.get("key") is None
        assert (reader.hits, reader.misses) == (0, 1)
        reader.put("key", b"<html>page</html>")
        assert reader.get("key") == b"<html>page</html>"
        reader.prune()


def test_prune_keeps_only_the_entries_used(tmp_path: Path) -> None:
    first = BuildCache(tmp_path, "pages")
    first.put("old", b"old text")
    first.put("kept", b"kept text")
    first.prune()
    second = BuildCache(tmp_path, "pages")
    other_kind = BuildCache(tmp_path, "content")
    assert second.get("kept") == b"kept text"
    second.prune()
    other_kind.prune()
    assert stored(tmp_path, "pages") == {"kept": b"kept text"}


def test_a_build_s_entries_are_kept_all_at_once_when_its_last_store_is_pruned(
    tmp_path: Path,
) -> None:
    pages, content = BuildCache(tmp_path, "pages"), BuildCache(tmp_path, "content")
    pages.put("page", b"page")
    content.put("text", b"text")
    pages.prune()
    assert not (tmp_path / DATABASE_NAME).exists() or stored(tmp_path, "pages") == {}
    content.prune()
    assert stored(tmp_path, "pages") == {"page": b"page"}
    assert stored(tmp_path, "content") == {"text": b"text"}


STOPPED = (
    "import os, sys\n"
    "from pathlib import Path\n"
    "from kairos.site.build_cache import BuildCache\n"
    "store = BuildCache(Path(sys.argv[1]), 'pages')\n"
    "assert store.get('old') == b'old text'\n"
    "store.put('new', b'new text')\n"
    "os._exit(3)\n"
)


def test_a_build_that_is_stopped_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    first = BuildCache(tmp_path, "pages")
    first.put("old", b"old text")
    first.prune()
    done = subprocess.run([sys.executable, "-c", STOPPED, str(tmp_path)], check=False)
    assert done.returncode == 3
    assert stored(tmp_path, "pages") == {"old": b"old text"}


def test_a_damaged_database_is_started_afresh(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tmp_path.joinpath(DATABASE_NAME).write_bytes(b"not a database " * 500)
    caplog.set_level(logging.INFO, "kairos")
    store = BuildCache(tmp_path, "pages")
    assert store.get("key") is None
    store.put("key", b"x")
    store.prune()
    assert stored(tmp_path, "pages") == {"key": b"x"}
    assert [r.getMessage() for r in caplog.records] == [
        f"kairos cache: {tmp_path / DATABASE_NAME} is damaged (file is not a database); "
        "starting afresh"
    ]


def test_a_database_another_build_writes_to_is_read_but_not_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = BuildCache(tmp_path, "pages")
    first.put("old", b"old text")
    first.prune()
    caplog.set_level(logging.INFO, "kairos")
    with database(tmp_path) as other:
        other.execute("BEGIN IMMEDIATE")  # another build is writing
        second = BuildCache(tmp_path, "pages")
        assert second.get("old") == b"old text"
        second.put("new", b"new text")
        second.prune()
        other.execute("COMMIT")
    assert stored(tmp_path, "pages") == {"old": b"old text"}
    assert [r.getMessage() for r in caplog.records] == [
        "kairos cache: another build is using the cache; this build reuses what it can read "
        "but keeps nothing"
    ]


def test_a_database_another_build_holds_alone_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = BuildCache(tmp_path, "pages")
    first.put("old", b"old text")
    first.prune()
    caplog.set_level(logging.INFO, "kairos")
    with database(tmp_path) as other:
        other.execute("BEGIN EXCLUSIVE")  # another build is committing
        second = BuildCache(tmp_path, "pages")
        assert second.get("old") is None
        second.put("new", b"new text")
        second.prune()
        other.execute("COMMIT")
    assert stored(tmp_path, "pages") == {"old": b"old text"}
    assert [r.getMessage() for r in caplog.records] == [
        f"kairos cache: off for this build: {tmp_path / DATABASE_NAME} (database is locked)"
    ]


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = BuildCache(blocked, "pages")
    store.put("key", b"x")
    assert store.get("key") is None
    store.prune()


def test_the_folders_of_the_first_layout_are_deleted(tmp_path: Path) -> None:
    """Kairos once kept one file per entry in folders; they could hold a withdrawn story."""
    BuildCache(tmp_path, "pages").prune()
    old = tmp_path / "pages"
    old.mkdir()
    (old / "0123abcd").write_text("kairos-cache-1\nan old story")
    BuildCache(tmp_path, "pages").prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".gitignore",
        "CACHEDIR.TAG",
        DATABASE_NAME,
    ]


def test_the_environment_digest_follows_installed_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    info = tmp_path / "porter-1.0.dist-info"
    info.mkdir()
    first = environment_digest.__wrapped__()
    assert environment_digest.__wrapped__() == first
    info.rename(tmp_path / "porter-1.1.dist-info")
    second = environment_digest.__wrapped__()
    old = tmp_path / "ward.egg-info"  # no version in the name: read from its metadata
    old.mkdir()
    (old / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: ward\nVersion: 2.0\n")
    third = environment_digest.__wrapped__()
    (old / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: ward\nVersion: 2.1\n")
    fourth = environment_digest.__wrapped__()
    assert len({first, second, third, fourth}) == 4


FORKED = (
    "import os, sys\n"
    "from pathlib import Path\n"
    "from kairos.site.build_cache import BuildCache\n"
    "parent = BuildCache(Path(sys.argv[1]), 'pages')\n"
    "parent.put('parent', b'parent text')\n"
    "child = os.fork()\n"
    "if child == 0:\n"
    "    import logging\n"
    "    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(message)s')\n"
    "    store = BuildCache(Path(sys.argv[1]), 'pages')\n"
    "    store.put('child', b'child text')\n"
    "    store.prune()\n"
    "    os._exit(0)\n"
    "os.waitpid(child, 0)\n"
    "assert parent.get('parent') == b'parent text'\n"
    "parent.prune()\n"
)


def test_a_forked_process_does_not_use_its_parent_s_connection(tmp_path: Path) -> None:
    """The child opens its own connection, finds the database held by its parent, keeps
    nothing; the parent's transaction is untouched and kept at its end."""
    done = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path)], check=True, capture_output=True, text=True
    )
    assert done.stdout == (
        "kairos cache: another build is using the cache; this build reuses what it can read "
        "but keeps nothing\n"
    )
    assert stored(tmp_path, "pages") == {"parent": b"parent text"}


def test_a_dict_is_described_like_any_other_mapping() -> None:
    value = {"b": 1, "ab": [1, "x"], "z": {"q": None}, "a": Card("Night", frozenset())}
    assert stable_text(value) == stable_text(MappingProxyType(value))
    assert stable_text({1: "a"}) == stable_text(MappingProxyType({1: "a"}))


def test_only_frozen_objects_with_a_long_text_are_remembered() -> None:
    """A story card is on many pages: described once a build. A link is not worth a place."""
    short, long = Card("Night shift", frozenset()), Card("Night " * 50, frozenset({"waiting"}))
    memo: dict[int, tuple[object, str]] = {}
    text = stable_text([short, long, long, short], memo)
    assert [value for value, _ in memo.values()] == [long]
    assert stable_text([short, long, long, short]) == text
    assert stable_text(long) != stable_text(Card("Night " * 50, frozenset({"kindness"})))


def cache_files_holding(cache_dir: Path, needle: str) -> list[str]:
    """The files under the cache folder (the database, its journal...) whose bytes hold
    ``needle``, as UTF-8."""
    raw = needle.encode("utf-8")
    return sorted(
        str(path.relative_to(cache_dir))
        for path in cache_dir.rglob("*")
        if path.is_file() and raw in path.read_bytes()
    )


def test_a_held_back_story_s_words_leave_the_cache_whatever_the_options(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "kept-story", body="Zanzibarine marmalade kept us going.\n")
    write_story(
        stories,
        "withdrawn-story",
        title="Quixotical porcupine",
        body="",
        consent_record=consent("withdrawn"),
    )
    write_project(project)
    cache_dir = project / ".cache/kairos"
    build_site(project)
    # The audit keeps a held-back story's words as its evidence while audit is on...
    assert cache_files_holding(cache_dir, "Quixotical porcupine") == [DATABASE_NAME]
    write_project(project, plugin={"audit": False})
    build_site(project)
    # ... and a build without the audit deletes them with every other entry it did not use.
    assert cache_files_holding(cache_dir, "Quixotical porcupine") == []
    assert cache_files_holding(cache_dir, "Zanzibarine marmalade") == [DATABASE_NAME]


def test_a_build_with_the_cache_off_deletes_what_an_earlier_build_cached(project: Path) -> None:
    stories = project / "stories"
    write_story(stories, "kept-story", body="Zanzibarine marmalade kept us going.\n")
    write_project(project)
    cache_dir = project / ".cache/kairos"
    build_site(project)
    assert cache_files_holding(cache_dir, "Zanzibarine marmalade") == [DATABASE_NAME]
    write_story(stories, "kept-story", consent_record=consent("withdrawn"), body="")
    write_project(project, plugin={"cache": False})
    build_site(project)
    assert cache_files_holding(cache_dir, "Zanzibarine marmalade") == []
    assert not (cache_dir / DATABASE_NAME).exists()
    assert (cache_dir / "CACHEDIR.TAG").is_file()  # only the database's own files go
