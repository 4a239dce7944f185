"""Read one file of the stories folder as text, refusing what no editor would mean to write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kairos.core.problems import Problem

__all__ = ["MAX_FILE_BYTES", "read_source_text"]

MAX_FILE_BYTES = 1024 * 1024


def read_source_text(file: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """The file's text with any byte-order mark removed and line ends as ``\\n``.

    Problems with the file as a whole are on line 1. Hostile files (links, huge files, binary
    content) are refused before their content is read.
    """

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
