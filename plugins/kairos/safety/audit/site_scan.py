"""Audit every file of a built site, in a process pool on machines with more than one core.

Files are scanned independently (:class:`.matching.Scanner`), in path order; a pool returns
the reports in that order, so the result is the same as a serial run's. A pool is used only
when the site is large enough to pay for starting the workers (:data:`POOL_MIN_BYTES`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.safety.audit.matching import FileReport, Scanner
from kairos.safety.audit.report import EVIDENCE, AuditFinding, AuditResult, UnreadableFile
from kairos.safety.audit.targets import DocsText, public_runs, report_runs, targets

__all__ = ["POOL_MIN_BYTES", "audit_site", "available_cores", "scan_site"]

#: A site smaller than this is audited in this process (starting workers costs about 0.5 s).
POOL_MIN_BYTES = 24 << 20

_worker_scanner: Scanner | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def _site_files(site_dir: Path) -> Iterator[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _start_worker(scanner: Scanner) -> None:
    global _worker_scanner
    _worker_scanner = scanner


def _scan_in_worker(job: tuple[str, str]) -> FileReport:
    assert _worker_scanner is not None
    name, path = job
    return _worker_scanner.scan(name, Path(path).read_bytes())


def _reports(scanner: Scanner, site_dir: Path, workers: int | None) -> list[FileReport]:
    files = list(_site_files(site_dir))
    jobs = [(path.relative_to(site_dir).as_posix(), str(path)) for path in files]
    if workers is None:
        size = sum(path.stat().st_size for path in files)
        workers = available_cores() if size >= POOL_MIN_BYTES else 1
    if workers <= 1 or len(jobs) < 2:
        return [scanner.scan(name, Path(path).read_bytes()) for name, path in jobs]
    chunk = max(1, len(jobs) // (workers * 8))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, _start_worker, (scanner,)) as pool:
        return list(pool.map(_scan_in_worker, jobs, chunksize=chunk))


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
    chosen, held = targets(anthology, stories_dir, DocsText(docs_dir))
    scanner = Scanner(chosen)
    reports = _reports(scanner, site_dir, workers)
    runs = {run for report in reports for run in report.runs}
    public = public_runs(anthology, chosen, report_runs(runs))
    found: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    unreadable: list[UnreadableFile] = []
    for report in reports:
        for label, number, kind in report.found:
            found[label, number].add(kind)
        for label, number, sequence, start, end in report.runs:
            if (number, sequence, start, end) not in public:
                kind = chosen[number].evidence.sequences[sequence].evidence
                found[label, number].add(kind)
        unreadable += [UnreadableFile(label, reason) for label, reason in report.unreadable]
    findings = [
        AuditFinding(
            label,
            held[number].slug,
            held[number].title,
            tuple(kind for kind in EVIDENCE if kind in kinds),
        )
        for (label, number), kinds in found.items()
    ]
    return AuditResult(len(reports), len(held), sorted(findings), sorted(set(unreadable)))


def audit_site(
    site_dir: Path,
    anthology: Anthology,
    *,
    stories_dir: Path | None = None,
    docs_dir: Path | None = None,
) -> list[AuditFinding | UnreadableFile]:
    """Every place a story that is not published was found, and every file that could not
    be read, in the built site (none: clean)."""
    result = scan_site(site_dir, anthology, stories_dir=stories_dir, docs_dir=docs_dir)
    return sorted([*result.findings, *result.unreadable], key=lambda item: (item.file, str(item)))
