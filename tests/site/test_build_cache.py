"""Cache entries: stable keys across processes, checked contents, atomic writes, pruning."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kairos.site.build_cache import BuildCache, Unstable, digest, stable_text


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


def test_an_entry_is_read_back_only_when_intact(tmp_path: Path) -> None:
    store = BuildCache(tmp_path, "pages")
    store.put("key", b"<html>page</html>")
    assert store.get("key") == b"<html>page</html>"
    entry = tmp_path / "pages" / "key"
    intact = entry.read_bytes()
    for damaged in (intact[:-1], intact[:-1] + b"?", intact.replace(b"page", b"PAGE"), b""):
        entry.write_bytes(damaged)
        assert store.get("key") is None
    assert [p.name for p in (tmp_path / "pages").iterdir()] == ["key"]  # no temporary file left


def test_prune_keeps_only_the_entries_used(tmp_path: Path) -> None:
    first = BuildCache(tmp_path, "pages")
    first.put("old", b"old text")
    first.put("kept", b"kept text")
    second = BuildCache(tmp_path, "pages")
    assert second.get("kept") == b"kept text"
    second.prune()
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["kept"]


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = BuildCache(blocked, "pages")
    store.put("key", b"x")
    assert store.get("key") is None
