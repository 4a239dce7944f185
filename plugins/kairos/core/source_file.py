"""Read one file of the stories folder as text, refusing what no editor would mean to write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kairos.core.problems import Problem

MAX_FILE_BYTES = 1024 * 1024


#: Opening flags that refuse a symbolic link and never wait (a FIFO), where the system has them.
_OPEN_FLAGS: int | None = (
    os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    if all(hasattr(os, flag) for flag in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC"))
    else None
)


def read_source_text(file: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """The file's text with any byte-order mark removed and line ends as ``\\n``.

    Problems with the file as a whole are on line 1. Hostile files (links, huge files, binary
    content) are refused before their content is read.
    """
    raw = _regular_file_bytes(file)
    if raw is None:  # not plainly a regular file of at most 1 MiB: look closer
        return _checked_text(file, display_path)
    return _text(raw, display_path)


def _regular_file_bytes(file: Path) -> bytes | None:
    """The first ``MAX_FILE_BYTES + 1`` bytes of ``file`` if it is a regular file (not a link)
    of at most ``MAX_FILE_BYTES`` when opened, else None.

    One open, one status and one read of the open file, rather than a status of its path
    first: half the time of :func:`_checked_text` for a story.
    """
    if _OPEN_FLAGS is None:
        return None
    try:
        descriptor = os.open(file, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return None
        raw = os.read(descriptor, status.st_size + 1)
        while len(raw) <= MAX_FILE_BYTES:  # until the end, should the file have grown
            more = os.read(descriptor, min(65_536, MAX_FILE_BYTES + 1 - len(raw)))
            if not more:
                break
            raw += more
        return raw
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _checked_text(file: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """:func:`read_source_text` with the file's status read from its path first."""

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, 1, "file", message)]

    try:
        status = file.lstat()
    except FileNotFoundError:
        return refuse("not found; create it (see the editors' guide)")
    if stat.S_ISLNK(status.st_mode):
        return refuse(
            f"found a symbolic link to '{os.readlink(file)}'; a story must be a regular file "
            "inside the stories folder"
        )
    if not stat.S_ISREG(status.st_mode):
        return refuse("found something that is not a regular file; remove it")
    if status.st_size > MAX_FILE_BYTES:
        return refuse(
            f"found {status.st_size:,} bytes; a file may be at most {MAX_FILE_BYTES:,} bytes "
            "(1 MiB)"
        )
    with file.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    return _text(raw, display_path)


def _text(raw: bytes, display_path: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's first ``MAX_FILE_BYTES + 1`` bytes, or why it is refused."""

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, 1, "file", message)]

    if len(raw) > MAX_FILE_BYTES:
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
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, []
