"""Audit every file of a built site, in a process pool on machines with more than one core.

Files are scanned independently (:class:`.matching.Scanner`), in path order; a pool returns
the reports in that order, so the result is the same as a serial run's. A pool is used only
when the site is large enough to pay for starting the workers (:data:`POOL_MIN_BYTES`), or
when a :class:`.background_scan.BackgroundScan` already runs one.

With a :class:`.scan_memory.ScanMemory`, a file whose path and bytes are the same as in an
earlier build that looked for the same stories is not scanned again: its report is reused.
Every file is still read and hashed on every build.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.safety.audit.background_scan import (
    BackgroundScan,
    scan_file,
    scan_file_in_worker,
    start_worker,
)
from kairos.safety.audit.evidence import StoryEvidence
from kairos.safety.audit.matching import FileReport, Scanner, Target
from kairos.safety.audit.report import EVIDENCE, AuditFinding, AuditResult, UnreadableFile
from kairos.safety.audit.scan_memory import (
    ScanMemory,
    report_from_bytes,
    report_key,
    report_to_bytes,
    targets_digest,
)
from kairos.safety.audit.targets import DocsText, public_runs, report_runs, targets

__all__ = [
    "POOL_MIN_BYTES",
    "AuditPlan",
    "audit_site",
    "available_cores",
    "plan_audit",
    "scan_site",
]

#: A site smaller than this is audited in this process (starting workers costs about 0.5 s).
POOL_MIN_BYTES = 24 << 20


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


@dataclass(frozen=True)
class AuditPlan:
    """What one build looks for: the targets, the held-back stories' evidence, and the
    targets' digest (part of every kept report's key)."""

    targets: list[Target]
    held: list[StoryEvidence]
    digest: str


def plan_audit(
    anthology: Anthology,
    *,
    stories_dir: Path | None = None,
    docs_dir: Path | None = None,
    memory: ScanMemory | None = None,
) -> AuditPlan:
    """What to look for in a site built from ``anthology`` (see :func:`scan_site`)."""
    chosen, held = targets(anthology, stories_dir, DocsText(docs_dir), memory)
    return AuditPlan(chosen, held, targets_digest(chosen))


#: Why a symbolic link in the site is a finding: a host may publish what it points to.
SYMLINK = "it is a symbolic link; the site must hold its own files, not links to others"


def _site_files(site_dir: Path) -> Iterator[tuple[str, str, bool]]:
    """Every file of the site (name in the site, path, whether it is a symbolic link), by
    name; links are not followed."""
    found = []
    for folder, folders, files in os.walk(site_dir):
        base = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if base == "." else f"{base}/"
        for name in [*files, *folders]:
            path = os.path.join(folder, name)
            link = os.path.islink(path)
            if link or name in files:
                found.append((prefix + name, path, link))
    return iter(sorted(found))


def _scan(
    plan: AuditPlan,
    jobs: list[tuple[str, str]],
    size: int,
    workers: int | None,
    background: BackgroundScan | None,
) -> list[tuple[str, FileReport]]:
    """Scan ``jobs`` (name in the site, path), ``size`` bytes in all: with the background
    worker if there is one, else in a pool for a large site, else here."""
    if not jobs:
        return []
    if background is not None and workers is None:
        return background.scan_files(jobs, lambda: Scanner(plan.targets))
    if workers is None:
        workers = available_cores() if size >= POOL_MIN_BYTES else 1
    if workers <= 1 or len(jobs) < 2:
        scanner = Scanner(plan.targets)
        return [scan_file(scanner, plan.digest, name, path) for name, path in jobs]
    chunk = max(1, len(jobs) // (workers * 8))
    names, paths = zip(*jobs, strict=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, start_worker, (plan.targets,)) as pool:
        digests = repeat(plan.digest, len(jobs))
        return list(pool.map(scan_file_in_worker, digests, names, paths, chunksize=chunk))


def _reports(
    plan: AuditPlan,
    site_dir: Path,
    workers: int | None,
    memory: ScanMemory | None,
    background: BackgroundScan | None,
) -> list[FileReport]:
    """A report on every file of the site, in path order: reused when the same bytes were
    scanned in the background or in an earlier build, else scanned now."""
    reports: list[FileReport | None] = []
    jobs: list[tuple[str, str]] = []
    size = 0
    early = background.reports() if background is not None else {}
    for name, path, link in _site_files(site_dir):
        if link:
            reports.append(FileReport(name, unreadable=[(name, SYMLINK)]))
            continue
        data = Path(path).read_bytes()
        key = report_key(plan.digest, name, data)
        report = early.get(key)
        if report is not None and memory is not None:
            memory.put(key, report_to_bytes(report))
        if report is None and memory is not None and (stored := memory.get(key)) is not None:
            report = report_from_bytes(stored, name)
        if report is None:
            jobs.append((name, path))
            size += len(data)
        reports.append(report)
    scanned = iter(_scan(plan, jobs, size, workers, background))
    every = []
    for report in reports:
        if report is None:
            key, report = next(scanned)
            if memory is not None:
                memory.put(key, report_to_bytes(report))
        every.append(report)
    return every


def scan_site(
    site_dir: Path,
    anthology: Anthology,
    *,
    stories_dir: Path | None = None,
    docs_dir: Path | None = None,
    workers: int | None = None,
    memory: ScanMemory | None = None,
    plan: AuditPlan | None = None,
    background: BackgroundScan | None = None,
) -> AuditResult:
    """Audit every file under ``site_dir`` for the stories ``anthology`` holds back.

    ``stories_dir`` lets the audit read an invalid story's title and summary and find a
    story's media; ``docs_dir`` (the hand-written pages) is where example slugs and titles
    may be mentioned. ``workers``: processes to scan with (None: one per core for a large
    site, see :data:`POOL_MIN_BYTES`). ``memory`` keeps reports and evidence between builds;
    ``plan`` is :func:`plan_audit`'s result when the caller made it already (to start
    ``background``, which scanned pages while they were written).
    """
    if plan is None:
        plan = plan_audit(anthology, stories_dir=stories_dir, docs_dir=docs_dir, memory=memory)
    chosen, held = plan.targets, plan.held
    reports = _reports(plan, site_dir, workers, memory, background)
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
    memory: ScanMemory | None = None,
    plan: AuditPlan | None = None,
    background: BackgroundScan | None = None,
) -> list[AuditFinding | UnreadableFile]:
    """Every place a story that is not published was found, and every file that could not
    be read, in the built site (none: clean). Options as for :func:`scan_site`."""
    result = scan_site(
        site_dir,
        anthology,
        stories_dir=stories_dir,
        docs_dir=docs_dir,
        memory=memory,
        plan=plan,
        background=background,
    )
    return sorted([*result.findings, *result.unreadable], key=lambda item: (item.file, str(item)))
