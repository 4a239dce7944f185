"""One pass over each output file finds every held-back story it holds, whatever their number.

The evidence of every held-back story is indexed once (:class:`Scanner`): ``stories/<slug>``
addresses, slugs as tokens, short titles by their words, and the winnowed runs of words of
titles, summaries and text (see :mod:`.evidence`). A file's words are then compared with the
index as sets (runs of words are tuples, looked up in a dict), and only where a run is found
is the match extended word by word to its full length; so the time taken grows with the size
of the site, not with the number of held-back stories times that size.

A run found here is a candidate: :mod:`.site_scan` drops the ones published stories hold.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path

from kairos.safety.audit.evidence import KEY_WORDS, TITLE_ANYWHERE_WORDS, StoryEvidence
from kairos.safety.audit.normalise import fold, grams, split_markup, unescape, words
from kairos.safety.audit.readers import file_parts

#: A file's text is read in pieces of about this many characters: a search index is large, and
#: the words of a piece, and their runs, take about 40 times its size in memory.
PIECE = 1 << 16
#: Words of one piece carried into the next, so that a quote across the cut is found.
CARRY_WORDS = 64
_ADDRESS = re.compile(r"stories/([a-z0-9_-]+)")
#: Each byte that can be part of a slug token (``[a-z0-9_-]``) maps to itself, others to a
#: space: ``bytes.translate`` then ``split`` finds tokens several times faster than a regex.
_TOKEN_BYTES = bytes(
    byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789_-" else 0x20 for byte in range(256)
)
_BOUNDARY = '<>"\u201c\u201d\u00ab\u00bb\\n|'
_TITLE_END = rf"(?=$|[{_BOUNDARY}]|\s[-\u2013\u2014:|]\s)"


@dataclass(frozen=True)
class Target:
    """A held-back story as the audit looks for it on one build."""

    evidence: StoryEvidence
    #: Look for ``stories/<slug>``; and for the slug as a token (slugs with a hyphen or digit).
    address: bool
    slug_token: bool
    #: Look for the title (standing alone when short), and for a file named like it.
    title: bool
    #: Names (lower case) and SHA-256 hashes of its media files not also a published story's.
    media: tuple[str, ...] = ()


#: A candidate quote: (part label, target, sequence, start, end) in the sequence's words.
Run = tuple[str, int, int, int, int]


@dataclass
class FileReport:
    """What one output file holds: evidence found, candidate quotes, unreadable parts."""

    found: set[tuple[str, int, str]] = field(default_factory=set)
    runs: list[Run] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about PIECE characters, cut after a ``>`` or a space."""
    start = 0
    while start < len(text):
        cut = text.find(">", start + PIECE - 1) + 1
        if not cut or cut - start > 2 * PIECE:
            cut = text.find(" ", start + PIECE - 1) + 1
        end = cut or len(text)
        yield text[start:end]
        start = end


def _common(first: Iterable[str], second: Iterable[str]) -> int:
    """How many words the two start with in common."""
    pairs = zip(first, second, strict=False)
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], pairs))


def _name_words(component: str) -> tuple[str, ...]:
    stem = component.rsplit(".", 1)[0] if "." in component.lstrip(".") else component
    return tuple(words(stem))


def _short_title(title: tuple[str, ...]) -> re.Pattern[str]:
    """A short title's words where they stand alone: a heading, a quoted value, ``Title - Site``."""
    edge = rf"[^\w{_BOUNDARY}]"
    between = r"[^\w<>\n|]+"  # quotes too: <h2>Mother's "last" letter</h2>
    return re.compile(
        rf"(?:^|[{_BOUNDARY}]){edge}*" + between.join(title) + rf"{edge}*?{_TITLE_END}"
    )


