"""Pages scanned in a worker process while the site is built (``background_scan``): the files
on disk decide, whatever was handed over, and nothing is skipped when the worker is gone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kairos.core.anthology import Anthology
from kairos.safety.audit import BackgroundScan, plan_audit, scan_site
from kairos.safety.audit import background_scan as background_module
from kairos.safety.audit.matching import Scanner

from .test_scan_memory import LEAK
from .test_site_scan import CLEAN, HIDDEN_BODY, _site

LEAK_LINE = HIDDEN_BODY.split("\n")[0]


@pytest.fixture
def background(one_held_back: Anthology) -> Iterator[BackgroundScan]:
    plan = plan_audit(one_held_back)
    scan = BackgroundScan(plan.targets, plan.digest)
    yield scan
    scan.close()


def _handed_over(scan: BackgroundScan, site: Path) -> None:
    """Hand every file of ``site`` to the worker and wait until it has read them all."""
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    scan.submit([(name, str(site / name)) for name in names])
    deadline = time.monotonic() + 60
    while not scan.done() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert scan.done()


def test_the_worker_finds_what_this_process_finds(
    tmp_path: Path, one_held_back: Anthology, background: BackgroundScan, scans: list[str]
) -> None:
    site = _site(tmp_path, LEAK)
    serial = scan_site(site, one_held_back, workers=1)
    assert [f.file for f in serial.findings] == ["leak.html"]
    scans.clear()
    _handed_over(background, site)
    plan = plan_audit(one_held_back)
    assert scan_site(site, one_held_back, plan=plan, background=background) == serial
    assert scans == []  # every file was scanned by the worker


def test_the_bytes_on_disk_at_the_end_decide(
    tmp_path: Path, one_held_back: Anthology, background: BackgroundScan
) -> None:
    """A page changed after the worker read it is read and scanned again at the end."""
    site = _site(tmp_path, {**LEAK, "leak.html": "<p>Nothing to see.</p>"})
    _handed_over(background, site)
    (site / "leak.html").write_text(f"<p>{LEAK_LINE}</p>", "utf-8")
    result = scan_site(site, one_held_back, plan=plan_audit(one_held_back), background=background)
    assert [f.file for f in result.findings] == ["leak.html"]

    _handed_over(background, site)  # the worker read the leak; then the page was mended
    (site / "leak.html").write_text("<p>Nothing to see.</p>", "utf-8")
    plan = plan_audit(one_held_back)
    assert scan_site(site, one_held_back, plan=plan, background=background).findings == []


def test_a_file_not_there_when_handed_over_is_scanned_at_the_end(
    tmp_path: Path, one_held_back: Anthology, background: BackgroundScan
) -> None:
    site = _site(tmp_path, CLEAN)
    background.submit([("leak.html", str(site / "leak.html"))])
    _handed_over(background, site)
    (site / "leak.html").write_text(f"<p>{LEAK_LINE}</p>", "utf-8")
    result = scan_site(site, one_held_back, plan=plan_audit(one_held_back), background=background)
    assert [f.file for f in result.findings] == ["leak.html"]


def test_a_closed_worker_leaves_the_work_to_this_process(
    tmp_path: Path, one_held_back: Anthology, background: BackgroundScan
) -> None:
    site = _site(tmp_path, LEAK)
    background.close()
    background.submit([("leak.html", str(site / "leak.html"))])
    assert background.done()
    result = scan_site(site, one_held_back, plan=plan_audit(one_held_back), background=background)
    assert [f.file for f in result.findings] == ["leak.html"]
    assert result.files_checked == len(LEAK)


@pytest.mark.parametrize("started", [True, False])
def test_scan_files_is_done_by_the_worker_and_here_only_without_one(
    tmp_path: Path,
    one_held_back: Anthology,
    background: BackgroundScan,
    scans: list[str],
    started: bool,
) -> None:
    files = {f"page-{n:02}.html": f"<p>Page {n}.</p>" for n in range(20)}
    files["big.html"] = "<p>" + LEAK_LINE + "</p>" + "<p>Filler text.</p>" * 20_000
    site = _site(tmp_path, files)
    jobs = [(name, str(site / name)) for name in sorted(files)]
    if started:
        _handed_over(background, site)
    plan = plan_audit(one_held_back)
    local = Scanner(plan.targets)
    scans.clear()
    made = background.scan_files(jobs, lambda: local)
    assert [report.file for _, report in made] == sorted(files)
    assert scans == []
    alone = [background_module.scan_file(local, plan.digest, *job) for job in jobs]
    assert made == alone
    assert any(report.runs for _, report in made)  # the leak in big.html is there

    scans.clear()
    background.close()
    assert background.scan_files(jobs, lambda: local) == alone
    assert scans == sorted(files)
