"""The audit reads the teaching packs in a built site, Typst's Identity-H fonts and all."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kairos.core.anthology import Anthology, load_anthology
from kairos.core.publishing import PackVerdict, Verdict
from kairos.core.teaching import teaching_collection
from kairos.pack.pack_document import PackSettings, pack_pdf
from kairos.safety.audit.pdf_text import read_pdf
from kairos.safety.audit.site_scan import scan_site

from ...site_factory import BUILD_DATE, consent, write_story
from .test_matching import HELD_PARAGRAPHS, OPEN_PARAGRAPHS

COLLECTION = """---
title: A session
summary: Two stories.
audience: Nurses
time_needed: 1 hour
learning_outcomes: [Listen.]
stories:
  - story: open-story
  - story: held-story
---
Notes for the facilitator.
"""
SETTINGS = PackSettings("Stories", "Kairos Trust", "Talk to someone.", BUILD_DATE)


def _anthology(stories_dir: Path) -> Anthology:
    write_story(stories_dir, "open-story", body="\n\n".join(OPEN_PARAGRAPHS) + "\n")
    write_story(
        stories_dir,
        "held-story",
        title="The held story",
        body="\n\n".join(HELD_PARAGRAPHS) + "\n",
        consent_record=consent("pending"),
    )
    (stories_dir / "collections").mkdir()
    (stories_dir / "collections" / "a-session.md").write_text(COLLECTION, encoding="utf-8")
    return load_anthology(stories_dir, BUILD_DATE, display_dir="stories")


def _pack(anthology: Anthology, *, plant: bool) -> bytes:
    collection = teaching_collection(anthology, anthology.collections[0])
    assert collection is not None
    if plant:  # a pack built by a bug that ignored the consent rule
        allowed = PackVerdict(Verdict(), teaching=True)
        entries = tuple(dataclasses.replace(e, verdict=allowed) for e in collection.entries)
        collection = dataclasses.replace(collection, entries=entries)
    return pack_pdf(collection, anthology.vocabulary, SETTINGS)


def _site(tmp_path: Path, pdf: bytes) -> Path:
    folder = tmp_path / "site" / "teaching" / "a-session"
    folder.mkdir(parents=True)
    (folder / "a-session.pdf").write_bytes(pdf)
    return tmp_path / "site"


def test_a_held_back_story_planted_in_a_pack_is_found(tmp_path: Path, stories_dir: Path) -> None:
    anthology = _anthology(stories_dir)
    result = scan_site(_site(tmp_path, _pack(anthology, plant=True)), anthology)
    assert [(f.file, f.evidence) for f in result.findings] == [
        ("teaching/a-session/a-session.pdf", ("title", "text"))
    ]


def test_a_pack_of_published_stories_is_read_and_clean(tmp_path: Path, stories_dir: Path) -> None:
    anthology = _anthology(stories_dir)
    pdf = _pack(anthology, plant=False)
    text = " ".join(read_pdf(pdf)[0].split())
    assert OPEN_PARAGRAPHS[0] in text  # the published story is there, and read
    assert HELD_PARAGRAPHS[0] not in text
    result = scan_site(_site(tmp_path, pdf), anthology)
    assert result.findings == []
    assert result.unreadable == []
