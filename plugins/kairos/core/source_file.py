"""Read one file of the stories folder as text, refusing what no editor would mean to write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kairos.core.problems import Problem

MAX_FILE_BYTES = 1024 * 1024

#: Opening flags that refuse a symbolic link and never wait (a FIFO): one open, one status of
#: the open file and one read, rather than a status of the path first (half the time). Where
#: a flag is missing (Windows has none of the three), a link is found from the path's status.
_FLAGS = [getattr(os, name, None) for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC")]
_OPEN_FLAGS = os.O_RDONLY | sum(flag or 0 for flag in _FLAGS)


def read_source_text(file: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """The file's text with any byte-order mark removed and line ends as ``\\n``.

    Problems with the file as a whole are on line 1. Hostile files (links, huge files, binary
    content) are refused before their content is read.
    """

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, 1, "file", message)]

    try:
        raw = _regular_file_bytes(file)
    except FileNotFoundError:
        return refuse("not found; create it (see the editors' guide)")
    if isinstance(raw, os.stat_result):
        if stat.S_ISLNK(raw.st_mode):
            return refuse(
                f"found a symbolic link to '{os.readlink(file)}'; a story must be a regular "
                "file inside the stories folder"
            )
        if not stat.S_ISREG(raw.st_mode):
            return refuse("found something that is not a regular file; remove it")
        return refuse(
            f"found {raw.st_size:,} bytes; a file may be at most {MAX_FILE_BYTES:,} bytes (1 MiB)"
        )
    if len(raw) > MAX_FILE_BYTES:  # it grew while it was read
        return refuse(f"found more than {MAX_FILE_BYTES:,} bytes; a file may be at most 1 MiB")
    if not raw.strip():
        return refuse("found an empty file; a story needs its front-matter block and text")
    nul = raw.find(b"\x00")
    if nul >= 0:
        return refuse(f"found a NUL byte at byte {nul}; this is a binary file, not UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return refuse(
            f"found bytes that are not UTF-8 (byte 0x{raw[error.start]:02x} on line {line}); "
            "save the file as UTF-8"
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def _regular_file_bytes(file: Path) -> bytes | os.stat_result:
    """The first ``MAX_FILE_BYTES + 1`` bytes of ``file`` if it is a regular file (not a link)
    of at most ``MAX_FILE_BYTES`` when opened, else its status (of the path itself where it
    cannot be opened: a link)."""
    if _FLAGS[0] is None and file.is_symlink():
        return file.lstat()
    try:
        descriptor = os.open(file, _OPEN_FLAGS)
    except PermissionError:
        raise
    except OSError:  # a link, a socket; FileNotFoundError from lstat when it is missing
        return file.lstat()
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return status
        raw = os.read(descriptor, status.st_size + 1)
        while len(raw) <= MAX_FILE_BYTES:  # until the end, should the file have grown
            more = os.read(descriptor, min(65_536, MAX_FILE_BYTES + 1 - len(raw)))
            if not more:
                break
            raw += more
        return raw
    finally:
        os.close(descriptor)
