"""Benchmark: a reader's first search, Pagefind (the kairos plugin) against mkdocs-material.

For N = 1,000 and 5,000 seeded synthetic stories (bench/synthetic_stories.py) it builds the
site twice: ``pagefind`` (the repository's theme and options, the kairos plugin's search) and
``material`` (the same with mkdocs-material's ``search`` plugin and ``search: none`` for
kairos). Builds are kept in a work folder and reused while the stories and the plugin's
sources are unchanged, since 5,000-story builds take minutes.

Each site is served on 127.0.0.1 by a small server that gzips text files as static hosts do
(Pagefind's index files are already compressed and are sent as they are), and that counts the
bytes of every response. In headless Chromium, for each query, in a fresh browser context (an
empty cache: a reader's first search):

* ``pagefind``: the home page is opened; then the query is submitted as the header search box
  does, by opening ``search/?q=...``; the clock runs in the page, from the start of that
  navigation to the first result entering the page. Payload: every response under
  ``pagefind/`` (pagefind.js, its worker, the WebAssembly, entry, meta, filter lists, index
  chunks, the fragments of the results shown) and the page's script ``search.js``.
* ``material``: the home page is opened (mkdocs-material starts downloading its index then);
  the query is typed into its search box; the clock runs in the page, from typing to the first
  result entering the page. Payload: ``search/search_index.json`` and the search worker.

Bytes are as transferred (gzip where the server compresses, as most hosts do), and in brackets
as a host that compresses nothing would send them (Pagefind's index files are compressed by
Pagefind itself, so only its scripts grow); times are the
median of ``KAIROS_BENCH_REPEATS`` fresh contexts. It prints one row per size and query with
the ratios material / pagefind, then the build times and index sizes on disk.

Run: ``python bench/search.py``. Environment: ``KAIROS_BENCH_SIZES`` (default ``1000,5000``),
``KAIROS_BENCH_REPEATS`` (default 3), ``KAIROS_BENCH_WORK`` (the folder kept between runs;
default ``kairos-bench-search`` in the temporary folder), ``KAIROS_BENCH_REBUILD=1`` to
rebuild anyway. Goal at N = 5,000: at most 500 KB of search payload and the first result
within 1 s.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_stories import write_anthology

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP

REPO = Path(__file__).resolve().parents[1]

SIZES = [int(n) for n in os.environ.get("KAIROS_BENCH_SIZES", "1000,5000").split(",")]
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "3"))
WORK = Path(
    os.environ.get("KAIROS_BENCH_WORK", Path(tempfile.gettempdir()) / "kairos-bench-search")
)
REBUILD = os.environ.get("KAIROS_BENCH_REBUILD") == "1"
QUERIES = ("kindness", "waiting", "my mother")
VARIANTS = ("pagefind", "material")
BUILD_DATE = dt.date(2026, 6, 1)
SEED = 2016
TIMEOUT_MS = 60_000
#: Goals at the largest size (README "Search").
GOAL_BYTES = 500 * 1000
GOAL_SECONDS = 1.0
TEXT_TYPES = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".map"}


# Sites.


def _sources_stamp() -> str:
    """Changes when the plugin, its templates, the overrides or mkdocs.yml change."""
    digest = hashlib.sha256()
    for folder in (REPO / "plugins" / "kairos", REPO / "overrides"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update((REPO / "mkdocs.yml").read_bytes())
    return digest.hexdigest()[:16]


def _project(root: Path, stories: Path, variant: str) -> Path:
    """mkdocs.yml for one variant: the repository's theme and options over ``stories``."""
    repo = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(repo["theme"], custom_dir=str(REPO / "overrides"))
    kairos: dict[str, Any] = {}
    for plugin in repo["plugins"]:
        if isinstance(plugin, dict) and "kairos" in plugin:
            kairos = dict(plugin["kairos"] or {})
    kairos.update(stories_dir=str(stories), build_date=BUILD_DATE.isoformat())
    kairos["search"] = "pagefind" if variant == "pagefind" else "none"
    plugins: list[Any] = [{"kairos": kairos}]
    if variant == "material":
        plugins.insert(0, "search")
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(
        "# Stories of care\n\nA benchmark anthology.\n\n<!-- kairos:home -->\n", encoding="utf-8"
    )
    config = {
        "site_name": "Kairos search benchmark",
        "site_url": repo.get("site_url"),
        "theme": theme,
        "plugins": plugins,
        "markdown_extensions": repo.get("markdown_extensions", []),
        "extra_css": repo.get("extra_css", []),
        "extra": repo.get("extra", {}),
        "nav": [
            {"Home": "index.md"},
            {"Stories": "stories/index.md"},
            {"Themes": "themes/index.md"},
            {"Levels of partnership": "levels/index.md"},
            {"Storytellers": "roles/index.md"},
        ],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Built:
    size: int
    variant: str
    site: Path
    seconds: float
    reused: bool

    def index_bytes(self) -> int:
        folder = self.site / ("pagefind" if self.variant == "pagefind" else "search")
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_variant(size: int, variant: str, stamp: str) -> Built:
    base = WORK / str(size)
    stories = base / "stories"
    marker = stories / ".complete"
    if not marker.exists() or marker.read_text() != f"{size} {SEED}":
        shutil.rmtree(stories, ignore_errors=True)
        write_anthology(stories, size, seed=SEED)
        marker.write_text(f"{size} {SEED}")
    root = base / variant
    site = root / "site"
    done = root / "built.json"
    if not REBUILD and done.exists():
        record = json.loads(done.read_text())
        if record["stamp"] == stamp and (site / "index.html").exists():
            return Built(size, variant, site, record["seconds"], reused=True)
    config_path = _project(root, stories, variant)
    print(f"building {variant} at N = {size} ...", file=sys.stderr, flush=True)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    build(load_config(str(config_path), site_dir=str(site)))
    seconds = time.perf_counter() - started
    done.write_text(json.dumps({"stamp": stamp, "seconds": seconds}))
    return Built(size, variant, site, seconds, reused=False)


# Serving, as a static host does: text compressed with gzip when the browser accepts it.


@dataclass(frozen=True)
class Sent:
    """One response the server sent: its path, the bytes of its body as sent (gzip where the
    server compressed it), and as stored, which a host that does not compress would send."""

    path: str
    sent: int
    size: int


class _GzipHandler(SimpleHTTPRequestHandler):
    """Text files gzip-compressed when accepted; every response body's size is recorded."""

    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, *args: Any, sent: list[Sent], **kwargs: Any) -> None:
        self.sent = sent
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            super().do_GET()
            return
        raw = path.read_bytes()
        body = raw
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in TEXT_TYPES
        if gzipped:
            key = (str(path), path.stat().st_mtime)
            with self._lock:
                body = self._cache.get(key) or gzip.compress(raw, compresslevel=6, mtime=0)
                self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with self._lock:
            self.sent.append(Sent(urlsplit(self.path).path, len(body), len(raw)))


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser context closed mid-response: not worth a traceback."""


@contextmanager
def serve(site: Path, sent: list[Sent]) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(site), sent=sent)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# Measuring.


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    transferred: int = 0
    uncompressed: int = 0  # as a host that does not compress would send it
    requests: int = 0
    results: int = 0
    foreign: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _is_payload(variant: str, path: str) -> bool:
    if variant == "pagefind":
        return "/pagefind/" in path or path.endswith("/assets/javascripts/search.js")
    return (
        path.endswith("/search/search_index.json")
        or "/javascripts/workers/" in path
        or ("/javascripts/lunr/" in path)
    )


#: Records, in the page, when the first result (``window.kairosFirst``) enters the document.
_WATCH_FIRST_RESULT = """
window.kairosFirst = null;
new MutationObserver(() => {
  if (window.kairosFirst === null
      && document.querySelector('.kairos-search-result__title a, .md-search-result__item')) {
    window.kairosFirst = performance.now();
  }
}).observe(document, {subtree: true, childList: true});
"""


def _first_result_pagefind(page: Page, base: str, query: str) -> float:
    """From submitting the query (opening search/?q=, as the header box does) to a result."""
    page.goto(base)
    page.goto(f"{base}search/?q={quote(query)}", wait_until="commit")
    page.wait_for_function("window.kairosFirst !== null", timeout=TIMEOUT_MS)
    # performance.now() counts from the start of the navigation, that is the submission.
    return float(page.evaluate("window.kairosFirst")) / 1000


def _first_result_material(page: Page, base: str, query: str) -> float:
    """From typing the query in mkdocs-material's search box to a result."""
    page.goto(base)
    page.locator("input.md-search__input").click()  # wide screens: the box is in the header
    started = page.evaluate(
        """(query) => {
          const box = document.querySelector('input.md-search__input');
          const started = performance.now();
          box.value = query;
          box.dispatchEvent(new Event('input', {bubbles: true}));
          return started;
        }""",
        query,
    )
    page.wait_for_function("window.kairosFirst !== null", timeout=TIMEOUT_MS)
    return (float(page.evaluate("window.kairosFirst")) - float(started)) / 1000


