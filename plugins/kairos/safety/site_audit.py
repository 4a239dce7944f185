"""Defence in depth: look for held-back stories in every file of a built site.

The site is built from published stories only, so nothing here should ever be found. The audit
checks that independently of how the site was built: it reads every output file (HTML, JSON,
XML, JavaScript, text, ``.gz`` files decompressed, and Pagefind's search index decoded, see
below; other binary files are skipped) and looks for each story that is NOT published on the
build date:

* its address: ``stories/<slug>`` as a URL path segment;
* its slug as a whole word, when the slug has a hyphen or a digit (a one-word slug such as
  ``waiting`` is an ordinary word and would be found everywhere);
* its exact title (case-sensitive). Titles of four words or more are looked for anywhere;
  shorter titles only where they stand alone, as element or attribute text (``>Title<``,
  ``"Title"``, ``<title>Title - Site</title>``), since a short title is often a common phrase;
* fingerprints of its text: the whole summary, and up to six 8-word phrases spread through the
  body, compared as lower-case word sequences, so markup, entities and JSON escapes between
  the words do not hide them.

Before comparing, each file's text is JSON-unescaped (``\\u00e9``, ``\\"``), HTML-unescaped
twice (feeds escape HTML inside XML) and has its whitespace collapsed. A fingerprint that also
occurs in a published story (a shared sentence, a reused title) is not used, so it cannot raise
a false alarm. The fingerprints are indexed so that the audit reads each file once, in time
that grows with the size of the site, not with the number of held-back stories (_Scanner).
Invalid stories are audited too: their slug and text always, their title and summary when
``stories_dir`` is given to read them from the raw front-matter.

Pagefind's index files (``.pf_fragment``, ``.pf_index``, ``.pf_meta``, ``.pf_filter``) are
gzip-compressed, and start with the signature ``pagefind_dcd`` once decompressed. A fragment is
then JSON (a page's URL, title, metadata, filters and whole text); the others are CBOR (words,
filter values, page hashes), whose text strings are read out one per line. A Pagefind file
that cannot be decoded is read as text with undecodable bytes dropped, never skipped.

This module imports neither mkdocs nor click: ``kairos audit`` and the plugin both call it.
"""

from __future__ import annotations

import codecs
import gzip
import html
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise
from operator import not_, sub
from pathlib import Path
from typing import AnyStr

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.front_matter import read_yaml_mapping, split_front_matter
from kairos.core.source_file import read_source_text
from kairos.core.story import FRAMEWORK_LEVELS, SCOPES, STORYTELLER_ROLES
from kairos.core.story_sources import story_sources

__all__ = ["AuditFinding", "AuditResult", "audit_site", "pagefind_text", "scan_site"]

SHINGLE_WORDS = 8
MAX_SHINGLES = 6
#: Titles with at least this many words are looked for anywhere, shorter ones only alone.
TITLE_ANYWHERE_WORDS = 4
#: Summaries and short bodies shorter than this many words are not fingerprinted.
MIN_PHRASE_WORDS = 5

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^<>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SPACE = re.compile(r"\s+")
_JSON_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_JSON_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": " ", "f": " ", "n": "\n", "r": "\n", "t": " "}
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ATTRS = re.compile(r"\{\s*[:#.][^}]*\}")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_BLOCK_MARKER = re.compile(r"^\s*(?:!!!|\?\?\?\+?|```|~~~|\|)")
_BINARY_SNIFF = 8192
#: How many windows of one region may be tried before giving up on it (shared text).
_TRIES_PER_REGION = 12
#: How many of them are compared with the published text first (the rest only if needed).
_FIRST_TRIES = 2
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_ADDRESS = re.compile(r"stories/([A-Za-z0-9_-]+)")
#: Each byte that can be part of a token (``[A-Za-z0-9_-]``) maps to itself, any other to a space.
_TOKEN_BYTES = bytes(
    byte if _TOKEN.fullmatch(chr(byte)) and byte < 0x80 else 0x20 for byte in range(256)
)
#: A file larger than this (in characters or bytes) is decoded, unescaped and searched in
#: pieces of about this size, so that a search index is never held whole twice, nor as
#: millions of separate tokens or words.
_PIECE = 1 << 18
#: Word sequences are found by their runs of this many words at even positions; every
#: sequence has at least MIN_PHRASE_WORDS words, so one of its first two runs is such a run.
_KEY_WORDS = MIN_PHRASE_WORDS - 1
_EVIDENCE = ("address", "slug", "title", "summary", "text")
#: A title is found by a pair of its tokens, or by its token if it has only one.
_TitleKey = bytes | tuple[bytes, bytes]
#: Pagefind's index files, and the signature that starts each once decompressed.
PAGEFIND_SUFFIXES = frozenset({".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"})
PAGEFIND_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True, order=True)
class AuditFinding:
    """A held-back story found in one output file."""

    file: str
    slug: str
    title: str | None
    #: What was found: any of ``address``, ``slug``, ``title``, ``summary``, ``text``.
    evidence: tuple[str, ...]

    def line(self, site_label: str) -> str:
        """``site/search/search_index.json: held-back story 'slug' (Title) found``."""
        title = self.title if self.title is not None else "title unknown"
        return f"{site_label}/{self.file}: held-back story '{self.slug}' ({title}) found"

    def __str__(self) -> str:
        return self.line(".").removeprefix("./")


