"""Headless Chromium against a built site served on 127.0.0.1, for the browser tests.

Debian's Chromium at ``/usr/bin/chromium`` is driven by Playwright; a test tool's own browser
download does not work on these machines. Where ``CI`` or ``KAIROS_REQUIRE_BROWSER`` is set a
missing browser fails the test; elsewhere it is skipped with a loud reason.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = os.environ.get("KAIROS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
#: The two viewports every browser test uses: a small phone, and a laptop.
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def require_chromium() -> str:
    """The Chromium path, or fail (in CI) / skip (elsewhere) saying what to install."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("CI") or os.environ.get("KAIROS_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(f"SKIPPING BROWSER TEST: {reason}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are recorded by the browser fixture, not printed."""


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _SiteHandler(_QuietHandler):
    """Serves the site under its path (``/kairos/``) and answers a missing page with the site's
    own 404.html and status 404, as GitHub Pages does."""

    prefix = "/"

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.prefix) :]
        local = Path(self.translate_path(self.path))
        if (local.is_dir() and not (local / "index.html").exists()) or not local.exists():
            return self._not_found()
        return super().send_head()

    def _not_found(self) -> Any:
        page = Path(str(self.directory)) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_site(directory: Path, path: str) -> Iterator[str]:
    """Serve a built site at ``path`` (its site_url's path) on 127.0.0.1, with its 404 page;
    yields the site's URL, ending in '/'."""
    handler = functools.partial(
        type("SiteHandler", (_SiteHandler,), {"prefix": path}), directory=str(directory)
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class PageRecord:
    """What a page did: every request's URL, console errors, page errors and dialogs."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what the page did so far."""
        for events in (self.requests, self.console_errors, self.page_errors, self.dialogs):
            events.clear()

    def foreign_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs stay in the page)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob", "about"}
            and urlsplit(url).hostname != "127.0.0.1"
        ]


def record_page(page: object) -> PageRecord:
    """Attach listeners to a Playwright page; dialogs are recorded and dismissed."""
    record = PageRecord()
    page.on("request", lambda request: record.requests.append(request.url))  # type: ignore[attr-defined]
    page.on(  # type: ignore[attr-defined]
        "console",
        lambda message: (
            record.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))  # type: ignore[attr-defined]

    def on_dialog(dialog: object) -> None:
        record.dialogs.append(f"{dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)  # type: ignore[attr-defined]
    return record


@dataclass
class Tabs:
    """Browser contexts for one module: one reused page per width and palette (cheaper than a
    page per visit), and fresh pages; :meth:`close` closes every context opened."""

    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    tabs: dict[tuple[str, str], tuple[Page, PageRecord]] = field(default_factory=dict)

    def context(self, width: str, scheme: str) -> BrowserContext:
        context = self.browser.new_context(
            viewport=WIDTHS[width],  # type: ignore[arg-type]
            color_scheme=scheme,  # type: ignore[arg-type]
        )
        self.contexts.append(context)
        return context

    def tab(self, width: str, scheme: str) -> tuple[Page, PageRecord]:
        """The reused page for this width and palette, with its record."""
        if (width, scheme) not in self.tabs:
            page = self.context(width, scheme).new_page()
            self.tabs[width, scheme] = (page, record_page(page))
        return self.tabs[width, scheme]

    def fresh_page(self, width: str, scheme: str = "light") -> tuple[Page, PageRecord]:
        """A new page in a new context: nothing focused, nothing stored."""
        page = self.context(width, scheme).new_page()
        return page, record_page(page)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