def _count_results(page: Page, variant: str) -> int:
    if variant == "pagefind":
        text = page.locator("#kairos-search-status").inner_text()
    else:
        text = page.locator(".md-search-result__meta").inner_text()
    found = re.search(r"\d[\d,]*", text)
    return int(found.group().replace(",", "")) if found else 0


def measure(browser: Browser, base: str, sent: list[Sent], variant: str, query: str) -> Measure:
    result = Measure()
    for repeat in range(REPEATS):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.add_init_script(_WATCH_FIRST_RESULT)
        urls: list[str] = []
        page.on("request", lambda request, urls=urls: urls.append(request.url))
        first = _first_result_pagefind if variant == "pagefind" else _first_result_material
        sent.clear()
        try:
            result.seconds.append(first(page, base, query))
        except PlaywrightTimeout:
            result.seconds.append(float("inf"))
        print(
            f"  {variant} '{query}' #{repeat + 1}: {result.seconds[-1] * 1000:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
        page.wait_for_timeout(500)  # let the data of the results shown arrive
        if repeat == 0:
            payload = [item for item in sent if _is_payload(variant, item.path)]
            result.transferred = sum(item.sent for item in payload)
            result.uncompressed = sum(item.size for item in payload)
            result.requests = len(payload)
            result.results = _count_results(page, variant)
            result.foreign = [u for u in urls if urlsplit(u).hostname not in {"127.0.0.1", None}]
        context.close()
    return result


# Report.


def _kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB" if size < 10_000_000 else f"{size / 1_000_000:,.1f} MB"


def _ms(measure: Measure) -> str:
    """The median time, and how many runs showed no result within the time-out."""
    timeouts = sum(1 for s in measure.seconds if s == float("inf"))
    text = f"{measure.median * 1000:.0f} ms" if measure.median != float("inf") else "none"
    return f"{text} ({timeouts} none)" if timeouts else text


def _ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}x" if b and a / b != float("inf") else "-"


