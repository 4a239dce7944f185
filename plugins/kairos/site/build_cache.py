"""The build cache: work from earlier builds, found again by a digest of everything it came from.

An entry is found by a key that is the digest of all the inputs of the work it holds, so an
entry can only be reused for exactly the same inputs; nothing is ever looked up by name or
date. Entries live in one SQLite database in ``cache_dir`` (``.cache/kairos/cache.sqlite`` beside
``mkdocs.yml``), never in ``site/`` (see :mod:`kairos.site.cache_database`). Each entry is
stored with a digest of its payload: an entry that is altered or unreadable is ignored and the
work is done again. A build's entries are kept all at once at its end, so a build that is
stopped leaves the cache as it was. Entries not used by a build are then removed (and
overwritten), so the text of a story that was changed or withdrawn does not stay in the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path, PurePath

from kairos.site.cache_database import CacheDatabase

__all__ = [
    "CACHE_FORMAT",
    "BuildCache",
    "Unstable",
    "code_digest",
    "digest",
    "environment_digest",
    "files_digest",
    "stable_text",
]

#: Changes whenever the layout of the cache changes; part of every key.
CACHE_FORMAT = "kairos-cache-2"
_DIGEST_SIZE = 20
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: A frozen dataclass object whose text is longer than this is remembered (``stable_text``).
_MEMO_MIN_TEXT = 256


class Unstable(TypeError):
    """A value has no text that is the same in every build; work on it is never cached."""


def digest(*parts: str | bytes) -> str:
    """The hex digest of ``parts``, each length-prefixed so that no two lists collide."""
    hasher = hashlib.blake2b(digest_size=_DIGEST_SIZE)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def stable_text(value: object, memo: dict[int, tuple[object, str]] | None = None) -> str:
    """A text for ``value`` that is the same in every process for an equal value.

    ``repr`` is not: sets are ordered by hash (randomised per process) and many objects show
    their address. Raises :class:`Unstable` for values this cannot describe. A frozen
    dataclass object with a long text stands in the text as the digest of its own text, which
    ``memo`` keeps by identity: the parts of the pages' views (a story card is on many pages)
    are described once a build, and what the memo holds stays small.
    """
    parts: list[str] = []
    _stable(value, parts, {} if memo is None else memo)
    return "".join(parts)


def _stable(value: object, out: list[str], memo: dict[int, tuple[object, str]]) -> None:
    kind = type(value)
    # The common types first, by exact type; subclasses (Markup, IntEnum...) go the long way.
    if kind is str:
        out.append(f"s{len(value)}:{value}")  # type: ignore[arg-type]
    elif kind is tuple or kind is list:
        out.append("[")
        for item in value:  # type: ignore[attr-defined]
            _stable(item, out, memo)
            out.append(",")
        out.append("]")
    elif value is None or kind is bool or kind is int:
        out.append(repr(value))
    elif kind is dict and all(type(key) is str for key in value):  # type: ignore[attr-defined]
        _text_keyed(value, out, memo)  # type: ignore[arg-type]
    elif (names := _field_names(kind)) is not None:
        _dataclass(value, names, out, memo)
    else:
        _other(value, out, memo)


def _text_keyed(
    value: dict[str, object], out: list[str], memo: dict[int, tuple[object, str]]
) -> None:
    """A dict whose keys are all strings: as the general case below, without describing each
    key through a call of its own."""
    out.append("{")
    for text, key in sorted((f"s{len(key)}:{key}", key) for key in value):
        out.append(text)
        out.append(":")
        _stable(value[key], out, memo)
        out.append(",")
    out.append("}")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type, or None for any other type."""
    if kind not in _FIELD_NAMES:
        names = tuple(item.name for item in fields(kind)) if is_dataclass(kind) else None
        _FIELD_NAMES[kind] = names
    return _FIELD_NAMES[kind]