@dataclass(frozen=True)
class AuditResult:
    files_checked: int
    held_back: int
    findings: list[AuditFinding]


@dataclass(frozen=True)
class _Sequence:
    """A word sequence to look for, as indexed by its run of words at ``offset``."""

    fingerprint: int
    evidence: str
    words: list[str]
    offset: int


@dataclass(frozen=True)
class _Fingerprint:
    slug: str
    title: str | None
    slug_is_word: bool
    title_text: str | None
    #: Tokens every text holding the title (as the pattern finds it) holds too, and the pairs
    #: of them that follow one another there.
    title_tokens: frozenset[bytes]
    title_pairs: frozenset[tuple[bytes, bytes]]
    #: The title's space-separated parts.
    title_parts: tuple[str, ...]
    #: The summary's words, space-separated, with a space at each end.
    summary: str | None
    #: Phrases of the body (8-word windows and short paragraphs), written like ``summary``.
    phrases: tuple[str, ...]


def _json_unescape(text: str) -> str:
    if "\\" not in text:
        return text  # (no escape)

    def pair(match: re.Match[str]) -> str:
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    def single(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code.startswith("u") else _JSON_SIMPLE[code]

    return _JSON_ESCAPE.sub(single, _JSON_SURROGATES.sub(pair, text))


def _word_sequence(words: Sequence[str]) -> str:
    return " " + " ".join(words) + " "


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _runs(words: list[str], length: int, step: int) -> Iterator[tuple[str, ...]]:
    """The runs of ``length`` words starting at every ``step``-th word."""
    return zip(*(words[start::step] for start in range(length)), strict=False)


def _pieces(text: AnyStr, delimiter: AnyStr) -> Iterator[AnyStr]:
    """``text`` in pieces of about :data:`_PIECE` characters, each cut just after ``delimiter``.

    So that a large file (a search index) is never held as millions of separate tokens, words
    or parts at once. Cut after a space, no token, word, JSON escape or HTML entity is split;
    cut after ``>``, no tag either (see _untagged_pieces).
    """
    start, length = 0, len(text)
    while start < length:
        cut = text.find(delimiter, start + _PIECE - 1) + 1 if start + _PIECE < length else 0
        end = cut or length
        yield text[start:end]
        start = end


class _Text:
    """A file's text, JSON-unescaped, then HTML-unescaped twice (feeds escape HTML inside XML).

    A large file is decoded and unescaped piece by piece as it is read, never held whole.
    """

    def __init__(self, text: str | bytes) -> None:
        self._text = text
        self._whole = _unescape(text) if len(text) <= _PIECE else None

    def pieces(self) -> Iterator[str]:
        """The text in pieces cut after spaces (see _pieces)."""
        if self._whole is not None:
            yield self._whole
        elif isinstance(self._text, bytes):
            yield from map(_unescape, _pieces(self._text, b" "))  # UTF-8: 0x20 is a space
        else:
            yield from map(_unescape, _pieces(self._text, " "))


def _unescape(text: str | bytes) -> str:
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    return html.unescape(html.unescape(_json_unescape(text)))


def _collapse_spaces(pieces: Iterable[str]) -> str:
    """``_SPACE.sub(" ", text)`` (each run of whitespace as one space) of the pieces of a text
    cut after spaces; faster, with the same result."""
    collapsed: list[str] = []
    after_space = False
    for piece in filter(None, pieces):
        core = " ".join(piece.split())
        part = (" " if piece[0].isspace() else "") + core
        part += " " if core and piece[-1].isspace() else ""
        if after_space and part.startswith(" "):
            part = part[1:]  # a run of whitespace across the cut
        collapsed.append(part)
        after_space = part.endswith(" ") if part else after_space
    return "".join(collapsed)


def _untagged_pieces(pieces: Iterable[str]) -> Iterator[str]:
    """``_TAG.sub(" ", text)`` of a text in pieces, cut again after a ``>``: a tag ends at the
    first ``>``, so none is cut."""
    held: list[str] = []
    for piece in pieces:
        end = piece.rfind(">") + 1
        if end:
            yield _TAG.sub(" ", "".join([*held, piece[:end]]))
            held = []
        held.append(piece[end:])
    if held:
        yield _TAG.sub(" ", "".join(held))


def _token_bytes(piece: str) -> list[bytes]:
    """Every run of slug characters in ``piece`` (``_TOKEN.findall``, as UTF-8 bytes)."""
    return piece.encode("utf-8", "surrogatepass").translate(_TOKEN_BYTES).split()


class _Scanner:
    """Every fingerprint, indexed so that one pass over a file finds the few worth checking.

    One pass over a file collects what the fingerprints are indexed by: ``stories/``
    addresses; tokens (slugs, and the tokens each title needs) and pairs of tokens that follow
    one another (a title is indexed by its rarest pair); and runs of :data:`_KEY_WORDS` words
    at even positions (a phrase or summary has at least :data:`MIN_PHRASE_WORDS` words, so it
    is indexed by the runs at its first and second word, one of which is at an even position
    wherever it occurs). Only the fingerprints these point at are then compared the way the
    module docstring says, with the same result as comparing every fingerprint with every
    file, so the time taken grows with the size of the site, not with the number of
    held-back stories times that size.
    """

    def __init__(self, prints: list[_Fingerprint]) -> None:
        self.prints = prints
        self.addresses: defaultdict[str, list[int]] = defaultdict(list)
        #: Slugs that are not tokens (unusual file names): looked for as a plain substring.
        self.odd_addresses: list[int] = []
        self.slugs: defaultdict[bytes, list[int]] = defaultdict(list)
        #: Titles, by the pair of tokens (or the token) that the fewest titles have.
        self.titles: defaultdict[_TitleKey, list[int]] = defaultdict(list)
        self.untokened_titles: list[int] = []
        self._title_patterns: dict[int, re.Pattern[str]] = {}
        #: Word sequences to look for (fingerprint, evidence, words), by the runs of their
        #: first and second word (with that offset).
        self.sequence_keys: defaultdict[tuple[str, ...], list[_Sequence]] = defaultdict(list)
        #: The most words of a sequence (a sequence never has fewer than _KEY_WORDS + 1).
        self.longest = _KEY_WORDS + 1
        self._words: dict[str, str] = {}  # one string for each word, however often it is used
        title_counts = Counter(key for p in prints for key in _title_keys(p))
        for number, fingerprint in enumerate(prints):
            slug = fingerprint.slug
            if _TOKEN.fullmatch(slug):
                self.addresses[slug].append(number)
                if fingerprint.slug_is_word:
                    self.slugs[slug.encode("ascii")].append(number)
            else:
                self.odd_addresses.append(number)
            if fingerprint.title_text and (keys := _title_keys(fingerprint)):
                self.titles[min(keys, key=lambda k: (title_counts[k], repr(k)))].append(number)
            elif fingerprint.title_text:
                self.untokened_titles.append(number)
            if fingerprint.summary:
                self._add_sequence(number, "summary", fingerprint.summary)
            for phrase in fingerprint.phrases:
                self._add_sequence(number, "text", phrase)
        #: Every token worth collecting from a file, and every key of a word sequence.
        self.tokens = frozenset(self.slugs).union(*(p.title_tokens for p in prints))
        self.pairs = frozenset[tuple[bytes, bytes]]().union(*(p.title_pairs for p in prints))
        self.keys = frozenset(self.sequence_keys)

    def _add_sequence(self, number: int, evidence: str, sequence: str) -> None:
        words = [self._words.setdefault(word, word) for word in sequence.split()]
        self.longest = max(self.longest, len(words))
        for offset in (0, 1):
            key = tuple(words[offset : offset + _KEY_WORDS])
            self.sequence_keys[key].append(_Sequence(number, evidence, words, offset))

    def scan(self, path: Path) -> dict[int, tuple[str, ...]] | None:
        """What each fingerprint found in the file at ``path`` has as evidence there.

        None for a binary or unreadable file, which is not checked.
        """
        read = _read_text(path)
        if read is None:
            return None
        found: defaultdict[int, set[str]] = defaultdict(set)
        if self.prints:
            text = _Text(read)
            tokens, pairs = self._find_tokens(text, found)
            self._find_titles(text, tokens, pairs, found)
            self._find_sequences(text, found)
        return {
            number: tuple(kind for kind in _EVIDENCE if kind in kinds)
            for number, kinds in found.items()
            if kinds
        }

    def _find_tokens(
        self, text: _Text, found: defaultdict[int, set[str]]
    ) -> tuple[set[bytes], set[tuple[bytes, bytes]]]:
        """Addresses and slugs; the tokens and pairs of tokens of titles that the text holds."""
        tokens: set[bytes] = set()
        pairs: set[tuple[bytes, bytes]] = set()
        last: list[bytes] = []
        for piece in text.pieces():
            for slug in self.addresses.keys() & set(_ADDRESS.findall(piece)):
                for number in self.addresses[slug]:
                    found[number].add("address")
            every = last + _token_bytes(piece)
            tokens |= self.tokens.intersection(every)
            pairs |= self.pairs.intersection(pairwise(every))
            last = every[-1:]
        for token in tokens & self.slugs.keys():
            for number in self.slugs[token]:
                found[number].add("slug")
        return tokens, pairs

    def _find_titles(
        self,
        text: _Text,
        tokens: set[bytes],
        pairs: set[tuple[bytes, bytes]],
        found: defaultdict[int, set[str]],
    ) -> None:
        """Titles, and addresses that are not tokens, in the text with whitespace collapsed."""
        titles = [
            number
            for key in [*(self.titles.keys() & tokens), *(self.titles.keys() & pairs)]
            for number in self.titles[key]
            if self.prints[number].title_tokens <= tokens
            and self.prints[number].title_pairs <= pairs
        ]
        titles += self.untokened_titles
        if titles:
            # A title's space-separated parts, found in the spaced text, are in the text too.
            missing = {part for number in titles for part in self.prints[number].title_parts}
            for piece in text.pieces():
                missing = {part for part in missing if part not in piece}
            titles = [n for n in titles if missing.isdisjoint(self.prints[n].title_parts)]
        if not titles and not self.odd_addresses:
            return
        spaced = _collapse_spaces(text.pieces())
        for number in self.odd_addresses:
            if f"stories/{self.prints[number].slug}" in spaced:
                found[number].add("address")
        for number in titles:
            fingerprint = self.prints[number]
            title = fingerprint.title_text
            if title and title in spaced and self._title_pattern(number, title).search(spaced):
                found[number].add("title")

    def _title_pattern(self, number: int, title: str) -> re.Pattern[str]:
        """The title's pattern, compiled when first needed (few titles ever are)."""
        pattern = self._title_patterns.get(number)
        if pattern is None:
            pattern = self._title_patterns[number] = _title_pattern(title)
        return pattern

    def _find_sequences(self, text: _Text, found: defaultdict[int, set[str]]) -> None:
        """Summaries and phrases, among the words of the text without its markup."""
        if not self.keys:
            return
        carry: list[str] = []
        for piece in _untagged_pieces(text.pieces()):
            # The last words of the pieces before, so that a sequence across a cut is met too.
            words = carry + _words(piece)
            carry = words[1 - self.longest :]
            hits = self.keys.intersection(_runs(words, _KEY_WORDS, step=2))
            if not hits:
                continue
            for position, run in enumerate(_runs(words, _KEY_WORDS, step=2)):
                if run not in hits:
                    continue
                for sequence in self.sequence_keys[run]:
                    start = 2 * position - sequence.offset
                    if start >= 0 and words[start : start + len(sequence.words)] == sequence.words:
                        found[sequence.fingerprint].add(sequence.evidence)


class _CborError(ValueError):
    pass


def _cbor_strings(data: bytes) -> list[str]:
    """Every text string of a CBOR document, in order (RFC 8949).

    CBOR writes a container's header before its items, so one pass over the item headers,
    skipping the bytes of each byte string, meets every text string.
    """
    strings: list[str] = []
    position, end = 0, len(data)
    while position < end:
        initial = data[position]
        major, info = initial >> 5, initial & 0x1F
        position += 1
        if info < 24:
            argument = info
        elif info <= 27:
            size = 1 << (info - 24)
            if position + size > end:
                raise _CborError("truncated")
            argument = int.from_bytes(data[position : position + size], "big")
            position += size
        elif info == 31 and major in (2, 3, 4, 5, 7):
            continue  # indefinite length (chunks follow) or "break"
        else:
            raise _CborError(f"reserved additional information {info}")
        if major in (2, 3):
            if position + argument > end:
                raise _CborError("truncated string")
            if major == 3:
                strings.append(data[position : position + argument].decode("utf-8", "replace"))
            position += argument
    return strings


def pagefind_text(data: bytes, suffix: str) -> str:
    """A decompressed Pagefind file (signature first) as text the audit can search."""
    body = data.removeprefix(PAGEFIND_SIGNATURE)
    if suffix == ".pf_fragment":
        return body.decode("utf-8", "replace")
    try:
        return "\n".join(_cbor_strings(body))
    except _CborError:
        return body.decode("utf-8", "ignore")


def _read_text(path: Path) -> str | bytes | None:
    """The file as text (``.gz`` decompressed, Pagefind's files decoded), or None for binary
    and unreadable files. Text is ``str``, or ``bytes`` known to be UTF-8 (see _Text)."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        elif path.suffix in PAGEFIND_SUFFIXES:
            return pagefind_text(gzip.decompress(data), path.suffix)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
        return None
    if b"\x00" in data[:_BINARY_SNIFF]:
        return None
    return data if _is_utf8(data) else None


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8; checked in pieces, so a large file is not held twice."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _PIECE):
            decoder.decode(view[start : start + _PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _paragraph_words(markdown: str) -> list[list[str]]:
    """The body's prose as words, paragraph by paragraph, with Markdown syntax left out."""
    text = _COMMENT.sub(" ", markdown)
    text = _MD_LINK.sub(r" \1 ", text)
    text = _MD_FOOTNOTE.sub(" ", _MD_ATTRS.sub(" ", text))
    text = html.unescape(_TAG.sub(" ", text))
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line.strip() or _BLOCK_MARKER.match(line):
            paragraphs.append([])
            continue
        paragraphs[-1].extend(_words(line))
    return [words for words in paragraphs if words]


def _ranked_windows(markdown: str, tries: int = _TRIES_PER_REGION) -> list[list[str]]:
    """For each region of the text, the phrases :func:`_choose_phrases` may try, best first.

    The windows of the text (each 8-word run of a paragraph; a paragraph of 5 to 7 words is one
    window) are split into up to :data:`MAX_SHINGLES` equal regions, and each region's windows
    are ranked by their number of distinct long words (five letters or more), in text order
    among equals; the first ``tries`` of each region are returned, as word sequences.
    """
    scores: list[int] = []  # of every window, negated (sorting puts the best first)
    windows: list[tuple[list[str], int, int]] = []  # paragraph, start, length
    for words in _paragraph_words(markdown):
        if len(words) < SHINGLE_WORDS:
            if len(words) >= MIN_PHRASE_WORDS:
                scores.append(-len({w for w in words if len(w) >= 5}))
                windows.append((words, 0, len(words)))
            continue
        scores += _window_scores(words)
        windows += [
            (words, start, SHINGLE_WORDS) for start in range(len(words) - SHINGLE_WORDS + 1)
        ]
    if not windows:
        return []
    regions = min(MAX_SHINGLES, len(windows))
    size = len(windows) / regions
    ranked = []
    for region in range(regions):
        part = range(round(region * size), round((region + 1) * size))
        best = sorted(part, key=scores.__getitem__)[: min(tries, _TRIES_PER_REGION)]
        chosen = map(windows.__getitem__, best)
        ranked.append([_word_sequence(words[start : start + n]) for words, start, n in chosen])
    return ranked


def _window_scores(words: list[str]) -> list[int]:
    """Minus the number of distinct long words of each 8-word window of ``words``."""
    # Short words become "", counted once by len(set(...)), then taken off where present.
    marked = [word if len(word) >= 5 else "" for word in words]
    windows = zip(*(marked[start:] for start in range(SHINGLE_WORDS)), strict=False)
    shorts = list(accumulate(map(not_, marked), initial=0))
    with_short = map(bool, map(sub, shorts[SHINGLE_WORDS:], shorts))
    return list(map(sub, with_short, map(len, map(set, windows))))


def _choose_phrases(
    ranked: list[list[str]], public: AbstractSet[str], complete: bool = True
) -> list[str] | None:
    """From each region, the best phrase that does not also occur in published text.

    With ``complete`` false, ``ranked`` holds only the first phrases of each region: None when
    those are not enough to choose.
    """
    chosen: list[str] = []
    for phrases in ranked:
        for phrase in phrases:
            if phrase not in chosen and phrase not in public:
                chosen.append(phrase)
                break
        else:
            if not complete and len(phrases) == _FIRST_TRIES:
                return None
    return chosen


def _raw_fields(stories_dir: Path | None, slugs: set[str]) -> dict[str, dict[str, str]]:
    """Title and summary of the story files of ``slugs``, read leniently (invalid stories)."""
    fields: dict[str, dict[str, str]] = {}
    if stories_dir is None or not slugs or not stories_dir.is_dir():
        return fields
    for source in story_sources(stories_dir):
        if source.slug not in slugs:
            continue
        file = source.markdown
        text, _ = read_source_text(file, file.name)
        block = split_front_matter(text, file.name)[0] if text is not None else None
        if block is None:
            continue
        document, _ = read_yaml_mapping(block.yaml_text, file.name, block.yaml_first_line)
        if document is None:
            continue
        fields[source.slug] = {
            name: value.strip()
            for name in ("title", "summary")
            if isinstance(value := document.data.get(name), str) and value.strip()
        }
    return fields


def _title_anywhere(title_text: str) -> bool:
    return len(title_text.split()) >= TITLE_ANYWHERE_WORDS


def _title_pattern(title: str) -> re.Pattern[str]:
    escaped = re.escape(_SPACE.sub(" ", title.strip()))
    if _title_anywhere(title):
        return re.compile(rf"(?<!\w){escaped}(?!\w)")
    return re.compile(rf"(?:^|[>\"'])\s?{escaped}\s?(?=$|[<\"']| [-\u2013\u2014|:] )")


def _title_tokens(title_text: str) -> list[bytes]:
    """The tokens of the title that are whole tokens of any text its pattern matches in.

    A short title must stand alone, so all its tokens are; a longer one is only bounded by
    non-word characters (``-`` is not one), so only the tokens inside it count. They follow
    one another in the title, so they do in such a text too.
    """
    anywhere = _title_anywhere(title_text)
    return [
        match.group().encode("ascii")
        for match in _TOKEN.finditer(title_text)
        if not anywhere or (match.start() > 0 and match.end() < len(title_text))
    ]


def _title_keys(fingerprint: _Fingerprint) -> AbstractSet[_TitleKey]:
    """What a title can be found by: its pairs of tokens, or its token if it has only one."""
    return fingerprint.title_pairs or fingerprint.title_tokens


def _public_sequences(anthology: Anthology, sequences: set[str]) -> set[str]:
    """Which of ``sequences`` (`` w1 ... wk ``, k >= 5) occur in a published title, summary or
    paragraph of text."""
    by_start: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
    for sequence in sequences:
        by_start[tuple(sequence.split()[:MIN_PHRASE_WORDS])].append(sequence)
    starts = frozenset(by_start)
    found: set[str] = set()
    if not starts:
        return found
    for judged in anthology.published:
        parts = _paragraph_words(judged.loaded.body)
        if judged.story is not None:
            parts += [_words(judged.story.title), _words(judged.story.summary)]
        for words in parts:
            hits = starts.intersection(_runs(words, MIN_PHRASE_WORDS, step=1))
            if hits:
                text = _word_sequence(words)
                found.update(s for start in hits for s in by_start[start] if s in text)
    return found


def _site_words(anthology: Anthology) -> frozenset[str]:
    """Keys the site itself prints (in theme, level and role addresses and elsewhere)."""
    vocabulary = anthology.vocabulary
    return frozenset(
        [*vocabulary.themes, *vocabulary.content_notes, *FRAMEWORK_LEVELS, *STORYTELLER_ROLES]
    ) | frozenset(SCOPES)


@dataclass(frozen=True)
class _Draft:
    """A held-back story's fingerprint before the published text has been compared."""

    judged: JudgedStory
    title: str | None
    title_text: str | None
    summary: str | None
    #: The first few phrases to try in each region (see _ranked_windows, _choose_phrases).
    ranked: list[list[str]]


def _draft(judged: JudgedStory, raw: dict[str, str], public_titles: set[str]) -> _Draft:
    title = judged.story.title if judged.story else raw.get("title")
    summary = judged.story.summary if judged.story else raw.get("summary")
    title_text = _SPACE.sub(" ", title.strip()) if title else None
    if not title_text or title_text in public_titles or not _words(title_text):
        title_text = None
    summary_words = _word_sequence(_words(summary)) if summary else None
    if summary_words and len(summary_words.split()) < MIN_PHRASE_WORDS:
        summary_words = None
    ranked = _ranked_windows(judged.loaded.body, _FIRST_TRIES)
    return _Draft(judged, title, title_text, summary_words, ranked)


def _fingerprint(
    draft: _Draft, phrases: list[str], public: set[str], site_words: frozenset[str]
) -> _Fingerprint:
    slug, title_text = draft.judged.slug, draft.title_text
    tokens = _title_tokens(title_text) if title_text else []
    return _Fingerprint(
        slug=slug,
        title=draft.title,
        slug_is_word=bool(re.search(r"[-0-9]", slug)) and slug not in site_words,
        title_text=title_text,
        title_tokens=frozenset(tokens),
        title_pairs=frozenset(pairwise(tokens)),
        title_parts=tuple(title_text.split(" ")) if title_text else (),
        summary=draft.summary if draft.summary not in public else None,
        phrases=tuple(phrases),
    )


def _fingerprints(anthology: Anthology, stories_dir: Path | None) -> list[_Fingerprint]:
    """The fingerprint of every held-back story.

    Which phrases a fingerprint uses depends on which occur in published text, so that text is
    searched for the summaries and the first phrases of each region; it is searched again,
    for every phrase of a region, only for the stories where those were not enough.
    """
    held_back = anthology.held_back
    raw = _raw_fields(stories_dir, {j.slug for j in held_back if j.story is None})
    public_titles = {
        _SPACE.sub(" ", j.story.title.strip()) for j in anthology.published if j.story is not None
    }
    drafts = [_draft(judged, raw.get(judged.slug, {}), public_titles) for judged in held_back]
    first = {s for draft in drafts for s in [draft.summary, *chain(*draft.ranked)] if s}
    public = _public_sequences(anthology, first)
    phrases = [_choose_phrases(draft.ranked, public, complete=False) for draft in drafts]
    retry = {
        n: _ranked_windows(drafts[n].judged.loaded.body) for n, p in enumerate(phrases) if p is None
    }
    if retry:
        public |= _public_sequences(anthology, {s for r in retry.values() for s in chain(*r)})
        for n, ranked in retry.items():
            phrases[n] = _choose_phrases(ranked, public)
    site_words = _site_words(anthology)
    return [
        _fingerprint(draft, chosen or [], public, site_words)
        for draft, chosen in zip(drafts, phrases, strict=True)
    ]


def _site_files(site_dir: Path) -> Iterator[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def scan_site(
    site_dir: Path, anthology: Anthology, *, stories_dir: Path | None = None
) -> AuditResult:
    """Audit every file under ``site_dir``; see the module docstring for what is looked for."""
    prints = _fingerprints(anthology, stories_dir)
    scanner = _Scanner(prints)
    findings: list[AuditFinding] = []
    checked = 0
    for path in _site_files(site_dir):
        found = scanner.scan(path)
        if found is None:
            continue
        checked += 1
        name = path.relative_to(site_dir).as_posix()
        for number, evidence in found.items():
            fingerprint = prints[number]
            findings.append(AuditFinding(name, fingerprint.slug, fingerprint.title, evidence))
    return AuditResult(checked, len(prints), sorted(findings))


def audit_site(
    site_dir: Path, anthology: Anthology, *, stories_dir: Path | None = None
) -> list[AuditFinding]:
    """Every place a story that is not published was found in the built site (none: clean)."""
    return scan_site(site_dir, anthology, stories_dir=stories_dir).findings
