"""Audit every file of a built site, in a process pool on machines with more than one core.

Files are scanned independently (:class:`.matching.Scanner`), so a pool's result is a serial
run's. A pool is used only when the site is large enough to pay for starting the workers
(:data:`POOL_MIN_BYTES`).
Every file is read and scanned on every audit: nothing is kept between builds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.safety.audit.matching import FileReport, Scanner, Target, scan_in_worker, start_worker
from kairos.safety.audit.report import EVIDENCE, AuditFinding, AuditResult, UnreadableFile
from kairos.safety.audit.targets import docs_tokens, public_runs, targets

#: A site smaller than this is audited in this process (starting workers costs about 0.5 s).
POOL_MIN_BYTES = 24 << 20


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


#: Why a symbolic link in the site is a finding: a host may publish what it points to.
SYMLINK = "it is a symbolic link; the site must hold its own files, not links to others"


def _site_files(site_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The site's files (name in the site, path), by name, and its symbolic links (names):
    links are not followed."""
    found, links = [], []
    for folder, folders, files in os.walk(site_dir):
        base = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if base == "." else f"{base}/"
        for name in [*files, *folders]:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                links.append(prefix + name)
            elif name in files:
                found.append((prefix + name, path))
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
    names, paths = zip(*jobs, strict=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, start_worker, (chosen,)) as pool:
        return list(pool.map(scan_in_worker, names, paths, chunksize=chunk))


def scan_site(
    site_dir: Path,
    anthology: Anthology,
    *,
    stories_dir: Path | None = None,
    docs_dir: Path | None = None,
    workers: int | None = None,
) -> AuditResult:
    """Audit every file under ``site_dir`` for the stories ``anthology`` holds back.

    ``stories_dir`` lets the audit read an invalid story's title and summary and find a
    story's media; ``docs_dir`` (the hand-written pages) is where example slugs and titles
    may be mentioned. ``workers``: processes to scan with (None: one per core for a large
    site, see :data:`POOL_MIN_BYTES`).
    """
    chosen = targets(anthology, stories_dir, docs_tokens(docs_dir))
    jobs, links = _site_files(site_dir)
    size = sum(os.path.getsize(path) for _, path in jobs)
    reports = [FileReport(name, unreadable=[(name, SYMLINK)]) for name in links]
    reports += _scan(chosen, jobs, size, workers)
    public = public_runs(anthology, chosen, (run for report in reports for run in report.runs))
    found: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    unreadable: set[UnreadableFile] = set()
    for report in reports:
        for label, number, kind in report.found:
            found[label, number].add(kind)
        for label, number, sequence, start, end in report.runs:
            if (number, sequence, start, end) not in public:
                kind = chosen[number].evidence.sequences[sequence].evidence
                found[label, number].add(kind)
        unreadable.update(UnreadableFile(label, reason) for label, reason in report.unreadable)
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
