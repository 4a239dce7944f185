"""Benchmark: building the site with the kairos plugin against plain mkdocs-material.

For N = 100, 1,000 and 5,000 seeded synthetic stories it builds these variants, each build in
a fresh process (``mkdocs build -q``) measured with ``os.wait4`` (wall time, CPU time, peak
memory as max RSS):

* ``kairos``: a project whose ``mkdocs.yml`` inherits the repository's (theme, overrides,
  Markdown extensions, site_url) with mkdocs-material's ``search`` plugin and the kairos
  plugin with its own search off (``search: none``), for a like-for-like comparison; the other
  kairos options are the repository's, pointed at the synthetic stories with a fixed build
  date, so the feed, sitemap filter and audit all run;
* ``plain``: plain mkdocs-material over the same Markdown: every story the plugin publishes is
  written as ``docs/stories/<slug>.md`` (front-matter stripped, the title as a ``#`` heading),
  left out of the nav (an explicit nav holding only the home page), search plugin on;
* ``repo``: like ``kairos`` but with the repository's own ``plugins`` list as it is when the
  benchmark runs (its search setting, e.g. Pagefind); left out when that is the same list as
  ``kairos``, reported as failed when it does not build.

Both sites get the same home page. The variants are built in turn, ``REPEATS`` rounds, so a
change in the load of the machine touches them alike. It prints wall and CPU time (best of
the rounds), peak memory (largest of the rounds), the size of one story page (the same story
in every variant and at every N), the size of the search index (``search/search_index.json``,
or everything under ``pagefind/``), and the ratios to ``plain``. Goals: kairos time <= 1.15x
plain, memory <= 1.2x plain, and its story page at the largest N within 10% of the smallest.

Run: ``python bench/site_build.py``. Environment: ``KAIROS_BENCH_SIZES`` (default
``100,1000,5000``), ``KAIROS_BENCH_REPEATS`` (default 3), ``KAIROS_BENCH_KEEP`` (a folder to
keep the projects, sites and build logs in; default a temporary folder).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from kairos.core.anthology import load_anthology

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_stories import write_anthology

REPO = Path(__file__).resolve().parents[1]

SIZES = [int(n) for n in os.environ.get("KAIROS_BENCH_SIZES", "100,1000,5000").split(",")]
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))
BUILD_DATE = dt.date(2026, 6, 1)
#: The kairos options taken from the repository's mkdocs.yml for the like-for-like variant.
KAIROS_OPTIONS = ("stories_per_page", "related_stories", "feed", "audit")
HOME = (
    "# Stories of care\n\n"
    "An anthology of stories about healthcare, told by patients, families, carers and "
    "professionals.\n\n<!-- kairos:home -->\n"
)
KAIROS_NAV = [
    {"Home": "index.md"},
    {"Stories": "stories/index.md"},
    {"Themes": "themes/index.md"},
    {"Levels of partnership": "levels/index.md"},
    {"Storytellers": "roles/index.md"},
]
VARIANTS = ("kairos", "plain", "repo")
GOALS = {"time": 1.15, "memory": 1.2}
PAGE_GROWTH_GOAL = 1.10


@dataclass
class Result:
    wall: float = float("inf")
    cpu: float = float("inf")
    mib: float = 0.0
    page_bytes: int | None = None
    index_bytes: int | None = None
    error: str | None = None


def run(command: list[str], log: Path, result: Result) -> None:
    """One build in a fresh process; keep the best times and the largest peak RSS."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        result.error = f"failed (exit status {os.waitstatus_to_exitcode(status)}); see {log}"
        return
    result.wall = min(result.wall, elapsed)
    result.cpu = min(result.cpu, usage.ru_utime + usage.ru_stime)
    result.mib = max(result.mib, usage.ru_maxrss / 1024)


def repo_plugins() -> list[Any]:
    with (REPO / "mkdocs.yml").open("rb") as file:
        return list(yaml_load(file).get("plugins") or [])


def plugin_name(entry: object) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) else str(entry)


def kairos_entry(plugins: list[Any], stories: Path) -> dict[str, Any]:
    """The repository's kairos entry, on the synthetic stories and the fixed build date."""
    options: dict[str, Any] = {}
    for entry in plugins:
        if isinstance(entry, dict) and plugin_name(entry) == "kairos":
            options = dict(entry["kairos"] or {})
    return {"kairos": {**options, "stories_dir": str(stories), "build_date": str(BUILD_DATE)}}


def like_for_like(plugins: list[Any], stories: Path) -> list[Any]:
    """mkdocs-material's search, and the kairos plugin with its own search off.

    ``search: none`` turns the kairos plugin's Pagefind search off (a version of the plugin
    without that option only warns about it, and ``-q`` hides the warning).
    """
    options = kairos_entry(plugins, stories)["kairos"]
    kept = {k: v for k, v in options.items() if k in (*KAIROS_OPTIONS, "stories_dir")}
    return ["search", {"kairos": {**kept, "build_date": str(BUILD_DATE), "search": "none"}}]


