"""A small anthology for the search tests: four published stories, five held back, three pages.

Every story, published or not, holds the word ``lanternword`` and ``kindness`` in its text,
so a search for them would find a held-back story if the index held one. Each held-back story
also holds its own token (a withdrawn one in its title only: its text is gone), one per reason
a story is held back: pending consent, withdrawn, review overdue, embargoed, and a consent
scope without the website.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .sample_site import ANTHOLOGY as SAMPLE_ANTHOLOGY
from .site_factory import (
    BUILD_DATE,
    PAGEFIND_SIGNATURE,
    PAGEFIND_SUFFIXES,
    consent,
    write_project,
    write_story,
    write_vocabulary,
)

COMMON_WORD = "lanternword"


@dataclass(frozen=True)
class Published:
    slug: str
    title: str
    name: str
    role: str
    role_filter: str
    level: str
    level_filter: str
    themes: tuple[str, ...]
    theme_labels: tuple[str, ...]
    token: str
    content_notes: tuple[str, ...] = ()
    fictional: bool = False


@dataclass(frozen=True)
class HeldBack:
    slug: str
    token: str
    reason: str
    options: dict[str, Any]
    in_body: bool = True


PUBLISHED = (
    Published(
        "quiet-kindness",
        "A quiet kindness at night",
        "Ada",
        "patient",
        "Patients",
        "civil-discourse",
        "Level 1: Civil discourse",
        ("kindness", "waiting"),
        ("Kindness", "Waiting"),
        "zqxfindmetoken",
        content_notes=("death",),
        fictional=True,
    ),
    Published(
        "night-shift",
        "The long night shift",
        "Ben",
        "professional",
        "Professionals",
        "co-planning",
        "Level 2: Co-planning",
        ("waiting",),
        ("Waiting",),
        "zqxnightshifttoken",
    ),
    Published(
        "home-again",
        "Home again in spring",
        "Cleo",
        "family-member",
        "Family members",
        "co-execution",
        "Level 3: Co-execution",
        ("hope", "being-heard"),
        ("Hope", "Being heard"),
        "zqxhomeagaintoken",
    ),
    Published(
        "small-hours",
        "In the small hours",
        "Dev",
        "carer",
        "Carers",
        "civil-discourse",
        "Level 1: Civil discourse",
        ("kindness",),
        ("Kindness",),
        "zqxsmallhourstoken",
    ),
)

HELD_BACK = (
    HeldBack("held-pending", "zqxpendingsearch", "pending", {"consent_record": consent("pending")}),
    HeldBack(
        "held-withdrawn",
        "zqxwithdrawnsearch",
        "withdrawn",
        {"consent_record": consent("withdrawn")},
        in_body=False,
    ),
    HeldBack(
        "held-overdue",
        "zqxoverduesearch",
        "review overdue",
        {"consent_record": consent(review_by=BUILD_DATE - dt.timedelta(days=1))},
    ),
    HeldBack(
        "held-embargoed",
        "zqxembargoedsearch",
        "embargoed",
        {"published": BUILD_DATE + dt.timedelta(days=1)},
    ),
    HeldBack(
        "held-no-website",
        "zqxnowebsitesearch",
        "not in website scope",
        {"consent_record": consent(scope=("search-engines", "feed"))},
    ),
)

#: Hand-written pages: indexed, except the home page and the one that opts out.
DOCS = {
    "about.md": "# About the anthology\n\nWhy we collect stories of care, zqxaboutpagetoken.\n",
    "welcome.md": (
        "# Welcome back\n\nThe newest stories, zqxwelcometoken:\n\n<!-- kairos:newest-stories -->\n"
    ),
    "private-notes.md": (
        "---\nsearch:\n  exclude: true\n---\n# Notes\n\nNot for search, zqxexcludedtoken.\n"
    ),
}
INDEXED_PAGES = {"/about/", "/welcome/"}


def write_search_anthology(root: Path, *, plugin: dict[str, Any] | None = None) -> Path:
    """The stories and pages above in ``root``; return mkdocs.yml's path."""
    stories = root / "stories"
    write_vocabulary(stories)
    for story in PUBLISHED:
        write_story(
            stories,
            story.slug,
            title=story.title,
            summary=f"A summary of {story.title.lower()}.",
            body=(
                f"The {COMMON_WORD} of kindness in {story.title.lower()}, {story.token}.\n\n"
                "We sat by the window and waited for news.\n"
            ),
            name=story.name,
            role=story.role,
            level=story.level,
            themes=story.themes,
            content_notes=story.content_notes,
            fictional=story.fictional,
            reflection=("What would you have done?",),
        )
    for held in HELD_BACK:
        write_story(
            stories,
            held.slug,
            title=f"The {held.token} story",
            summary=f"A summary that holds {held.token}.",
            body=(
                f"The {COMMON_WORD} of kindness, {held.token}, never to be shown.\n"
                if held.in_body
                else ""
            ),
            **held.options,
        )
    config = write_project(root, docs=DOCS, plugin=plugin)
    # The sample anthology's palette and footer, so contrast is checked as readers see it.
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    repo = yaml.safe_load((SAMPLE_ANTHOLOGY / "mkdocs.yml").read_text(encoding="utf-8"))
    data["theme"]["palette"] = repo["theme"]["palette"]
    data["extra"] = repo.get("extra", {})
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return config


def url_of_story(slug: str) -> str:
    return f"/stories/{slug}/"


def pagefind_files(site: Path) -> dict[str, bytes]:
    """Pagefind's index files under ``site/pagefind``, decompressed, signature removed."""
    files = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.suffix in PAGEFIND_SUFFIXES:
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(PAGEFIND_SIGNATURE), path
            files[path.relative_to(site).as_posix()] = data.removeprefix(PAGEFIND_SIGNATURE)
    return files


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Every page in the index, by URL: Pagefind's fragment (url, content, meta, filters)."""
    pages = {}
    for name, data in pagefind_files(site).items():
        if name.endswith(".pf_fragment"):
            fragment = json.loads(data)
            pages[fragment["url"]] = fragment
    return pages