def _dataclass(
    value: object, names: tuple[str, ...], out: list[str], memo: dict[int, tuple[object, str]]
) -> None:
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        out.append(known[1])
        return
    kind = type(value)
    parts = [f"{kind.__module__}.{kind.__qualname__}("]
    for name in names:
        parts.append(f"{name}=")
        _stable(getattr(value, name), parts, memo)
        parts.append(",")
    parts.append(")")
    text = "".join(parts)
    # A small object (a link) is quicker to describe again than to remember.
    if len(text) > _MEMO_MIN_TEXT and kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        data = text.encode("utf-8", "surrogatepass")
        text = f"D{hashlib.blake2b(data, digest_size=_DIGEST_SIZE).hexdigest()}"
        memo[id(value)] = (value, text)
    out.append(text)


def _other(value: object, out: list[str], memo: dict[int, tuple[object, str]]) -> None:
    if value is None or isinstance(value, bool | int | float):
        out.append(repr(value))
    elif isinstance(value, str):  # str subclasses too (markupsafe.Markup)
        out.append(f"s{len(value)}:{value}")
    elif isinstance(value, bytes):
        out.append(f"b{len(value)}:{value.hex()}")
    elif isinstance(value, Enum):
        out.append(f"e:{type(value).__qualname__}.{value.name}")
    elif isinstance(value, dt.date | dt.time | dt.timedelta):
        out.append(f"d:{value!r}")
    elif isinstance(value, PurePath):
        out.append(f"p:{value.as_posix()}")
    elif isinstance(value, Mapping):
        items = sorted((stable_text(key, memo), item) for key, item in value.items())
        out.append("{")
        for key, item in items:
            out.append(key)
            out.append(":")
            _stable(item, out, memo)
            out.append(",")
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for item in value:
            _stable(item, out, memo)
            out.append(",")
        out.append("]")
    elif isinstance(value, set | frozenset):
        out.append("{" + ",".join(sorted(stable_text(item, memo) for item in value)) + "}")
    elif callable(value) and hasattr(value, "__qualname__") and hasattr(value, "__module__"):
        out.append(f"f:{value.__module__}.{value.__qualname__}")
    else:
        raise Unstable(f"no stable text for a {type(value).__qualname__}")


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of the names and contents of ``paths`` (missing files count as missing)."""
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts.append(path.as_posix())
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append("-")
    return digest(*parts)


@cache
def code_digest() -> str:
    """Kairos' own code and templates: an edited checkout invalidates the cache like a release.

    The package version alone would not do: an editable install keeps its version while the
    code changes under it.
    """
    package = (p for p in _PACKAGE_DIR.rglob("*") if p.suffix in {".py", ".html", ".md"})
    return files_digest(package)


@cache
def environment_digest() -> str:
    """Python's version and every installed distribution with its version.

    Read from the names of the ``name-version.dist-info`` folders on ``sys.path``: parsing the
    metadata of every distribution took 60 ms a build. A folder whose name holds no version
    (an old ``name.egg-info``) is described by its metadata.
    """
    installed: list[str] = []
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            stem = name.removesuffix(".dist-info").removesuffix(".egg-info")
            if stem != name:
                installed.append(name if "-" in stem else _described(folder / name))
    return digest(CACHE_FORMAT, sys.version, *sorted(installed))


def _described(path: Path) -> str:
    dist = importlib.metadata.PathDistribution(path)
    return f"{dist.metadata['Name']}=={dist.version}"


class BuildCache:
    """The entries of one kind (``content``, ``pages``...) in the cache folder ``root``, during
    one build.

    Every store of a build shares one SQLite database (:mod:`kairos.site.cache_database`);
    what the stores write is kept when the last of them is pruned at the end of the build.
    """

    def __init__(self, root: Path, kind: str) -> None:
        self.kind = kind
        self._database = CacheDatabase.shared(root)
        self._database.attach(kind, self)
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        """The payload stored under ``key``, or None if absent, unreadable or altered."""
        self._used.add(key)
        entry = self._database.get(self.kind, key)
        if entry is None or entry[0] != digest(entry[1]):
            self.misses += 1
            return None
        self.hits += 1
        return entry[1]

    def put(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key``; a failure to write is not an error."""
        self._used.add(key)
        self._database.put(self.kind, key, digest(payload), payload)

    def prune(self) -> None:
        """End this store's build: remove every entry of its kind that the build did not use.
        Once every store of the build is pruned, what they wrote is kept, all at once."""
        self._database.finish(self.kind, self, self._used)
