"""The site builds a public pack for each teaching collection, holding only what it may."""

from __future__ import annotations

from pathlib import Path

import pypdf

from kairos.safety.audit.pdf_text import pdf_text

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
Hold the session gently.
"""


def anthology(root: Path, session: str = SESSION) -> Path:
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
    write_project(root, plugin={"search": "none"})
    return root


def test_the_public_pack_holds_only_published_teaching_stories(tmp_path: Path) -> None:
    site = build_site(anthology(tmp_path))
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
    assert "Only for the classroom" not in pdf_text(pack.read_bytes())


def test_a_collection_none_of_whose_stories_may_be_taught_has_no_pack(tmp_path: Path) -> None:
    session = SESSION.replace(
        "  - story: open-story\n    discussion: [What did the porter notice?]\n", ""
    )
    site = build_site(anthology(tmp_path, session))
    assert not (site / "teaching").exists()
