"""Problems found in story and vocabulary files, in the one format editors and CI read."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal

Severity = Literal["error", "warning"]

__all__ = ["Problem", "Severity", "did_you_mean"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    ``message`` already says what was found and what is allowed; ``str()`` puts the location
    first, as compilers do, so editors and CI annotations can jump to the line.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    column: int | None = None

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches Python as lone surrogates, which no output
        # (a terminal, JSON, a log, a GitHub issue) can encode: show its bytes as \xNN.
        for name in ("path", "message"):
            text = getattr(self, name)
            if not text.isascii():
                object.__setattr__(self, name, _without_surrogates(text))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{self.field}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def _without_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        errors = "surrogateescape" if _escaped_bytes(text) else "backslashreplace"
        raw = text.encode("utf-8", errors)
        return raw.decode("utf-8", "backslashreplace")
    return text


def _escaped_bytes(text: str) -> bool:
    """Every surrogate in ``text`` is one byte kept by the ``surrogateescape`` error handler."""
    return all("\udc80" <= c <= "\udcff" for c in text if "\ud800" <= c <= "\udfff")


def did_you_mean(found: str, known: list[str] | tuple[str, ...]) -> str:
    """Return ``"; did you mean 'x'?"`` for the nearest known word, or ``""`` if none is near."""
    matches = get_close_matches(found, list(known), n=1, cutoff=0.6)
    if not matches:
        # A misspelt start of a long key ('famly' for 'family-member') is still a near miss.
        starts = {word[: len(found) + 1]: word for word in known}
        matches = [starts[m] for m in get_close_matches(found, list(starts), n=1, cutoff=0.75)]
    return f"; did you mean '{matches[0]}'?" if matches else ""
