"""Defence in depth: look for held-back stories in every file of a built site.

The site is built from published stories only, so nothing here should ever be found. The audit
checks that independently of how the site was built: it reads every output file (HTML, JSON,
XML, JavaScript, text, and ``.gz`` files decompressed; binary files are skipped) and looks for
each story that is NOT published on the build date:

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
a false alarm. Invalid stories are audited too: their slug and text always, their title and
summary when ``stories_dir`` is given to read them from the raw front-matter.

This module imports neither mkdocs nor click: ``kairos audit`` and the plugin both call it.
"""

from __future__ import annotations

import gzip
import html
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .anthology import Anthology, JudgedStory, story_files
from .front_matter import read_yaml_mapping, split_front_matter
from .source_file import read_source_text
from .story import FRAMEWORK_LEVELS, SCOPES, STORYTELLER_ROLES

__all__ = ["AuditFinding", "AuditResult", "audit_site", "scan_site"]

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
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_ADDRESS = re.compile(r"stories/([A-Za-z0-9_-]+)")


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
class _Haystack:
    """One output file, prepared once for every fingerprint."""

    #: Unescaped text with markup kept and whitespace collapsed.
    text: str
    #: Lower-case words of the text without markup, space-separated, with a space at each end.
    words: str
    #: Every run of slug characters (``[A-Za-z0-9_-]+``) in the text.
    tokens: frozenset[str]
    #: Every slug-like path segment that follows ``stories/``.
    addresses: frozenset[str]
    #: Every run of :data:`SHINGLE_WORDS` consecutive words.
    shingles: frozenset[str]


@dataclass(frozen=True)
class _Fingerprint:
    slug: str
    title: str | None
    slug_is_word: bool
    title_text: str | None
    title_pattern: re.Pattern[str] | None
    summary: str | None
    shingles: tuple[str, ...]
    phrases: tuple[str, ...]

    def evidence(self, haystack: _Haystack) -> tuple[str, ...]:
        found = []
        if self.slug in haystack.addresses or (
            not _TOKEN.fullmatch(self.slug) and f"stories/{self.slug}" in haystack.text
        ):
            found.append("address")
        if self.slug_is_word and self.slug in haystack.tokens:
            found.append("slug")
        if (
            self.title_text
            and self.title_pattern
            and self.title_text in haystack.text
            and self.title_pattern.search(haystack.text)
        ):
            found.append("title")
        if self.summary and self.summary in haystack.words:
            found.append("summary")
        if any(s in haystack.shingles for s in self.shingles) or any(
            p in haystack.words for p in self.phrases
        ):
            found.append("text")
        return tuple(found)


