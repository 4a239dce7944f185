"""Profile one rebuild of the editor's preview (``mkdocs serve --dirty``) in-process.

Writes N seeded synthetic stories and a project inheriting the repository's ``mkdocs.yml``
(as ``bench/serve.py`` does), runs the first build as ``serve --dirty`` does
(``on_startup(command="serve", dirty=True)``, then ``build(config, dirty=True)``), then adds a
sentence to one published story before each of ``KAIROS_BENCH_REPEATS`` rebuilds, timing each;
the last is run under cProfile and its 30 costliest functions printed (cumulative and own time).

Run: ``python bench/preview_profile.py [work folder]``. Environment: ``KAIROS_BENCH_SIZES`` (the
last size is used; default 5000), ``KAIROS_BENCH_REPEATS`` (default 3), ``KAIROS_BENCH_AUDIT``
(``0``: the audit off, for a quicker first build; a save that publishes nothing skips it anyway).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).parent))
from site_build import KAIROS_NAV, OVERRIDES, kairos_entry, plugin_name, repo_plugins, write_config
from synthetic_stories import write_anthology

from kairos.core.anthology import load_anthology
from kairos.core.build_date import resolve_build_date

N = int(os.environ.get("KAIROS_BENCH_SIZES", "5000").split(",")[-1])
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))
SERVE_URL = "http://127.0.0.1:8000/kairos/"


def main(root: Path) -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; N = {N:,}", flush=True)
    stories = root / "stories"
    if not stories.is_dir():
        write_anthology(stories, N)
    entry = kairos_entry(repo_plugins(), stories)
    entry["kairos"].pop("build_date")
    if os.environ.get("KAIROS_BENCH_AUDIT") == "0":
        entry["kairos"]["audit"] = False
    published = load_anthology(stories, resolve_build_date(None, os.environ)).published
    slug = published[len(published) // 2].slug
    plugins = [entry if plugin_name(p) == "kairos" else p for p in repo_plugins()]
    config_file = write_config(root / "repo", plugins, KAIROS_NAV, OVERRIDES)
    site = root / "repo" / "site"
    story = stories / f"{slug}.md"
    original = story.read_text("utf-8")

    def rebuild(first: bool = False) -> tuple[float, float]:
        """Wall and CPU seconds of one build (CPU time depends less on the machine's load)."""
        config = load_config(str(config_file), site_dir=str(site))
        config.site_url = SERVE_URL
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        start, cpu = time.perf_counter(), time.process_time()
        build(config, serve_url=SERVE_URL, dirty=True)
        return time.perf_counter() - start, time.process_time() - cpu

    try:
        print(f"first build {rebuild(first=True)[0]:.1f} s", flush=True)
        profile = cProfile.Profile()
        for number in range(REPEATS):
            story.write_text(original.rstrip("\n") + f"\n\nSaved in round {number}.\n", "utf-8")
            if number == REPEATS - 1:
                profile.enable()
            seconds, cpu = rebuild()
            profile.disable()
            print(
                f"rebuild {number}: {seconds:.2f} s, CPU {cpu:.2f} s; "
                f"load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    finally:
        story.write_text(original, "utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory(prefix="kairos-preview-") as tmp:
            main(Path(tmp))