def main() -> None:
    stamp = _sources_stamp()
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[int, str, Measure, Measure]] = []
    builds: dict[tuple[int, str], Built] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for size in SIZES:
            for variant in VARIANTS:
                builds[size, variant] = build_variant(size, variant, stamp)
            measures: dict[str, dict[str, Measure]] = {}
            for variant in VARIANTS:
                sent: list[Sent] = []
                with serve(builds[size, variant].site, sent) as base:
                    measures[variant] = {
                        q: measure(browser, base, sent, variant, q) for q in QUERIES
                    }
            for query in QUERIES:
                rows.append((size, query, measures["pagefind"][query], measures["material"][query]))
        browser.close()

    print()
    print(
        f"A reader's first search (median of {REPEATS} cold starts; bytes transferred with gzip, "
        "in brackets without compression by the host; ratio = material / pagefind)"
    )
    header = (
        f"{'N':>6}  {'query':<10} {'results':>7}  {'pagefind payload':>24}  "
        f"{'material payload':>24}  {'ratio':>7}  {'pagefind':>10}  {'material':>17}  {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for size, query, pagefind, material in rows:
        print(
            f"{size:>6}  {query:<10} {pagefind.results:>7}  "
            f"{_kb(pagefind.transferred):>10} ({_kb(pagefind.uncompressed):>9})  "
            f"{_kb(material.transferred):>10} ({_kb(material.uncompressed):>9})  "
            f"{_ratio(material.transferred, pagefind.transferred):>7}  "
            f"{_ms(pagefind):>10}  {_ms(material):>17}  "
            f"{_ratio(material.median, pagefind.median):>6}"
        )
    print()
    print("Builds (seconds; reused builds show the time of the build that made them)")
    for size in SIZES:
        line = [f"{size:>6}"]
        for variant in VARIANTS:
            built = builds[size, variant]
            reused = ", reused" if built.reused else ""
            line.append(
                f"{variant}: {built.seconds:6.1f} s{reused}, index on disk "
                f"{_kb(built.index_bytes())}"
            )
        print("  ".join(line))
    largest = max(SIZES)
    worst = [p for size, _, p, _ in rows if size == largest]
    ok_bytes = all(p.transferred <= GOAL_BYTES for p in worst)
    ok_time = all(p.median <= GOAL_SECONDS for p in worst)
    print()
    print(
        f"Goal at N = {largest}: payload <= {_kb(GOAL_BYTES)}: {'met' if ok_bytes else 'NOT met'} "
        f"(largest {_kb(max(p.transferred for p in worst))}); first result <= "
        f"{GOAL_SECONDS:.0f} s: {'met' if ok_time else 'NOT met'} "
        f"(slowest {max(p.median for p in worst) * 1000:.0f} ms)"
    )
    foreign = sorted({url for _, _, p, m in rows for url in p.foreign + m.foreign})
    if foreign:
        print("Requests that left 127.0.0.1:", *foreign, sep="\n  ")


if __name__ == "__main__":
    main()
