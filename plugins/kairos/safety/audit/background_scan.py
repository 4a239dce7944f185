"""Scan pages in another process while the site is still being built.

On a machine with more than one core, the MkDocs plugin hands pages already written to the
site to a :class:`BackgroundScan`, a few at a time, by their paths; one worker process reads
and scans them while the build goes on. At the end of the build the audit still reads every
file of the site: a file whose bytes are the ones the worker read takes the worker's report
(:meth:`BackgroundScan.reports`), any other file (assets, the search index, a page changed
after the worker read it) is scanned then, by the same worker
(:meth:`BackgroundScan.scan_files`), so that the build's own process never holds an index of
the held-back stories (tens of MiB at 5,000 stories) as well.

Nothing is ever skipped because of this class: a worker that fails or dies, or pages it had
not started, only mean that those files are scanned at the end.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from kairos.safety.audit.matching import FileReport, Scanner, Target
from kairos.safety.audit.scan_memory import report_key

__all__ = ["BackgroundScan", "scan_file", "scan_file_in_worker", "start_worker"]

#: A file's name in the site and its path.
Job = tuple[str, str]

_worker_scanner: Scanner | None = None


def start_worker(targets: list[Target]) -> None:
    """A worker process's initializer: index ``targets`` once for every file it scans."""
    global _worker_scanner
    _worker_scanner = Scanner(targets)


def scan_file(scanner: Scanner, digest: str, file: str, path: str) -> tuple[str, FileReport]:
    """Read and scan one file: its report's key (:func:`.scan_memory.report_key`) and report."""
    data = Path(path).read_bytes()
    return report_key(digest, file, data), scanner.scan(file, data)


def scan_file_in_worker(digest: str, file: str, path: str) -> tuple[str, FileReport]:
    """:func:`scan_file` with the worker's index (see :func:`start_worker`)."""
    assert _worker_scanner is not None
    return scan_file(_worker_scanner, digest, file, path)


def _scan_batch_in_worker(digest: str, jobs: list[Job]) -> list[tuple[str, FileReport]]:
    assert _worker_scanner is not None
    done = []
    for file, path in jobs:
        try:
            done.append(scan_file(_worker_scanner, digest, file, path))
        except OSError:
            continue  # not there (yet): scanned at the end
    return done


class BackgroundScan:
    """One worker process that scans files for ``targets`` (whose digest is ``digest``)."""

    def __init__(self, targets: list[Target], digest: str) -> None:
        self.digest = digest
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, multiprocessing.get_context("spawn"), start_worker, (targets,)
        )
        self._batches: list[Future[list[tuple[str, FileReport]]]] = []

    def submit(self, jobs: list[Job]) -> None:
        """Scan the files ``jobs`` (name in the site, path), already written, in the worker."""
        if self._pool is None or not jobs:
            return
        try:
            self._batches.append(self._pool.submit(_scan_batch_in_worker, self.digest, jobs))
        except (BrokenProcessPool, RuntimeError):
            self.close()

    def done(self) -> bool:
        """Whether the worker has finished every batch handed over (or there is no worker)."""
        return all(batch.done() for batch in self._batches)

    def reports(self) -> dict[str, FileReport]:
        """Every report the worker made, by key; batches it has not started are dropped (their
        files are scanned at the end), the one it is working on is waited for."""
        found: dict[str, FileReport] = {}
        for batch in self._batches:
            if batch.cancel():
                continue
            try:
                found.update(batch.result())
            except Exception:  # scanned again at the end
                continue
        self._batches = []
        return found

    def scan_files(
        self, jobs: list[Job], local: Callable[[], Scanner]
    ) -> list[tuple[str, FileReport]]:
        """Scan the files ``jobs`` in the worker, started now if no page was handed over:
        this process then needs no index of its own (tens of MiB at 5,000 stories, and as long
        to build as starting the worker). Without a worker, or for a job it fails, they are
        scanned here with the scanner ``local()`` makes."""
        here: Scanner | None = None

        def scan_here(job: Job) -> tuple[str, FileReport]:
            nonlocal here
            here = here or local()
            return scan_file(here, self.digest, *job)

        if self._pool is None:
            return [scan_here(job) for job in jobs]
        futures: list[Future[tuple[str, FileReport]] | None] = []
        for job in jobs:
            try:
                futures.append(self._pool.submit(scan_file_in_worker, self.digest, *job))
            except (BrokenProcessPool, RuntimeError):
                futures.append(None)
        results = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result() if future is not None else scan_here(job))
            except Exception:  # scanned again in this process
                results.append(scan_here(job))
        return results

    def close(self) -> None:
        """Stop the worker (files not yet scanned are dropped: the audit scans them itself)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._batches = []
