"""Audit every file of a built site: what this build looks for, every file scanned (in a
process pool on machines with more than one core), and which found quotes count.

A story's own evidence (:func:`.evidence.story_evidence`) depends on its source alone; what a
build looks for also depends on the rest of the project (a slug the docs mention, a title, media
or quote that published stories share: MAINTAINERS.md, "What is never a finding").

Files are scanned independently (:class:`.matching.Scanner`), so a pool's result is a serial
run's, used only when the site is large enough to pay for starting the workers. Every file is
read and scanned on every audit: nothing is kept between builds. The result lists the held-back
stories found and the files that could not be read (:class:`AuditResult`).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.front_matter import LoadedFile
from kairos.core.problems import masked_if_identifying
from kairos.core.story import FRAMEWORK_LEVELS, SCOPES, STORYTELLER_ROLES
from kairos.core.story_sources import StorySource, story_sources
from kairos.safety.audit.evidence import (
    GRAM_WORDS,
    SHORT_GRAM_WORDS,
    StoryEvidence,
    markdown_words,
    story_evidence,
    story_media,
)
from kairos.safety.audit.matching import FileReport, Scanner, Target, scan_in_worker, start_worker
from kairos.safety.audit.normalise import grams, words
from kairos.safety.audit.readers import decode_text

#: What can be found of a story, in the order findings list it.
EVIDENCE = ("address", "slug", "name", "media", "title", "summary", "text")


@dataclass(frozen=True, order=True)
class AuditFinding:
    """A held-back story found in one output file (``archive.zip!member`` inside an archive)."""

    file: str
    slug: str
    title: str | None
    #: What was found: any of :data:`EVIDENCE`.
    evidence: tuple[str, ...]

    def line(self, site_label: str) -> str:
        """``site/search/search_index.json: held-back story 'slug' (Title) found``.

        The line goes to build logs and the deploy issue, so a title holding anything the
        identifier scan finds is ``[masked]``."""
        title = masked_if_identifying(self.title) if self.title is not None else "title unknown"
        return f"{site_label}/{self.file}: held-back story '{self.slug}' ({title}) found"

    def __str__(self) -> str:
        return self.line(".").removeprefix("./")


@dataclass(frozen=True, order=True)
class UnreadableFile:
    """An output file the audit could not read, so could not check: a finding too."""

    file: str
    reason: str

    def line(self, site_label: str) -> str:
        """``site/report.pdf: cannot be checked: its text cannot be read: it is encrypted``."""
        return f"{site_label}/{self.file}: cannot be checked: {self.reason}; remove it or fix it"

    def __str__(self) -> str:
        return self.line(".").removeprefix("./")


@dataclass(frozen=True)
class AuditResult:
    files_checked: int
    held_back: int
    findings: list[AuditFinding]
    unreadable: list[UnreadableFile]

    @property
    def clean(self) -> bool:
        return not self.findings and not self.unreadable

    def lines(self, site_label: str) -> list[str]:
        """One line per finding and unreadable file, in file order."""
        every: list[AuditFinding | UnreadableFile] = [*self.findings, *self.unreadable]
        return [item.line(site_label) for item in sorted(every, key=lambda item: item.file)]


_TOKEN = re.compile(r"[a-z0-9_-]+")
_DOCS_SUFFIXES = frozenset({".md", ".html", ".htm", ".txt", ".yml", ".yaml", ".json", ".xml"})


def docs_tokens(docs_dir: Path | None) -> frozenset[str]:
    """The tokens of the hand-written pages (``docs/``): slugs they mention."""
    paths = docs_dir.rglob("*") if docs_dir is not None else ()
    wanted = (path for path in paths if path.suffix.lower() in _DOCS_SUFFIXES and path.is_file())
    return frozenset(_TOKEN.findall("\n".join(decode_text(p.read_bytes()) for p in wanted).lower()))


def evidence_of(judged: JudgedStory, source: StorySource | None) -> StoryEvidence:
    """:func:`story_evidence` of a judged story, an invalid one's title and summary read
    leniently from its file (``source``)."""
    fields: list[str | None] = [None, None]
    if judged.story is not None:
        fields = [judged.story.title, judged.story.summary]
    elif source is not None and (read := LoadedFile("", "").read(source.markdown)):
        values = (read[1].data.get(name) for name in ("title", "summary"))
        fields = [value.strip() or None if isinstance(value, str) else None for value in values]
    loaded = judged.loaded
    return story_evidence(judged.slug, fields[0], fields[1], loaded.body, loaded.folder)


def targets(anthology: Anthology, stories_dir: Path | None, docs: frozenset[str]) -> list[Target]:
    """What this build looks for (see the module docstring); ``docs``: :func:`docs_tokens`."""
    found = story_sources(stories_dir) if stories_dir is not None and stories_dir.is_dir() else []
    sources = {source.slug: source for source in found}
    public_titles = {tuple(words(j.story.title)) for j in anthology.published if j.story}
    public_media = set().union(*(story_media(j.loaded.folder) for j in anthology.published))
    vocabulary = anthology.vocabulary  # keys the site prints (in addresses and elsewhere)
    site_words = {*vocabulary.themes, *vocabulary.content_notes, *FRAMEWORK_LEVELS, *SCOPES}
    site_words |= set(STORYTELLER_ROLES)
    chosen = []
    for judged in anthology.held_back:
        evidence = evidence_of(judged, sources.get(judged.slug))
        slug = evidence.slug
        address = slug.lower() not in docs
        slug_token = address and bool(re.search(r"[-0-9]", slug)) and slug not in site_words
        title = bool(evidence.title_words) and evidence.title_words not in public_titles
        media = tuple(sorted(evidence.media - public_media))
        chosen.append(Target(evidence, address, slug_token, title, media))
    return chosen


def _published_words(anthology: Anthology) -> Iterable[list[str]]:
    for judged in anthology.published:
        yield from markdown_words(judged.loaded.body)
        if judged.story is not None:
            yield words(judged.story.title)
            yield words(judged.story.summary)


def public_runs(
    anthology: Anthology, chosen: list[Target], reports: list[FileReport]
) -> set[tuple[int, int, int, int]]:
    """Which found quotes ``(target, sequence, start, end)`` published stories hold whole.

    Published text is read only when some quote was found, and each of its runs of words is
    compared with the runs of the quotes as sets, so this too is linear.
    """
    grams_of: dict[tuple[int, int, int, int], set[tuple[str, ...]]] = {}
    for quote in {run[1:] for report in reports for run in report.runs}:
        number, sequence, start, end = quote
        found = chosen[number].evidence.sequences[sequence].words[start:end]
        size = GRAM_WORDS if len(found) >= GRAM_WORDS else SHORT_GRAM_WORDS
        grams_of[quote] = set(grams(found, size))
    needed: set[tuple[str, ...]] = set().union(*grams_of.values())
    sizes, held = {len(gram) for gram in needed}, set()
    for published in _published_words(anthology) if needed else ():
        for size in sizes:
            held |= needed.intersection(grams(published, size))
    return {quote for quote, found in grams_of.items() if found <= held}


#: A site smaller than this is audited in this process (starting workers costs about 0.5 s).
POOL_MIN_BYTES = 24 << 20


def available_cores() -> int:
    """The cores this process may run on (all of them where the system cannot tell)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (not Linux)


