"""The browser harness itself: Chromium starts, a served page loads, requests are recorded."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from ..browser_support import record_page, serve_directory


def test_chromium_loads_a_local_page(chromium: Browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>t</title><p id=p>hello</p>"
        "<img src='https://example.invalid/x.png' alt=''>"
    )
    with serve_directory(tmp_path) as base:
        page = chromium.new_page()
        record = record_page(page)
        page.goto(base)
        assert page.text_content("#p") == "hello"
        page.close()
    assert record.requests[0] == base
    assert record.foreign_requests() == ["https://example.invalid/x.png"]
