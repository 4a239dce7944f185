"""``kairos.safety.audit.evidence``: winnowed fingerprints, placeholder text, media, plain data."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import random
from pathlib import Path

from kairos.core.story_rules import PLACEHOLDER_PARAGRAPH
from kairos.editors.commands.new_command import NewStory, render_new_story
from kairos.safety.audit.evidence import GRAM_WORDS, RUN_WORDS, story_evidence, winnow

VOCABULARY = [f"w{number}" for number in range(300)]


def _prose(count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return [chooser.choice(VOCABULARY) for _ in range(count)]


def test_every_run_of_25_words_holds_an_indexed_run() -> None:
    # The winnowing guarantee, checked at every position of a long text.
    body = _prose(900, seed=7)
    evidence = story_evidence("s", None, None, " ".join(body))
    [text] = [n for n, s in enumerate(evidence.sequences) if s.words == tuple(body)]
    positions = {p for _, number, p in evidence.fingerprints if number == text}
    for start in range(len(body) - RUN_WORDS + 1):
        assert positions & set(range(start, start + RUN_WORDS - GRAM_WORDS + 1)), start
    # ... while indexing about one run in ten, not every run.
    assert len(positions) < len(body) / 6


def test_winnow_keeps_the_smallest_of_each_window_once() -> None:
    assert winnow([5, 3, 4, 9, 1, 8], 3) == [1, 4]
    assert winnow([2, 2, 2], 2) == [1, 2]  # the rightmost of equals
    assert winnow([7, 6], 5) == [1]  # a short field is one window


def test_a_new_storys_placeholder_paragraph_is_never_evidence() -> None:
    new = NewStory(
        title="Tea at four",
        summary="A short summary.",
        storyteller_name="Sam",
        storyteller_role="patient",
        themes=("kindness",),
        framework_level="civil-discourse",
        published=dt.date(2026, 1, 2),
    )
    body = render_new_story(new).split("\n---\n", 1)[1]
    assert "Replace this paragraph" in body
    evidence = story_evidence("tea-at-four", new.title, new.summary, body)
    assert [s.evidence for s in evidence.sequences] == []  # a 3-word title stands alone


def test_story_text_around_the_placeholder_is_still_evidence() -> None:
    own = " ".join(_prose(30, seed=3))
    evidence = story_evidence("s", None, None, f"{own}\n\n{PLACEHOLDER_PARAGRAPH}\n")
    assert [s.words for s in evidence.sequences] == [tuple(own.split())]
    # A placeholder sentence between the story's own words cuts them, and is left out.
    sentence = PLACEHOLDER_PARAGRAPH.split(". ")[1]
    evidence = story_evidence("s", None, None, f"{own} {sentence}. {own}\n")
    assert [s.words for s in evidence.sequences] == [tuple(own.split())]


def test_titles_are_compared_folded_and_without_quotes() -> None:
    curly = story_evidence("s", "\u201cMother\u2019s HANDS\u201d", None, "")
    straight = story_evidence("s", '"mother\'s hands"', None, "")
    assert curly.title_words == straight.title_words == ("mothers", "hands")


def test_the_media_of_a_story_folder_are_its_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "stories" / "the-garden"
    (folder / "audio").mkdir(parents=True)
    (folder / "index.md").write_text("---\n---\nText.\n", encoding="utf-8")
    (folder / "Garden.JPG").write_bytes(b"\xff\xd8\xffphoto")
    (folder / "audio" / "interview.mp3").write_bytes(b"ID3sound")
    evidence = story_evidence("the-garden", "The garden", None, "", folder)
    assert evidence.media == {
        "garden.jpg",
        hashlib.sha256(b"\xff\xd8\xffphoto").hexdigest(),
        "interview.mp3",
        hashlib.sha256(b"ID3sound").hexdigest(),
    }
    assert story_evidence("x", "X", None, "").media == set()


def test_evidence_is_plain_data() -> None:
    body = " ".join(_prose(60, seed=1)) + "\n\n![A photo of the ward at night](p.jpg)\n"
    evidence = story_evidence("a-b", "A title of five words", "A summary of the story.", body)
    assert pickle.loads(pickle.dumps(evidence)) == evidence
    # The same source gives the same evidence in any process (no salted hash()).
    assert (
        evidence.fingerprints
        == story_evidence(
            "a-b", "A title of five words", "A summary of the story.", body
        ).fingerprints
    )
