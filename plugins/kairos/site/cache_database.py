"""The build cache's one SQLite database, ``cache.sqlite`` in the cache folder.

Every store of a build (see :class:`kairos.site.build_cache.BuildCache`) shares one connection
per cache folder, and all their writes go into one transaction that is committed when the last
store of the build is pruned: a build that is stopped leaves the cache as the previous build
left it. Entries of a kind that no store of the build used (the audit's, in a build with
``audit: false``) are deleted then too, so whatever the options the cache holds only what the
last build used. ``secure_delete`` makes SQLite overwrite what it deletes, so the text of a
changed or withdrawn story is not left behind in the file's free space.

Nothing here ever fails a build. A database that another build holds (``mkdocs serve`` and
``mkdocs build`` on the same project) is only read, or not used at all, by the build that
comes second; a damaged one is deleted and started afresh. Both are logged at INFO.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar, TypeVar

__all__ = ["DATABASE_NAME", "CacheDatabase", "forget_cache", "prepare_folder"]

log = logging.getLogger(__name__)

DATABASE_NAME = "cache.sqlite"
#: How long to wait for another build's lock before giving up on the cache (seconds).
BUSY_SECONDS = 0.5
#: Folders of the cache's first layout (one file per entry), removed when found.
_OLD_FOLDERS = ("content", "pages", "templates")
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# The build cache of the kairos MkDocs plugin; see README.md.\n"
)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "checksum TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (kind, key))"
)
_T = TypeVar("_T")


class CacheDatabase:
    """The open database of one cache folder, shared by the stores of the build under way."""

    _open: ClassVar[dict[Path, CacheDatabase]] = {}

    @classmethod
    def shared(cls, root: Path) -> CacheDatabase:
        """The database of ``root`` that the stores of this build share (opened if needed)."""
        folder = root.absolute()
        database = cls._open.get(folder)
        # A process forked during the build (the audit's workers) must not use the parent's
        # connection: it opens its own, and finds the database held by the parent.
        if database is None or database.pid != os.getpid():
            database = cls._open[folder] = cls(folder)
        return database

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / DATABASE_NAME
        self.pid = os.getpid()
        #: The kinds whose store has not finished yet, each with its store.
        self._stores: dict[str, object] = {}
        #: The kinds whose store has finished in this build: every other kind is deleted.
        self._finished: set[str] = set()
        self._writing = False
        #: False once writing was refused (another build holds the database) or failed.
        self._may_write = True
        self._connection = self._connect(afresh_if_damaged=True)

    # Stores ------------------------------------------------------------------------------------

    def attach(self, kind: str, store: object) -> None:
        """``store`` is this build's store of ``kind`` (replacing one of a build that failed)."""
        self._stores[kind] = store

    def get(self, kind: str, key: str) -> tuple[str, bytes] | None:
        """The checksum and payload stored under ``kind``/``key``, or None."""
        row = self._run(
            lambda db: db.execute(
                "SELECT checksum, payload FROM entries WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        )
        if row is None or not isinstance(row[0], str) or not isinstance(row[1], bytes):
            return None
        return row[0], row[1]

    def put(self, kind: str, key: str, checksum: str, payload: bytes) -> None:
        if self._begin():
            self._run(
                lambda db: db.execute(
                    "INSERT OR REPLACE INTO entries (kind, key, checksum, payload) "
                    "VALUES (?, ?, ?, ?)",
                    (kind, key, checksum, payload),
                )
            )

    def finish(self, kind: str, store: object, used: Iterable[str]) -> None:
        """Delete the entries of ``kind`` that ``used`` does not name; once every store of the
        build has finished, commit the build's writes and close the database."""
        kept = set(used)
        if self._begin():
            self._run(lambda db: _delete_unused(db, kind, kept))
        if self._stores.get(kind) is store:
            del self._stores[kind]
        self._finished.add(kind)
        if not self._stores:
            finished = set(self._finished)
            if self._begin():
                self._run(lambda db: _delete_other_kinds(db, finished))
            self.close()

    def close(self) -> None:
        """Commit what this build wrote and close; the next build opens the database again."""
        CacheDatabase._open.pop(self.root, None)
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if self._writing:
                connection.execute("COMMIT")
        except sqlite3.Error as error:
            log.info(f"kairos cache: this build's work was not kept ({error})")
        finally:
            connection.close()

    # The connection ----------------------------------------------------------------------------

    def _connect(self, *, afresh_if_damaged: bool) -> sqlite3.Connection | None:
        try:
            prepare_folder(self.root)
        except OSError as error:
            log.info(f"kairos cache: off for this build: {self.root} cannot be written ({error})")
            return None
        connection = None
        try:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute(_SCHEMA)
            return connection
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            if not _is_damaged(error) or not afresh_if_damaged:
                log.info(f"kairos cache: off for this build: {self.path} ({error})")
                return None
            log.info(f"kairos cache: {self.path} is damaged ({error}); starting afresh")
            self._remove_files()
            return self._connect(afresh_if_damaged=False)

    def _begin(self) -> bool:
        """Start this build's write transaction if needed; False if writing is not possible."""
        if self._writing:
            return True
        if not self._may_write or self._connection is None:
            return False
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            self._may_write = False
            if _is_damaged(error):
                self._damaged(error)
            elif _is_busy(error):
                log.info(
                    "kairos cache: another build is using the cache; this build reuses what "
                    "it can read but keeps nothing"
                )
            else:
                log.info(f"kairos cache: this build keeps nothing ({error})")
            return False
        self._writing = True
        return True

    def _run(self, action: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """``action`` on the connection; None if the database is off, busy or damaged."""
        if self._connection is None:
            return None
        try:
            return action(self._connection)
        except sqlite3.Error as error:
            if _is_damaged(error):
                self._damaged(error)
            elif not _is_busy(error):
                log.info(f"kairos cache: off for the rest of this build ({error})")
                self._close_quietly()
            return None

    def _damaged(self, error: sqlite3.Error) -> None:
        """Replace a database that SQLite finds damaged by an empty one (this build's writes
        so far are lost with it)."""
        log.info(f"kairos cache: {self.path} is damaged ({error}); starting afresh")
        self._close_quietly()
        self._remove_files()
        self._connection = self._connect(afresh_if_damaged=False)
        self._may_write = self._connection is not None

    def _close_quietly(self) -> None:
        """Stop using the database for this build, keeping nothing of it."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._writing = False
        self._may_write = False

    def _remove_files(self) -> None:
        for path in (self.path, self.path.with_name(DATABASE_NAME + "-journal")):
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                log.info(f"kairos cache: {path} could not be deleted ({error})")


def _delete_unused(connection: sqlite3.Connection, kind: str, used: set[str]) -> None:
    keys = [row[0] for row in connection.execute("SELECT key FROM entries WHERE kind = ?", (kind,))]
    connection.executemany(
        "DELETE FROM entries WHERE kind = ? AND key = ?",
        [(kind, key) for key in keys if key not in used],
    )


def _delete_other_kinds(connection: sqlite3.Connection, kinds: set[str]) -> None:
    """Delete the entries of every kind but ``kinds``: no store of this build kept them."""
    stored = [row[0] for row in connection.execute("SELECT DISTINCT kind FROM entries")]
    connection.executemany(
        "DELETE FROM entries WHERE kind = ?", [(kind,) for kind in stored if kind not in kinds]
    )


def _is_busy(error: sqlite3.Error) -> bool:
    """Another connection holds a lock: the database is fine, only not ours now."""
    return _primary_code(error) in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _is_damaged(error: sqlite3.Error) -> bool:
    """The file is not a database, or its content does not hold together."""
    return _primary_code(error) in {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def forget_cache(root: Path) -> None:
    """Delete the database a build with the cache on left in ``root`` (for a build with the
    cache off): it may hold the words of a story held back since. Only a folder this plugin
    marked (its ``CACHEDIR.TAG``) is touched, and only the database's own files."""
    try:
        if (root / "CACHEDIR.TAG").read_text("utf-8", "replace") != _TAG:
            return
    except OSError:
        return
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = root / (DATABASE_NAME + suffix)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning(f"kairos cache: {path} could not be deleted ({error})")


def prepare_folder(root: Path) -> None:
    """Create the cache folder and mark it: ignored by git and by backup tools (CACHEDIR.TAG).

    The folders of the first layout (one file per entry) are deleted: they could hold the
    text of a story that has since been withdrawn.
    """
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    tag = root / "CACHEDIR.TAG"
    if not ignore.exists():
        ignore.write_text(
            "# Written by the kairos plugin: the build cache is never committed.\n*\n"
        )
    if not tag.exists():
        tag.write_text(_TAG)
    elif tag.read_text("utf-8", "replace") == _TAG:
        for name in _OLD_FOLDERS:
            if (root / name).is_dir():
                shutil.rmtree(root / name, ignore_errors=True)
