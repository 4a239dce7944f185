"""The teaching pack as a PDF: what it holds, in what order, and that it is tagged."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pypdf
import pytest

from kairos.core.anthology import load_anthology
from kairos.core.teaching import TeachingCollection, teaching_collection
from kairos.pack.pack_document import PackSettings, pack_pdf

from ..collection_cases import teaching_folder, valid_collection

D = dt.date(2026, 6, 1)
EVERY_STORY = """  - story: a-story-taken-back
  - story: no-teaching-consent
  - story: teaching-only
"""
SETTINGS = PackSettings(
    site_name="Stories of care",
    organisation="Kairos Trust",
    support="Samaritans are there day or night on 116 123.",
    build_date=D,
    site_url="https://example.org/kairos/",
)


def judged(tmp_path: Path, text: str, *, private: bool) -> TeachingCollection:
    folder = teaching_folder(tmp_path, {"kindness.md": text})
    anthology = load_anthology(folder, D)
    (loaded,) = anthology.collections
    collection = teaching_collection(anthology, loaded, private=private)
    assert collection is not None, loaded.problems
    return collection


def pdf_of(tmp_path: Path, text: str, *, private: bool = False) -> pypdf.PdfReader:
    collection = judged(tmp_path, text, private=private)
    folder = teaching_folder(tmp_path / "again")
    vocabulary = load_anthology(folder, D).vocabulary
    return pypdf.PdfReader(io.BytesIO(pack_pdf(collection, vocabulary, SETTINGS)))


def text_of(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_public_pack_holds_only_stories_published_with_teaching(tmp_path: Path) -> None:
    text = text_of(pdf_of(tmp_path, valid_collection(EVERY_STORY)))
    assert "The nurse who sat down" in text
    assert "She pulled up a chair and sat down." in text
    assert "What would have made it possible for you to sit down?" in text
    for held_back in ("A story taken back", "The porter who whistled", "He whistled down"):
        assert held_back not in text
    # teaching without website: never in the pack the site publishes
    assert "The midwife who stayed late" not in text
    assert "She stayed two hours" not in text
    assert "For private use only" not in text
    assert (
        "check the collection on the site (https://example.org/kairos/teaching/kindness/)" in text
    )


def test_a_private_pack_also_holds_a_story_allowed_for_teaching_only(tmp_path: Path) -> None:
    text = text_of(pdf_of(tmp_path, valid_collection(EVERY_STORY), private=True))
    assert "For private use only." in text
    assert "The nurse who sat down" in text
    assert "The midwife who stayed late" in text
    assert "She stayed two hours after her shift." in text
    assert "Not on the site: the storyteller agreed to teaching only." in text
    for held_back in ("A story taken back", "The porter who whistled", "He whistled down"):
        assert held_back not in text


def test_the_pack_reads_in_order(tmp_path: Path) -> None:
    text = text_of(pdf_of(tmp_path, valid_collection(EVERY_STORY), private=True))
    order = [
        "Teaching pack",
        "Kindness at the end of life",
        "Audience Nursing students",
        "Built on 1 June 2026",
        "Session plan",
        "Describe what made a small act of care matter to a family.",
        "Facilitator notes",
        "Open the session by saying",
        "The nurse who sat down",
        "Told by Ruth (family member).",
        "She pulled up a chair and sat down.",
        "Discussion questions for this session",
        "Cite as: Ruth, “The nurse who sat down”, Stories of care, 2026.",
        "https://example.org/kairos/stories/the-nurse-who-sat-down/",
        "The midwife who stayed late",
        "Support",
        "Samaritans are there day or night on 116 123.",
    ]
    position = 0
    for part in order:  # each after the one before
        found = text.find(part, position)
        assert found >= 0, (part, text[position : position + 300])
        position = found + len(part)


def test_the_pdf_is_tagged_with_its_title_and_language(tmp_path: Path) -> None:
    reader = pdf_of(tmp_path, valid_collection())
    root = reader.trailer["/Root"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Kindness at the end of life: a teaching pack"
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert "/Outlines" in root  # bookmarks from the headings


def test_the_pack_is_small_and_the_same_on_the_same_day(tmp_path: Path) -> None:
    collection = judged(tmp_path, valid_collection(EVERY_STORY), private=False)
    vocabulary = load_anthology(teaching_folder(tmp_path / "v"), D).vocabulary
    first = pack_pdf(collection, vocabulary, SETTINGS)
    assert len(first) < 150_000
    assert pack_pdf(collection, vocabulary, SETTINGS) == first


@pytest.mark.parametrize(
    "hostile",
    [
        "#set page(width: 1cm) *bold* _emph_ $x^2$ // not a comment",
        "= not a heading <label> @ref [brackets] `raw` \\ back /* nor this */",
        '1. not a list - nor this + nor this https://example.org "quoted"',
        '#{panic("no")} #read("/etc/passwd") ) ] } ~ -- ...',
    ],
)
def test_every_editor_string_is_printed_as_written(tmp_path: Path, hostile: str) -> None:
    text = valid_collection().replace(
        "What would have made it possible for you to sit down?", json.dumps(hostile)
    )
    shown = text_of(pdf_of(tmp_path, text))
    for typographic, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        shown = shown.replace(typographic, straight)
    assert " ".join(hostile.split()) in shown
