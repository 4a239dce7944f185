"""Scan pages in another process while the site is still being built.

On a machine with more than one core, the MkDocs plugin hands each page's HTML to a
:class:`BackgroundScan` as MkDocs writes it; one worker process scans it while the build
goes on. At the end of the build the audit still reads every file of the site: a page whose
bytes are the ones scanned here takes this report (:meth:`BackgroundScan.take`), any other
file (assets, the search index, a page another plugin changed after it was handed over) is
scanned then. The same worker then helps with those (:meth:`BackgroundScan.scan_files`).

Nothing is ever skipped because of this class: a worker that fails or dies only means the
file is scanned again in this process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from kairos.safety.audit.matching import FileReport, Scanner, Target
from kairos.safety.audit.scan_memory import report_key

__all__ = ["MAX_WAITING", "BackgroundScan", "scan_file"]

#: Pages handed over and not yet scanned, at most: beyond this a page is left for the end of
#: the build, so that pages waiting for the worker do not pile up in memory.
MAX_WAITING = 32

_worker_scanner: Scanner | None = None


def _start_worker(targets: list[Target]) -> None:
    global _worker_scanner
    _worker_scanner = Scanner(targets)


def _scan_bytes(file: str, data: bytes) -> FileReport:
    assert _worker_scanner is not None
    return _worker_scanner.scan(file, data)


def scan_file(scanner: Scanner, digest: str, file: str, path: str) -> tuple[str, FileReport]:
    """Read and scan one file: its report's key (:func:`.scan_memory.report_key`) and report."""
    data = Path(path).read_bytes()
    return report_key(digest, file, data), scanner.scan(file, data)


def _scan_file_in_worker(digest: str, file: str, path: str) -> tuple[str, FileReport]:
    assert _worker_scanner is not None
    return scan_file(_worker_scanner, digest, file, path)


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


class BackgroundScan:
    """One worker process that scans pages for ``targets`` (whose digest is ``digest``)."""

    def __init__(self, targets: list[Target], digest: str) -> None:
        self.digest = digest
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, multiprocessing.get_context("spawn"), _start_worker, (targets,)
        )
        self._scans: dict[str, Future[FileReport]] = {}
        self._waiting: list[Future[FileReport]] = []

    def submit(self, file: str, data: bytes, key: str | None = None) -> None:
        """Scan ``data``, the bytes of the site's file ``file``, in the worker (``key``: its
        :func:`.scan_memory.report_key`, if known). A page is not handed over while
        :data:`MAX_WAITING` others wait: it is scanned at the end instead."""
        if self._pool is None:
            return
        key = key or report_key(self.digest, file, data)
        if key in self._scans:
            return
        self._waiting = [future for future in self._waiting if not future.done()]
        if len(self._waiting) >= MAX_WAITING:
            return
        try:
            self._scans[key] = self._pool.submit(_scan_bytes, file, data)
            self._waiting.append(self._scans[key])
        except (BrokenProcessPool, RuntimeError):
            self.close()

    def take(self, key: str) -> FileReport | None:
        """The report on the bytes ``key`` stands for, if they were handed over and scanned."""
        future = self._scans.pop(key, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception:  # scanned again in this process
            return None

    def scan_files(
        self, jobs: list[tuple[str, str]], local: Scanner
    ) -> list[tuple[str, FileReport]]:
        """Scan the files ``jobs`` (name in the site, path) with the worker and ``local``, in
        this process, together: the worker starts with the largest files (reading a large
        one takes memory, better spent in the worker than in the build's own process), this
        process with the smallest, and each job the worker has not started is done here."""
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
        """Stop the worker (pages not yet scanned are dropped: the audit scans them itself)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._scans.clear()
        self._waiting.clear()
