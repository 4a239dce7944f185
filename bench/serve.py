"""Benchmark: how soon the editor's preview, ``mkdocs serve --dirty``, shows a saved story.

It writes N seeded synthetic stories and a project inheriting the repository's ``mkdocs.yml``
with its own ``plugins`` (the kairos plugin as configured there, so Pagefind and the audit run
whenever a rebuild publishes or holds back a story), starts ``mkdocs serve --dirty`` (what
``make serve`` runs) on 127.0.0.1, and waits for the first build. Then, ``REPEATS`` times, it
adds a sentence to one published story and measures the time from writing the file to the
moment the story's page, fetched over HTTP, holds the new sentence. MkDocs' server holds a
request while a rebuild is running, so this is the time until the rebuilt site is served (what
a reader's browser, reloaded by livereload, shows), not the moment the page's file is written.
Last, it withdraws the story and measures the time until its page is gone (a 404): that
rebuild runs Pagefind and the audit again. Goal for the saves: <= 2 s at 1,000, <= 3 s at 5,000.

``KAIROS_BENCH_FULL=1`` measures plain ``mkdocs serve`` too (every save a full rebuild), and
``KAIROS_BENCH_NO_SEARCH=1`` the preview with ``search: none``.

Run: ``python bench/serve.py``. Environment: ``KAIROS_BENCH_SIZES`` (the last size is used;
default 5000), ``KAIROS_BENCH_REPEATS`` (default 3), ``KAIROS_BENCH_PORT`` (default 8765).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from site_build import (
    KAIROS_NAV,
    OVERRIDES,
    kairos_entry,
    plugin_name,
    repo_plugins,
    write_config,
)
from synthetic_stories import write_anthology

from kairos.core.anthology import load_anthology
from kairos.core.build_date import resolve_build_date

N = int(os.environ.get("KAIROS_BENCH_SIZES", "5000").split(",")[-1])
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))
PORT = int(os.environ.get("KAIROS_BENCH_PORT", "8765"))
GOAL_SECONDS = 2.0 if N <= 1000 else 3.0
FIRST_BUILD_TIMEOUT = 900


def fetch(url: str) -> str | None:
    """The page, "404" when the server says it is not found, None when it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return "404" if error.code == 404 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, timeout: float) -> float:
    """Seconds until ``url`` serves a page holding ``needle``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {needle!r} within {timeout:.0f} s")


def wait_for_404(url: str, timeout: float) -> float:
    """Seconds until ``url`` is not found."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if fetch(url) == "404":
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} was still served after {timeout:.0f} s")


def withdrawn(text: str) -> str:
    """The story's front-matter with its consent withdrawn, and no text (as the rules want)."""
    front = text.split("\n---\n", 1)[0]
    return front.replace("status: granted", "status: withdrawn") + "\n---\n"


def built_in(root: Path) -> str:
    """MkDocs' own time for the last rebuild, from the server's log ("built in 1.23 seconds")."""
    lines = (root / "serve.log").read_text("utf-8", errors="replace").splitlines()
    found = [line for line in lines if "built in" in line]
    return f" (MkDocs: {found[-1].split('built in')[-1].strip()})" if found else ""


def measure(
    root: Path, plugins: list[Any], stories: Path, slug: str, label: str, *, dirty: bool = True
) -> None:
    config = write_config(root, plugins, KAIROS_NAV, OVERRIDES)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    address = f"127.0.0.1:{PORT}"
    log = (root / "serve.log").open("wb")
    server = subprocess.Popen(
        [mkdocs, "serve", *(["--dirty"] if dirty else []), "-f", str(config), "-a", address],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://{address}/kairos/stories/{slug}/"
        first = wait_for(url, "<html", FIRST_BUILD_TIMEOUT)
        print(f"{label}: first build served after {first:.1f} s", flush=True)
        story = stories / f"{slug}.md"
        original = story.read_text("utf-8")
        times = []
        for number in range(REPEATS):
            # Plain words: the page's typography would turn "--" into a dash.
            marker = f"Saved in round {number} of run {abs(hash(label)) % 10_000}."
            time.sleep(2)
            story.write_text(original.rstrip("\n") + f"\n\n{marker}\n", "utf-8")
            times.append(wait_for(url, marker, 900))
            print(f"{label}: round {number}: {times[-1]:.2f} s{built_in(root)}", flush=True)
        rounds = ", ".join(f"{t:.2f}" for t in times)
        median = statistics.median(times)
        verdict = "met" if median <= GOAL_SECONDS else "not met"
        print(
            f"{label}: save to served page {rounds} s; median {median:.2f} s "
            f"(goal <= {GOAL_SECONDS:.0f} s: {verdict}); load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        time.sleep(2)
        if "status: granted" in original:
            story.write_text(withdrawn(original), "utf-8")
            gone = wait_for_404(url, 900)
            print(
                f"{label}: story withdrawn, its page gone after {gone:.2f} s (Pagefind and the "
                f"audit rerun); load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        story.write_text(original, "utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; N = {N:,}")
    with tempfile.TemporaryDirectory(prefix="kairos-serve-") as tmp:
        root = Path(tmp)
        stories = write_anthology(root / "stories", N)
        entry = kairos_entry(repo_plugins(), stories)
        # Today's date, as mkdocs serve would use: the story changed is published today.
        today = resolve_build_date(None, os.environ)
        entry["kairos"].pop("build_date")
        published = load_anthology(stories, today).published
        slug = published[len(published) // 2].slug
        own = [entry if plugin_name(p) == "kairos" else p for p in repo_plugins()]
        measure(root / "repo", own, stories, slug, "serve --dirty, repository plugins")
        if os.environ.get("KAIROS_BENCH_NO_SEARCH") == "1":
            no_search = [{"kairos": {**entry["kairos"], "search": "none"}}]
            measure(root / "nosearch", no_search, stories, slug, "serve --dirty, search: none")
        if os.environ.get("KAIROS_BENCH_FULL") == "1":
            measure(root / "full", own, stories, slug, "serve (full rebuilds)", dirty=False)


if __name__ == "__main__":
    main()