def _json_unescape(text: str) -> str:
    def pair(match: re.Match[str]) -> str:
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    def single(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code.startswith("u") else _JSON_SIMPLE[code]

    return _JSON_ESCAPE.sub(single, _JSON_SURROGATES.sub(pair, text))


def _word_sequence(words: list[str]) -> str:
    return " " + " ".join(words) + " "


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _haystack(text: str) -> _Haystack:
    text = _SPACE.sub(" ", html.unescape(html.unescape(_json_unescape(text))))
    words = _words(_TAG.sub(" ", text))
    return _Haystack(
        text=text,
        words=_word_sequence(words),
        tokens=frozenset(_TOKEN.findall(text)),
        addresses=frozenset(_ADDRESS.findall(text)),
        shingles=frozenset(
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        ),
    )


def _read_text(path: Path) -> str | None:
    """The file as text (``.gz`` decompressed), or None for binary and unreadable files."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
        return None
    if b"\x00" in data[:_BINARY_SNIFF]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


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


def _body_phrases(markdown: str, public_words: str) -> list[list[str]]:
    """Up to :data:`MAX_SHINGLES` distinctive 8-word phrases spread through the text.

    The windows of the text are split into equal regions; from each, the window with the
    most distinct long words (five letters or more) that does not also occur in published
    text is chosen. A paragraph shorter than 8 words counts as one window.
    """
    windows: list[tuple[int, list[str]]] = []
    for words in _paragraph_words(markdown):
        if len(words) < SHINGLE_WORDS:
            candidates = [words] if len(words) >= MIN_PHRASE_WORDS else []
        else:
            candidates = [
                words[start : start + SHINGLE_WORDS]
                for start in range(len(words) - SHINGLE_WORDS + 1)
            ]
        windows += [(sum(len(w) >= 5 for w in set(window)), window) for window in candidates]
    if not windows:
        return []
    regions = min(MAX_SHINGLES, len(windows))
    size = len(windows) / regions
    chosen: list[list[str]] = []
    for region in range(regions):
        part = windows[round(region * size) : round((region + 1) * size)]
        ranked = sorted(part, key=lambda scored: -scored[0])[:_TRIES_PER_REGION]
        for _, window in ranked:
            if window not in chosen and _word_sequence(window) not in public_words:
                chosen.append(window)
                break
    return chosen


def _raw_fields(stories_dir: Path | None) -> dict[str, dict[str, str]]:
    """Title and summary of every story file, read leniently (for invalid stories)."""
    fields: dict[str, dict[str, str]] = {}
    if stories_dir is None or not stories_dir.is_dir():
        return fields
    for file in story_files(stories_dir):
        text, _ = read_source_text(file, file.name)
        block = split_front_matter(text, file.name)[0] if text is not None else None
        if block is None:
            continue
        document, _ = read_yaml_mapping(block.yaml_text, file.name, block.yaml_first_line)
        if document is None:
            continue
        fields[file.stem] = {
            name: value.strip()
            for name in ("title", "summary")
            if isinstance(value := document.data.get(name), str) and value.strip()
        }
    return fields


def _title_pattern(title: str) -> re.Pattern[str]:
    escaped = re.escape(_SPACE.sub(" ", title.strip()))
    if len(title.split()) >= TITLE_ANYWHERE_WORDS:
        return re.compile(rf"(?<!\w){escaped}(?!\w)")
    return re.compile(rf"(?:^|[>\"'])\s?{escaped}\s?(?=$|[<\"']| [-\u2013\u2014|:] )")


def _public_words(anthology: Anthology) -> str:
    """Every published title, summary and text as one word sequence (``|`` between parts)."""
    parts = []
    for judged in anthology.published:
        if judged.story is not None:
            parts.append(_words(judged.story.title))
            parts.append(_words(judged.story.summary))
        parts.extend(_paragraph_words(judged.loaded.body))
    return " " + " | ".join(" ".join(words) for words in parts) + " "


def _site_words(anthology: Anthology) -> frozenset[str]:
    """Keys the site itself prints (in theme, level and role addresses and elsewhere)."""
    vocabulary = anthology.vocabulary
    return frozenset(
        [*vocabulary.themes, *vocabulary.content_notes, *FRAMEWORK_LEVELS, *STORYTELLER_ROLES]
    ) | frozenset(SCOPES)


def _fingerprint(
    judged: JudgedStory,
    raw: dict[str, str],
    public_words: str,
    public_titles: set[str],
    site_words: frozenset[str],
) -> _Fingerprint:
    slug = judged.slug
    title = judged.story.title if judged.story else raw.get("title")
    summary = judged.story.summary if judged.story else raw.get("summary")
    slug_is_word = bool(re.search(r"[-0-9]", slug)) and slug not in site_words
    title_text = _SPACE.sub(" ", title.strip()) if title else None
    if not title_text or title_text in public_titles or not _words(title_text):
        title_text = None
    summary_words = _word_sequence(_words(summary)) if summary else None
    if summary_words and (
        len(summary_words.split()) < MIN_PHRASE_WORDS or summary_words in public_words
    ):
        summary_words = None
    windows = _body_phrases(judged.loaded.body, public_words)
    return _Fingerprint(
        slug=slug,
        title=title,
        slug_is_word=slug_is_word,
        title_text=title_text,
        title_pattern=_title_pattern(title_text) if title_text else None,
        summary=summary_words,
        shingles=tuple(" ".join(w) for w in windows if len(w) == SHINGLE_WORDS),
        phrases=tuple(_word_sequence(w) for w in windows if len(w) != SHINGLE_WORDS),
    )


def _site_files(site_dir: Path) -> Iterator[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def scan_site(
    site_dir: Path, anthology: Anthology, *, stories_dir: Path | None = None
) -> AuditResult:
    """Audit every file under ``site_dir``; see the module docstring for what is looked for."""
    held_back = anthology.held_back
    raw = _raw_fields(stories_dir if any(j.story is None for j in held_back) else None)
    public_words = _public_words(anthology)
    public_titles = {
        _SPACE.sub(" ", j.story.title.strip()) for j in anthology.published if j.story is not None
    }
    site_words = _site_words(anthology)
    prints = [
        _fingerprint(judged, raw.get(judged.slug, {}), public_words, public_titles, site_words)
        for judged in held_back
    ]
    findings: list[AuditFinding] = []
    checked = 0
    for path in _site_files(site_dir):
        text = _read_text(path)
        if text is None:
            continue
        checked += 1
        if not prints:
            continue
        haystack = _haystack(text)
        name = path.relative_to(site_dir).as_posix()
        for fingerprint in prints:
            evidence = fingerprint.evidence(haystack)
            if evidence:
                findings.append(AuditFinding(name, fingerprint.slug, fingerprint.title, evidence))
    return AuditResult(checked, len(prints), sorted(findings))


def audit_site(
    site_dir: Path, anthology: Anthology, *, stories_dir: Path | None = None
) -> list[AuditFinding]:
    """Every place a story that is not published was found in the built site (none: clean)."""
    return scan_site(site_dir, anthology, stories_dir=stories_dir).findings