class Scanner:
    """Every held-back story's evidence, indexed (see the module docstring)."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = targets
        #: The targets by what finds them, for each kind of finding: "address" (the slug of
        #: ``stories/<slug>``), "slug" (a token, bytes), "name" (the words of a file's name),
        #: "media" (a file's name in lower case, or its SHA-256).
        self.index: dict[str, defaultdict[Hashable, list[int]]] = {
            kind: defaultdict(list) for kind in ("address", "slug", "name", "media")
        }
        self.short_titles: list[tuple[int, frozenset[str], re.Pattern[str]]] = []
        #: Each indexed run (see .evidence) by its first KEY_WORDS words: (target, sequence,
        #: position of the run in the sequence).
        self.keys: defaultdict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
        for number, target in enumerate(targets):
            evidence, slug = target.evidence, target.evidence.slug.lower()
            title = evidence.title_words if target.title else ()
            keys: list[tuple[str, Hashable]] = [("address", slug)] if target.address else []
            if target.slug_token:
                keys += [("slug", slug.encode("utf-8")), ("name", tuple(words(slug)))]
            keys += [("name", title)] if len(title) >= 2 else []
            keys += [("media", media) for media in target.media]
            for kind, key in keys:
                self.index[kind][key].append(number)
            if 0 < len(title) < TITLE_ANYWHERE_WORDS:
                self.short_titles.append((number, frozenset(title), _short_title(title)))
            for gram, sequence, position in evidence.fingerprints:
                if target.title or evidence.sequences[sequence].evidence != "title":
                    self.keys[gram[:KEY_WORDS]].append((number, sequence, position))

    def scan(self, file: str, data: bytes) -> FileReport:
        """What the output file ``file`` (its path in the site) with bytes ``data`` holds."""
        report = FileReport()
        for part in file_parts(file, data):
            label = part.label
            if part.problem is not None:
                report.unreadable.append((label, part.problem))
            self._look_up(report, label, "address", _ADDRESS.findall(label.lower()))
            components = [c for c in re.split(r"[/!]", label) if c]
            self._look_up(report, label, "name", map(_name_words, components))
            self._look_up(report, label, "media", [c.lower() for c in components[-1:]])
            if self.index["media"] and part.data:
                self._look_up(report, label, "media", [hashlib.sha256(part.data).hexdigest()])
            if part.text is not None and self.targets:
                self._scan_text(label, part.text, report)
        return report

    def _look_up(self, report: FileReport, label: str, kind: str, keys: Iterable[Hashable]) -> None:
        index = self.index[kind]
        for key in index.keys() & keys:
            report.found.update((label, number, kind) for number in index[key])

    def _scan_text(self, label: str, whole: str, report: FileReport) -> None:
        carry: list[str] = []
        for piece in _pieces(whole):
            unescaped = unescape(piece)
            text, attributes = split_markup(unescaped)
            if self.index["address"] or self.index["slug"]:
                # Tag and attribute names are markup, not text: a slug such as aria-label
                # is looked for in the text and in attribute values (where links are).
                lower = f"{text}\n{attributes}".lower()
                if "stories/" in lower:
                    self._look_up(report, label, "address", _ADDRESS.findall(lower))
                if self.index["slug"]:
                    tokens = lower.encode("utf-8", "surrogatepass").translate(_TOKEN_BYTES)
                    self._look_up(report, label, "slug", tokens.split())
            shown, values = words(text), words(attributes)
            stream = carry + shown
            self._find_runs(label, stream, report)
            self._find_runs(label, values, report)
            carry = stream[-CARRY_WORDS:]
            if self.short_titles:
                self._find_short_titles(label, unescaped, shown + values, report)

    def _find_short_titles(
        self, label: str, unescaped: str, found: list[str], report: FileReport
    ) -> None:
        present = set(found)
        folded: str | None = None
        for number, title_words, pattern in self.short_titles:
            if title_words <= present:
                folded = fold(unescaped) if folded is None else folded
                if pattern.search(folded):
                    report.found.add((label, number, "title"))

    def _find_runs(self, label: str, stream: list[str], report: FileReport) -> None:
        """Quotes: every run of KEY_WORDS words of the stream is looked up (as a set, in C);
        only where one is indexed is the match measured word by word."""
        hits = self.keys.keys() & grams(stream, KEY_WORDS)
        if not hits:
            return
        reached: dict[tuple[int, int], int] = {}
        for place, key in enumerate(grams(stream, KEY_WORDS)):
            if key not in hits:
                continue
            for number, sequence, position in self.keys[key]:
                if reached.get((number, sequence), -1) > place:
                    continue
                # The run found, measured word by word each way: long enough to count?
                target = self.targets[number].evidence.sequences[sequence]
                found = target.words
                before = stream[max(0, place - position) : place]
                after = stream[place : place + len(found) - position]
                start = position - _common(reversed(before), reversed(found[:position]))
                end = position + _common(after, found[position:])
                if end - start >= target.threshold:
                    reached[number, sequence] = place - position + end
                    report.runs.append((label, number, sequence, start, end))


#: The index of a pool worker of the audit (:mod:`.site_scan`), built once by start_worker.
_worker_scanner: Scanner | None = None


def start_worker(chosen: list[Target]) -> None:
    """A pool worker's initializer: index the targets once for every file it scans.

    It lives here, not in :mod:`.site_scan`, so that a worker imports only this module and
    what it reads files with, not the core's story model (pydantic): about 0.35 s of CPU
    and 20 MiB per worker."""
    global _worker_scanner
    _worker_scanner = Scanner(chosen)


def scan_in_worker(job: tuple[str, str]) -> FileReport:
    """Scan one file (its name in the site, its path) in a pool worker."""
    assert _worker_scanner is not None
    return _worker_scanner.scan(job[0], Path(job[1]).read_bytes())
