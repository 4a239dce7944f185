"""Benchmark: the output audit (``kairos.safety.audit``), serial and in a process pool.

For N = 1,000 and 5,000 seeded synthetic stories it builds the site once (the repository's
plugins, Pagefind search included, with the plugin's own audit off), then audits the built
site in fresh processes: serially (``workers=1``) and in a process pool of one worker per core
(``workers=cores``), ``REPEATS`` rounds each, alternating. It prints the files and bytes read,
wall time (best round), CPU time (user + system, the workers' included), files/s and MB/s
(from the wall time), the time to compute the evidence of the held-back
stories, peak memory (max RSS) and whether both runs found the same (nothing: the site is
clean).

Run: ``python bench/audit.py``. Environment: ``KAIROS_BENCH_SIZES`` (default ``1000,5000``),
``KAIROS_BENCH_REPEATS`` (default 3), ``KAIROS_BENCH_KEEP`` (keep the projects there).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from site_build import (
    BUILD_DATE,
    KAIROS_NAV,
    OVERRIDES,
    kairos_entry,
    plugin_name,
    repo_plugins,
    write_config,
)
from synthetic_stories import write_anthology

from kairos.safety.audit.site_scan import available_cores

SIZES = [int(n) for n in os.environ.get("KAIROS_BENCH_SIZES", "1000,5000").split(",")]
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from kairos.core.anthology import load_anthology
from kairos.safety.audit.site_scan import docs_tokens, scan_site, targets
site, stories, date, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
import datetime as dt
anthology = load_anthology(stories, dt.date.fromisoformat(date))
start = time.perf_counter()
targets(anthology, stories, docs_tokens(None))
evidence = time.perf_counter() - start
def cpu():
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)
start, used = time.perf_counter(), cpu()
result = scan_site(site, anthology, stories_dir=stories, workers=workers)
seconds, used = time.perf_counter() - start, cpu() - used
print(json.dumps({
    "seconds": seconds, "cpu": used, "evidence": evidence, "files": result.files_checked,
    "held_back": result.held_back,
    "found": [str(f) for f in result.findings] + [str(u) for u in result.unreadable],
    "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def build(root: Path, n: int) -> tuple[Path, Path]:
    """The site for ``n`` stories (kept from an earlier run in ``KAIROS_BENCH_KEEP``)."""
    if (root / "site" / "index.html").is_file():
        return root / "site", root / "stories"
    stories = write_anthology(root / "stories", n)
    plugins = []
    for entry in repo_plugins():
        if plugin_name(entry) == "kairos":
            entry = kairos_entry([entry], stories)
            entry["kairos"]["audit"] = False
        plugins.append(entry)
    config = write_config(root / "project", plugins, KAIROS_NAV, OVERRIDES)
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site, stories


def measure(site: Path, stories: Path, workers: int) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(site), str(stories), str(BUILD_DATE), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output))


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main() -> None:
    cores = available_cores()
    keep = os.environ.get("KAIROS_BENCH_KEEP")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="kairos-audit-bench-"))
    print(f"cores: {cores}; rounds: {REPEATS}; build date {BUILD_DATE}")
    header = (
        "| N | held back | files | MB | mode | best s | files/s | MB/s | evidence s | MiB | same |"
    )
    print(header)
    print("|---" * 12 + "|")
    for n in SIZES:
        site, stories = build(work / f"n{n}", n)
        megabytes = site_bytes(site) / 1e6
        runs: dict[str, list[dict[str, object]]] = {"serial": [], "pool": []}
        for _ in range(REPEATS):
            runs["serial"].append(measure(site, stories, 1))
            runs["pool"].append(measure(site, stories, cores))
        same = all(r["found"] == runs["serial"][0]["found"] for m in runs.values() for r in m)
        for mode, results in runs.items():
            best = min(float(str(r["seconds"])) for r in results)
            cpu = min(float(str(r["cpu"])) for r in results)
            first = results[0]
            files = int(str(first["files"]))
            print(
                f"| {n:,} | {first['held_back']} | {files:,} | {megabytes:.0f} | {mode} "
                f"({1 if mode == 'serial' else cores}) | {best:.2f} | {cpu:.2f} | "
                f"{files / best:,.0f} | "
                f"{megabytes / best:.1f} | {min(float(str(r['evidence'])) for r in results):.2f} "
                f"| {max(float(str(r['mib'])) for r in results):.0f} | "
                f"{'yes' if same else 'NO'}{'' if first['found'] == [] else ' (findings!)'} |"
            )


if __name__ == "__main__":
    main()
