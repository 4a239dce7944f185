"""Scan pages in another process while the site is still being built.

On a machine with more than one core, the MkDocs plugin hands pages already written to the
site to a :class:`BackgroundScan`, a few at a time, by their paths; one worker process reads
and scans them while the build goes on. At the end of the build the audit still reads every
file of the site: a file whose bytes are the ones the worker read takes the worker's report
(:meth:`BackgroundScan.reports`), any other file (assets, the search index, a page changed
after the worker read it) is scanned then, and the same worker helps with those
(:meth:`BackgroundScan.scan_files`).

Nothing is ever skipped because of this class: a worker that fails or dies, or pages it had
not started, only mean that those files are scanned at the end.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from kairos.safety.audit.matching import FileReport, Scanner, Target
from kairos.safety.audit.scan_memory import report_key

__all__ = ["BackgroundScan", "scan_file"]

#: A file's name in the site and its path.
Job = tuple[str, str]

_worker_scanner: Scanner | None = None


def _start_worker(targets: list[Target]) -> None:
    global _worker_scanner
    _worker_scanner = Scanner(targets)


def scan_file(scanner: Scanner, digest: str, file: str, path: str) -> tuple[str, FileReport]:
    """Read and scan one file: its report's key (:func:`.scan_memory.report_key`) and report."""
    data = Path(path).read_bytes()
    return report_key(digest, file, data), scanner.scan(file, data)


def _scan_file_in_worker(digest: str, file: str, path: str) -> tuple[str, FileReport]:
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


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


class BackgroundScan:
    """One worker process that scans files for ``targets`` (whose digest is ``digest``)."""

    def __init__(self, targets: list[Target], digest: str) -> None:
        self.digest = digest
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, multiprocessing.get_context("spawn"), _start_worker, (targets,)
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

    def scan_files(self, jobs: list[Job], local: Scanner) -> list[tuple[str, FileReport]]:
        """Scan the files ``jobs`` with the worker and ``local``, in this process, together:
        the worker starts with the largest files (reading a large one takes memory, better
        spent in the worker than in the build's own process), this process with the smallest,
        and each job the worker has not started is done here."""
        if self._pool is None:
            return [scan_file(local, self.digest, name, path) for name, path in jobs]
        order = sorted(range(len(jobs)), key=lambda index: -_size(jobs[index][1]))
        futures: dict[int, Future[tuple[str, FileReport]] | None] = {}
        for index in order:
            try:
                futures[index] = self._pool.submit(_scan_file_in_worker, self.digest, *jobs[index])
            except (BrokenProcessPool, RuntimeError):
                futures[index] = None
        results: dict[int, tuple[str, FileReport]] = {}
        for index in reversed(order):
            future = futures[index]
            if future is None or future.cancel():
                results[index] = scan_file(local, self.digest, *jobs[index])
        for index, future in futures.items():
            if index not in results and future is not None:
                try:
                    results[index] = future.result()
                except Exception:  # scanned again in this process
                    results[index] = scan_file(local, self.digest, *jobs[index])
        return [results[index] for index in range(len(jobs))]

    def close(self) -> None:
        """Stop the worker (files not yet scanned are dropped: the audit scans them itself)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._batches = []
