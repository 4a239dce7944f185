"""Benchmark: building the site with the kairos plugin against plain mkdocs-material.

For N = 1,000 and 5,000 seeded synthetic stories it builds these variants, each build in a
fresh process (``mkdocs build -q``) measured with ``os.wait4`` (wall time, CPU time, peak
memory as max RSS of the build and the children it waited for):

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

Neither Kairos nor plain mkdocs-material keeps anything between builds, so every build is a
cold build (what every pull request and nightly deploy runs). Scenarios
(``KAIROS_BENCH_SCENARIOS``, default ``cold``):

* ``cold``: a full build;
* ``one``: one published story changed (a sentence added to its text, a different one each
  round; for plain, the same sentence added to its Markdown page), then built.

The builds are interleaved: each round runs every scenario for every variant in turn, so a
change in the machine's load touches them alike (A/B/A/B). It prints the median wall and CPU
time and the median peak memory over the rounds, the ratios to ``plain`` in the same scenario,
and the load average seen during the rounds. Goal: a build of ``kairos`` within 1.3x of
``plain`` in time and peak memory at N = 1,000 and 5,000.

Run: ``python bench/site_build.py``. Environment: ``KAIROS_BENCH_SIZES`` (default
``1000,5000``), ``KAIROS_BENCH_REPEATS`` (rounds, default 3), ``KAIROS_BENCH_KEEP`` (a folder to
keep the projects, sites and build logs in; default a temporary folder),
``KAIROS_BENCH_VARIANTS`` (e.g. ``kairos,plain`` to leave ``repo`` out).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from kairos.core.anthology import load_anthology

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_stories import write_anthology

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = REPO / "overrides"

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
VARIANTS = tuple(os.environ.get("KAIROS_BENCH_VARIANTS", "kairos,plain,repo").split(","))
SCENARIOS = tuple(os.environ.get("KAIROS_BENCH_SCENARIOS", "cold").split(","))
GOALS = {"cold time": 1.3, "cold memory": 1.3}


@dataclass
class Result:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    mibs: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def mib(self) -> float:
        return statistics.median(self.mibs)


def run(command: list[str], log: Path, result: Result) -> None:
    """One build in a fresh process: its wall time, CPU time and peak RSS."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        result.error = f"failed (exit status {os.waitstatus_to_exitcode(status)}); see {log}"
        return
    result.walls.append(elapsed)
    result.cpus.append(usage.ru_utime + usage.ru_stime)
    result.mibs.append(usage.ru_maxrss / 1024)


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


def write_config(
    folder: Path, plugins: list[Any], nav: list[Any], custom_dir: Path, **extra: Any
) -> Path:
    """``folder/mkdocs.yml`` inheriting the repository's, with its own docs, nav and plugins."""
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(folder / "docs"),
        "theme": {"custom_dir": str(custom_dir)},
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
    """The mkdocs.yml of each variant for ``n`` stories, and the slug of a typical story (the
    one the ``one`` scenario changes)."""
    stories = write_anthology(root / "stories", n)
    plugins = repo_plugins()
    same = like_for_like(plugins, stories)
    configs = {"kairos": write_config(root / "kairos", same, KAIROS_NAV, OVERRIDES)}
    own = [kairos_entry(plugins, stories) if plugin_name(p) == "kairos" else p for p in plugins]
    if own != same and "repo" in VARIANTS:
        try:
            configs["repo"] = write_config(root / "repo", own, KAIROS_NAV, OVERRIDES)
        except yaml.YAMLError as error:
            print(f"repo variant left out: its plugins cannot be written as YAML ({error})")

    plain = root / "plain"
    # Our overrides include the plugin's partials (skip link, footer), so plain
    # mkdocs-material gets an empty theme folder of its own: the theme as it ships.
    (plain / "theme").mkdir(parents=True, exist_ok=True)
    configs["plain"] = write_config(
        plain, ["search"], [{"Home": "index.md"}], plain / "theme", not_in_nav="/stories/"
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


def change_story(root: Path, slug: str, round_number: int) -> None:
    """Add a sentence to the story's text, in the story file and in plain's page."""
    sentence = f"\n\nA sentence added in round {round_number}.\n"
    for path in (
        root / "stories" / f"{slug}.md",
        root / "plain" / "docs" / "stories" / f"{slug}.md",
    ):
        text = path.read_text("utf-8").split("\n\nA sentence added in round")[0]
        path.write_text(text.rstrip("\n") + sentence, "utf-8")


def build_all(
    root: Path, configs: dict[str, Path], slug: str
) -> tuple[dict[str, Result], list[float]]:
    """Every scenario for every variant, ``REPEATS`` interleaved rounds; the load averages."""
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    results = {(scenario, name): Result() for scenario in SCENARIOS for name in configs}
    loads = [os.getloadavg()[0]]
    for number in range(REPEATS):
        for scenario in SCENARIOS:
            if scenario == "one":
                change_story(root, slug, number)
            for name, config in configs.items():
                result = results[scenario, name]
                if result.error is None:
                    site = config.parent / "site"
                    command = [mkdocs, "build", "-q", "-f", str(config), "-d", str(site)]
                    run(command, config.parent / f"build-{scenario}.log", result)
            loads.append(os.getloadavg()[0])
    return {f"{s} {n}": r for (s, n), r in results.items()}, loads


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


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value is not None and base else "-"


def row(n: int, scenario: str, name: str, result: Result, plain: Result) -> str:
    if result.error or plain.error:
        return f"| {n:,} | {scenario} | {name} | {result.error or 'plain ' + str(plain.error)} |"
    cells = [
        f"{result.wall:.2f}",
        ratio(result.wall, plain.wall),
        f"{result.cpu:.2f}",
        ratio(result.cpu, plain.cpu),
        f"{result.mib:.0f}",
        ratio(result.mib, plain.mib),
    ]
    return f"| {n:,} | {scenario} | {name} | " + " | ".join(cells) + " |"


def verdict(n: int, results: dict[str, Result]) -> list[str]:
    lines = []
    for goal, limit in GOALS.items():
        scenario, measure = goal.split()
        if f"{scenario} kairos" not in results:
            continue
        kairos, plain = results[f"{scenario} kairos"], results[f"{scenario} plain"]
        if kairos.error or plain.error:
            continue
        value = kairos.wall / plain.wall if measure == "time" else kairos.mib / plain.mib
        met = value < limit if limit == 1.0 else value <= limit
        comparison = "<" if limit == 1.0 else "<="
        lines.append(
            f"N={n:,}: kairos/plain {goal} {value:.2f} (goal {comparison} {limit}: "
            f"{'met' if met else 'not met'})"
        )
    return lines


def main() -> None:
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {REPEATS} interleaved "
        "rounds: medians of wall time, CPU time and peak RSS"
    )
    print("| N | build | variant | wall s | x plain | CPU s | x plain | peak MiB | x plain |")
    print("|" + "---|" * 9)
    verdicts = []
    with work_folder() as root:
        for n in SIZES:
            configs, slug = projects(root / f"n{n}", n)
            results, loads = build_all(root / f"n{n}", configs, slug)
            for scenario in SCENARIOS:
                plain = results[f"{scenario} plain"]
                for name in VARIANTS:
                    if f"{scenario} {name}" in results:
                        print(
                            row(n, scenario, name, results[f"{scenario} {name}"], plain), flush=True
                        )
            verdicts += verdict(n, results)
            verdicts.append(
                f"N={n:,}: 1-minute load average during the rounds {min(loads):.1f} to "
                f"{max(loads):.1f} on {os.cpu_count()} cores"
            )
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