def write_config(folder: Path, plugins: list[Any], nav: list[Any], **extra: Any) -> Path:
    """``folder/mkdocs.yml`` inheriting the repository's, with its own docs, nav and plugins."""
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(folder / "docs"),
        "theme": {"custom_dir": str(REPO / "overrides")},
        "plugins": plugins,
        "nav": nav,
        "watch": [],
        **extra,
    }
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text(HOME, "utf-8")
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def projects(root: Path, n: int) -> tuple[dict[str, Path], str]:
    """The mkdocs.yml of each variant for ``n`` stories, and the slug of a typical story."""
    stories = write_anthology(root / "stories", n)
    plugins = repo_plugins()
    same = like_for_like(plugins, stories)
    configs = {"kairos": write_config(root / "kairos", same, KAIROS_NAV)}
    own = [kairos_entry(plugins, stories) if plugin_name(p) == "kairos" else p for p in plugins]
    if own != same:
        try:
            configs["repo"] = write_config(root / "repo", own, KAIROS_NAV)
        except yaml.YAMLError as error:
            print(f"repo variant left out: its plugins cannot be written as YAML ({error})")

    plain = root / "plain"
    configs["plain"] = write_config(
        plain, ["search"], [{"Home": "index.md"}], not_in_nav="/stories/"
    )
    (plain / "docs" / "stories").mkdir()
    published = [
        (judged.slug, judged.story.title, judged.loaded.body)
        for judged in load_anthology(stories, BUILD_DATE).published
        if judged.story is not None
    ]
    for slug, title, body in published:
        (plain / "docs" / "stories" / f"{slug}.md").write_text(f"# {title}\n\n{body}", "utf-8")
    # The same story at every N: the published story with the median text among the first
    # 100 (a seeded story does not depend on N).
    first = sorted((len(body), slug) for slug, _, body in published if int(slug[-5:]) < 100)
    return configs, first[len(first) // 2][1]


def size(path: Path) -> int | None:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.is_file() else None


def build_all(configs: dict[str, Path], slug: str) -> dict[str, Result]:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    results = {name: Result() for name in configs}
    for _ in range(REPEATS):
        for name, config in configs.items():
            result = results[name]
            if result.error is None:
                site = config.parent / "site"
                command = [mkdocs, "build", "-q", "-f", str(config), "-d", str(site)]
                run(command, config.parent / "build.log", result)
    for name, config in configs.items():
        site = config.parent / "site"
        results[name].page_bytes = size(site / "stories" / slug / "index.html")
        index = size(site / "search" / "search_index.json") or size(site / "pagefind")
        results[name].index_bytes = index
    return results


@contextmanager
def work_folder() -> Iterator[Path]:
    keep = os.environ.get("KAIROS_BENCH_KEEP")
    if keep:
        folder = Path(keep)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        yield folder
    else:
        with tempfile.TemporaryDirectory(prefix="kairos-bench-") as tmp:
            yield Path(tmp)


def kib(value: int | None) -> str:
    return f"{value / 1024:.1f}" if value is not None else "-"


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value is not None and base else "-"


def row(n: int, name: str, result: Result, plain: Result) -> str:
    if result.error:
        return f"| {n:,} | {name} | {result.error} |"
    cells = [
        f"{result.wall:.2f}",
        ratio(result.wall, plain.wall),
        f"{result.cpu:.2f}",
        ratio(result.cpu, plain.cpu),
        f"{result.mib:.0f}",
        ratio(result.mib, plain.mib),
        kib(result.page_bytes),
        ratio(result.page_bytes, plain.page_bytes),
        kib(result.index_bytes),
        ratio(result.index_bytes, plain.index_bytes),
    ]
    return f"| {n:,} | {name} | " + " | ".join(cells) + " |"


def main() -> None:
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {REPEATS} rounds: time is "
        "the best, memory (peak RSS) the largest of the rounds"
    )
    print(
        "| N | variant | wall s | x plain | CPU s | x plain | peak MiB | x plain | story page "
        "KiB | x plain | search index KiB | x plain |"
    )
    print("|" + "---|" * 12)
    pages: dict[str, dict[int, int | None]] = {name: {} for name in VARIANTS}
    verdicts = []
    with work_folder() as root:
        for n in SIZES:
            configs, slug = projects(root / f"n{n}", n)
            results = build_all(configs, slug)
            plain = results["plain"]
            for name in VARIANTS:
                if name in results:
                    print(row(n, name, results[name], plain), flush=True)
                    pages[name][n] = results[name].page_bytes
            kairos = results["kairos"]
            if kairos.error is None and plain.error is None:
                time_ratio, memory_ratio = kairos.wall / plain.wall, kairos.mib / plain.mib
                verdicts.append(
                    f"N={n:,}: kairos/plain time {time_ratio:.2f} (goal <= {GOALS['time']}: "
                    f"{'met' if time_ratio <= GOALS['time'] else 'not met'}), memory "
                    f"{memory_ratio:.2f} (goal <= {GOALS['memory']}: "
                    f"{'met' if memory_ratio <= GOALS['memory'] else 'not met'})"
                )
    print("\n".join(verdicts))
    small, large = SIZES[0], SIZES[-1]
    for name in VARIANTS:
        first, last = pages[name].get(small), pages[name].get(large)
        if first and last and large != small:
            growth = last / first
            verdict = "met" if growth <= PAGE_GROWTH_GOAL else "not met"
            print(
                f"{name}: story page at N={large:,} is {growth:.3f}x N={small:,} "
                f"(goal <= {PAGE_GROWTH_GOAL}: {verdict})"
            )


if __name__ == "__main__":
    main()
