"""The Teaching pages and packs of a built site: what they show, and only what they may."""

from __future__ import annotations

import gzip
from pathlib import Path

import pypdf
import pytest
import yaml

from kairos.safety.audit.pdf_text import read_pdf
from kairos.safety.audit.readers import pagefind_text

from ..site_factory import (
    BUILD_DATE,
    build_site,
    consent,
    write_project,
    write_story,
    write_vocabulary,
)

SESSION = """---
title: Kindness on the ward
summary: Three stories about kindness.
audience: Nursing students
time_needed: 90 minutes
learning_outcomes: [Notice small kindnesses.]
stories:
  - story: open-story
    discussion: [What did the porter notice?]
  - story: pending-story
  - story: teaching-only
  - story: no-teaching
---
Hold the session gently. <script>alert("notes")</script>

## Closing

Thank everyone.
"""


def anthology(root: Path, session: str = SESSION, *, search: str = "none") -> Path:
    stories = root / "stories"
    write_vocabulary(stories)
    write_story(stories, "open-story", title="The porter who sang", body="He sang in the lifts.\n")
    write_story(
        stories,
        "pending-story",
        title="The pending story",
        body="Words still waiting for a signature.\n",
        consent_record=consent("pending"),
    )
    write_story(
        stories,
        "teaching-only",
        title="The teaching-only story",
        body="Only for the classroom.\n",
        consent_record=consent(scope=["teaching"]),
    )
    write_story(
        stories,
        "no-teaching",
        title="The website-only story",
        body="Never for a classroom handout.\n",
        consent_record=consent(scope=["website"]),
    )
    (stories / "collections").mkdir()
    (stories / "collections" / "kindness-on-the-ward.md").write_text(session, encoding="utf-8")
    write_project(root, plugin={"search": search})
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once, with site search (Pagefind must index the collection's page too)."""
    return build_site(anthology(tmp_path_factory.mktemp("teaching"), search="pagefind"))


def test_the_public_pack_holds_only_published_teaching_stories(site: Path) -> None:
    pack = site / "teaching" / "kindness-on-the-ward" / "kindness-on-the-ward.pdf"
    reader = pypdf.PdfReader(pack)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "The porter who sang" in text
    assert "He sang in the lifts." in text
    assert "What did the porter notice?" in text
    assert f"Built on {BUILD_DATE.day}" in text
    for kept_out in ("pending", "signature", "teaching-only", "classroom", "website-only"):
        assert kept_out not in text.lower()
    # and nowhere else in the site either (the audit would have failed the build)
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert b"Only for the classroom" not in everything
    assert "Only for the classroom" not in read_pdf(pack.read_bytes())[0]


def test_a_collection_none_of_whose_stories_may_be_taught_has_no_pack(tmp_path: Path) -> None:
    session = SESSION.replace(
        "  - story: open-story\n    discussion: [What did the porter notice?]\n", ""
    )
    site = build_site(anthology(tmp_path, session))
    teaching = (site / "teaching" / "index.html").read_text(encoding="utf-8")
    assert "There are no teaching collections yet." in teaching
    assert not list((site / "teaching").glob("*/*.pdf"))


def test_the_teaching_page_lists_each_collection(site: Path) -> None:
    page = (site / "teaching" / "index.html").read_text(encoding="utf-8")
    assert '<a href="kindness-on-the-ward/">Kindness on the ward</a>' in page
    assert "Audience: Nursing students" in page
    assert "90 minutes" in page
    assert "1 story" in page
    assert 'href="kindness-on-the-ward/kindness-on-the-ward.pdf"' in page


def test_a_collection_page_shows_the_session_and_only_published_stories(site: Path) -> None:
    page = (site / "teaching" / "kindness-on-the-ward" / "index.html").read_text(encoding="utf-8")
    for shown in (
        "<h1>Kindness on the ward</h1>",
        "Three stories about kindness.",
        "Notice small kindnesses.",
        '<a href="../../stories/open-story/">The porter who sang</a>',
        "What did the porter notice?",
        "Facilitator notes",
        "Hold the session gently.",
        "Closing",
        'href="kindness-on-the-ward.pdf"',
        "data-pagefind-body",
    ):
        assert shown in page, shown
    for kept_out in ("pending", "teaching-only", "website-only", "no-teaching"):
        assert kept_out not in page.lower(), kept_out
    assert "<script>alert" not in page  # the notes are sanitized like a story's text


def test_a_story_page_names_its_collections(site: Path) -> None:
    page = (site / "stories" / "open-story" / "index.html").read_text(encoding="utf-8")
    assert "Used in teaching" in page
    assert '<a href="../../teaching/kindness-on-the-ward/">Kindness on the ward</a>' in page


def test_search_finds_the_collection(site: Path) -> None:
    texts = [
        pagefind_text(gzip.decompress(fragment.read_bytes()), ".pf_fragment")
        for fragment in (site / "pagefind").rglob("*.pf_fragment")
    ]
    (collection,) = [text for text in texts if "Kindness on the ward" in text and "gently" in text]
    assert "What did the porter notice?" in collection


def test_a_teaching_tab_works_without_any_collection(tmp_path: Path) -> None:
    """The sample's nav has a Teaching tab: an anthology with no collection still builds."""
    write_vocabulary(tmp_path / "stories")
    write_story(tmp_path / "stories", "night-shift")
    config_path = write_project(tmp_path, plugin={"search": "none"})
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["nav"].append({"Teaching": "teaching/index.md"})
    config_path.write_text(yaml.safe_dump(config), "utf-8")
    site = build_site(tmp_path)  # strict: a nav entry to a missing page would stop it
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="teaching/"' in home
    assert "There are no teaching collections yet." in (site / "teaching" / "index.html").read_text(
        encoding="utf-8"
    )
