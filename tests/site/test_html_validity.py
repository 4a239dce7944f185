"""The built sample site is valid HTML, as the Nu HTML Checker (vnu) reads it.

vnu comes from npm (``vnu-jar`` in package.json, installed by ``make install``) and runs on
Java 17 or later (``.ci/run`` installs ``default-jre-headless`` when ``java`` is missing).
Every error must come from mkdocs-material's own templates, which this project does not edit;
those are listed below by their exact message, each with the markup it must be about, so that
the same message about our own markup (plugins/kairos/site/theme/, overrides/) still fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ..sample_site import REPO, SampleSite

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: (exact message, text the error's extract must hold): errors in mkdocs-material's templates.
MATERIAL_ERRORS = [
    # material/templates/base.html writes the hidden checkboxes that open the navigation drawer
    # and its search as <input type="checkbox" ... autocomplete="off">; autocomplete is not
    # allowed on checkboxes. Our templates never write these toggles.
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        '<input class="md-toggle" data-md-toggle=',
    ),
    # material/templates/partials/nav-item.html writes tabindex="{{ tabindex }}" on the label
    # of a nav section, and leaves tabindex unset for sections shown as tabs
    # (navigation.tabs in mkdocs.yml): tabindex="" on <label class="md-nav__link" for="__nav_N">.
    (
        "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a "
        "valid integer.",
        '<label class="md-nav__link" for="__nav_',
    ),
    # material/templates/partials/toc.html titles the table of contents with
    # <label class="md-nav__title" for="__toc">; the __toc checkbox is written only in the nav
    # item of the current page, so a page left out of the tabs (consent-and-privacy.md and
    # accessibility.md, linked from every footer) has a label for no control.
    (
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        '<label class="md-nav__title" for="__toc">',
    ),
]


def _java() -> str:
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return java
    reason = (
        "the Nu HTML Checker needs Java (apt-get install default-jre-headless)"
        if not java
        else f"{VNU_JAR} is missing: run make install (npm ci)"
    )
    if os.environ.get("CI") or os.environ.get("KAIROS_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(f"SKIPPING HTML VALIDATION: {reason}")


def _is_material_error(message: dict[str, Any]) -> bool:
    return any(
        message.get("message") == text and marker in message.get("extract", "")
        for text, marker in MATERIAL_ERRORS
    )


#: For one short run, Java's quick compiler alone: the same report for half the processor time
#: (its compiled code needs a deeper thread stack than vnu's schema checks get by default).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss4m"]


def run_vnu(java: str, site: Path) -> list[dict[str, Any]]:
    """vnu's messages for every HTML file under ``site`` (its JSON report is on stderr)."""
    done = subprocess.run(
        [
            java,
            *JAVA_OPTIONS,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--skip-non-html",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages: list[dict[str, Any]] = json.loads(done.stderr)["messages"]
    return messages


@pytest.fixture(scope="module")
def vnu_messages(sample_site: SampleSite) -> list[dict[str, Any]]:
    return run_vnu(_java(), sample_site.root)


def test_vnu_checked_every_page_of_the_built_site(vnu_messages: list[dict[str, Any]]) -> None:
    # The checker did read the pages: material's known errors are reported on each of them.
    pages = {Path(m["url"]).parent.name for m in vnu_messages if _is_material_error(m)}
    assert {"search", "stories", "about", "themes"} <= pages


def test_vnu_finds_no_error_in_our_templates(vnu_messages: list[dict[str, Any]]) -> None:
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '')!r}"
        for m in vnu_messages
        if m["type"] in {"error", "non-document-error"} and not _is_material_error(m)
    ]
    assert errors == [], "\n".join(errors)
