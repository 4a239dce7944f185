"""Benchmark: ``kairos check`` against the floor of merely parsing the same files.

For N = 1,000 and 5,000 seeded synthetic stories it runs, each in a fresh process,
``kairos check`` and the floor (python-frontmatter loading every file in one process), and
prints wall time and peak memory (max RSS) with their ratios. Run: ``python bench/check.py``.
Goals: time <= 1.5x the floor at N = 5,000; memory growing at most linearly with N.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_stories import write_anthology

FLOOR = (
    "import frontmatter, pathlib, sys\n"
    "posts = [frontmatter.load(p) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.md'))]\n"
)
SIZES = [int(n) for n in os.environ.get("KAIROS_BENCH_SIZES", "1000,5000").split(",")]
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))


def measure(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Best wall time (s) and peak RSS (MiB) over the repeats, one fresh process each."""
    best_time, peak = float("inf"), 0.0
    for _ in range(REPEATS):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in ok:
            raise SystemExit(f"{command[0]} failed with status {status}")
        best_time = min(best_time, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best_time, peak


def main() -> None:
    kairos = str(Path(sys.executable).with_name("kairos"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; best of {REPEATS} runs")
    print(
        f"{'N':>6} {'check s':>8} {'floor s':>8} {'ratio':>6} {'check MiB':>10} "
        f"{'floor MiB':>10} {'ratio':>6}"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            folder = write_anthology(Path(tmp) / f"n{n}", n)
            check_time, check_mem = measure([kairos, "check", str(folder), "--date", "2026-06-01"])
            floor_time, floor_mem = measure([sys.executable, "-c", FLOOR, str(folder)])
            results[n] = (check_time, check_mem)
            print(
                f"{n:>6} {check_time:>8.2f} {floor_time:>8.2f} {check_time / floor_time:>6.2f} "
                f"{check_mem:>10.1f} {floor_mem:>10.1f} {check_mem / floor_mem:>6.2f}"
            )
    if len(SIZES) >= 2:
        small, large = SIZES[0], SIZES[-1]
        growth = (results[large][1] - results[small][1]) / (large - small) * 1024
        print(f"memory per extra story: {growth:.1f} KiB")


if __name__ == "__main__":
    main()
