"""Problems found in story and vocabulary files, in the one format editors and CI read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from difflib import get_close_matches

from kairos.core.identifiers import Severity, scan_identifiers

#: What a report that leaves the editor's machine prints in place of quoted private text.
MASK = "[masked]"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``1 story``, ``2 stories``: the count with the word that fits it."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    ``message`` already says what was found and what is allowed; ``str()`` puts the location
    first, as compilers do, so editors and CI annotations can jump to the line.

    ``private`` is where ``message`` quotes the file's own text that may identify someone (an
    identifier found, or a value as written that holds one), as (start, end) offsets. The
    local report shows it; every report that leaves the editor's machine (CI annotations,
    JSON, pull-request comments, issues, build logs) prints :meth:`masked` instead, which says
    what kind of thing was found and where, but not the thing itself.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    column: int | None = None
    #: (Not compared: it follows from the message, and None does not order against a pair.)
    private: tuple[int, int] | None = dataclasses.field(default=None, compare=False)

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches Python as lone surrogates, which no output
        # (a terminal, JSON, a log, a GitHub issue) can encode: show its bytes as \xNN.
        for name in ("path", "message"):
            text = getattr(self, name)
            if not text.isascii():
                object.__setattr__(self, name, printable_name(text))

    def __str__(self) -> str:
        column = "" if self.column is None else f":{self.column}"
        prefix = "" if self.is_error else "warning: "
        return f"{self.path}:{self.line}{column}: {prefix}{self.field}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_json(self) -> dict[str, object]:
        """The problem's fields for JSON reports, with ``text`` its line as ``str()`` gives it."""
        names = ("path", "line", "column", "field", "severity", "message")
        return {**{name: getattr(self, name) for name in names}, "text": str(self)}

    def masked(self) -> Problem:
        """This problem with its private part (if any) replaced by :data:`MASK`."""
        if self.private is None:
            return self
        start, end = self.private
        return replace(self, message=self.message[:start] + MASK + self.message[end:], private=None)


def private_part(
    message: str, quoted: str, *, source: str | None = None, identifier: bool = False
) -> tuple[int, int] | None:
    """Where ``message`` quotes ``quoted`` (text from the file, quote marks included), when that
    text is an ``identifier`` already found or holds anything the identifier scan finds.

    ``source`` is the whole text when ``quoted`` shows it cut short, so that half a phone number
    left at the cut is still masked. Other quoted values ('kindnes' for a theme) stay readable
    everywhere: a reviewer on a pull request needs them, and they identify no one.
    """
    start = message.find(quoted) if quoted else -1
    if start < 0 or not (identifier or scan_identifiers(quoted if source is None else source)):
        return None
    return start, start + len(quoted)


def masked_if_identifying(text: str) -> str:
    """``text``, or :data:`MASK` when the identifier scan finds anything in it: for story text
    that a report leaving the editor's machine shows outside a problem (a held-back story's
    title), so that it never repeats what the masked problem line hides."""
    return MASK if scan_identifiers(text) else text


def printable_name(name: str) -> str:
    """A name (or any text) as the system gives it, with each byte that is not UTF-8 written
    ``\\xe9`` and any other lone surrogate ``\\udNNN``.

    Python keeps such bytes as lone surrogates, which cannot be written as UTF-8 (to a page,
    a log, JSON or a GitHub issue): every name shown or used as a slug goes through here, and
    every problem's text.
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def did_you_mean(found: str, known: list[str] | tuple[str, ...]) -> str:
    """Return ``"; did you mean 'x'?"`` for the nearest known word, or ``""`` if none is near."""
    matches = get_close_matches(found, list(known), n=1, cutoff=0.6)
    if not matches:
        # A misspelt start of a long key ('famly' for 'family-member') is still a near miss.
        starts = {word[: len(found) + 1]: word for word in known}
        matches = [starts[m] for m in get_close_matches(found, list(starts), n=1, cutoff=0.75)]
    return f"; did you mean '{matches[0]}'?" if matches else ""