#: Why a symbolic link in the site is a finding: a host may publish what it points to.
SYMLINK = "it is a symbolic link; the site must hold its own files, not links to others"


def _site_files(site_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The site's files (name in the site, path), by name, and its symbolic links (names):
    links are not followed."""
    found, links = [], []
    for path in site_dir.rglob("*"):  # (rglob does not enter linked folders)
        name = path.relative_to(site_dir).as_posix()
        if path.is_symlink():
            links.append(name)
        elif not path.is_dir():
            found.append((name, str(path)))
    return sorted(found), links


def _scan(
    chosen: list[Target], jobs: list[tuple[str, str]], size: int, workers: int | None
) -> list[FileReport]:
    """Scan ``jobs`` (name in the site, path), ``size`` bytes in all: in a pool for a large
    site, else here."""
    if workers is None:
        workers = available_cores() if size >= POOL_MIN_BYTES else 1
    if workers <= 1 or len(jobs) < 2:
        scanner = Scanner(chosen)
        return [scanner.scan(name, Path(path).read_bytes()) for name, path in jobs]
    chunk = max(1, len(jobs) // (workers * 8))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, start_worker, (chosen,)) as pool:
        return list(pool.map(scan_in_worker, jobs, chunksize=chunk))


def scan_site(
    site_dir: Path,
    anthology: Anthology,
    *,
    stories_dir: Path | None = None,
    docs_dir: Path | None = None,
    workers: int | None = None,
) -> AuditResult:
    """Audit every file under ``site_dir`` for the stories ``anthology`` holds back.

    ``stories_dir`` lets the audit read an invalid story's title and summary; ``docs_dir``
    (the hand-written pages) is where example slugs and titles may be mentioned. ``workers``:
    processes to scan with (None: one per core for a large site, see :data:`POOL_MIN_BYTES`).
    """
    chosen = targets(anthology, stories_dir, docs_tokens(docs_dir))
    jobs, links = _site_files(site_dir)
    size = sum(os.path.getsize(path) for _, path in jobs)
    reports = [FileReport(unreadable=[(name, SYMLINK)]) for name in links]
    reports += _scan(chosen, jobs, size, workers)
    public = public_runs(anthology, chosen, reports)
    found: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    for report in reports:
        for label, number, kind in report.found:
            found[label, number].add(kind)
        for label, number, sequence, *span in report.runs:
            if (number, sequence, *span) not in public:
                found[label, number].add(chosen[number].evidence.sequences[sequence].evidence)
    unreadable = {UnreadableFile(*item) for report in reports for item in report.unreadable}
    findings = [
        AuditFinding(
            label,
            chosen[number].evidence.slug,
            chosen[number].evidence.title,
            tuple(kind for kind in EVIDENCE if kind in kinds),
        )
        for (label, number), kinds in found.items()
    ]
    return AuditResult(len(reports), len(chosen), sorted(findings), sorted(unreadable))
