"""The pure part of ``kairos new``: slugs, answers checked one by one, and the file's text."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.anthology import load_anthology
from kairos.core.front_matter import read_yaml_mapping, split_front_matter
from kairos.core.publishing import HoldReason
from kairos.core.story_loader import unique_slug
from kairos.core.story_rules import PLACEHOLDER_RECORD
from kairos.core.vocabulary import Term, Vocabulary, load_vocabulary
from kairos.editors.project.story_template import (
    NewStory,
    NewStoryError,
    NewStoryForm,
    choose_keys,
    new_story_problems,
    render_new_story,
    slug_from_title,
)

from ...story_cases import FIXTURE_VOCABULARY, stories_folder

VOCABULARY, _ = load_vocabulary(FIXTURE_VOCABULARY.parent, "tests/fixtures")
FORM = NewStoryForm.for_folder(VOCABULARY, ["the-nurse", "a-withdrawn-story"])

STORY = NewStory(
    title="The nurse who sat down",
    summary="A daughter remembers the night her mother died, and the nurse who stayed.",
    storyteller_name="Ruth",
    storyteller_role="family-member",
    themes=("kindness", "end-of-life"),
    framework_level="civil-discourse",
    published=dt.date(2026, 1, 15),
    content_notes=("death",),
)

EXPECTED_TEXT = """\
---
# A new story. The editors' guide explains every field (editors/guide.md), and
# editors/fields.md lists them all.
title: "The nurse who sat down"
summary: "A daughter remembers the night her mother died, and the nurse who stayed."
storyteller:
  name: "Ruth"  # shown on the site exactly as written: the name they consented to
  role: family-member  # patient, family-member, carer, professional or other
published: 2026-01-15  # publication date; a story dated in the future waits until that day
themes: [kindness, end-of-life]  # 1 to 6 theme keys from stories/vocabulary.yml
framework_level: civil-discourse  # civil-discourse, co-planning or co-execution
content_notes: [death]  # keys from stories/vocabulary.yml, shown before the story
fictional: false  # true only for an illustrative story written for the anthology
consent:
  # A summary of the signed consent form. The form itself is kept OFFLINE by the editors,
  # never in this repository: no scan, no photo, no names or contact details here.
  status: pending  # pending: not published. granted: signed form filed. withdrawn: taken back
  record: TO-BE-FILLED  # the reference written on the signed form, e.g. KF-2026-045
  given_by: storyteller  # storyteller, or proxy (then add proxy_relationship, e.g. daughter)
  # When the signed form is filed, change status to granted and add these four fields:
  # date: YYYY-MM-DD  # when consent was given
  # review_by: YYYY-MM-DD  # when consent must be confirmed again; after it the story is hidden
  # scope: [website]  # where it may appear: website, search-engines, feed, teaching
  # final_text_approved: true  # only once the storyteller approved this exact text
---
Replace this paragraph with the story, in the storyteller's own words and exactly as they
approved it. Take out anything that could identify someone: names of other people, dates of
birth, hospital numbers, addresses and phone numbers. While consent is pending, the story is
not published.
"""


# Slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        # Plain words, punctuation and digits
        ("The nurse who sat down", "the-nurse-who-sat-down"),
        ("  Home -- before the weekend!  ", "home-before-the-weekend"),
        ("Ward 7, at 3 a.m.", "ward-7-at-3-a-m"),
        ("It's a girl", "it-s-a-girl"),
        # Accents fold to plain letters; other scripts leave nothing, so a fallback
        ("Café crème", "cafe-creme"),
        ("Łódź", "odz"),
        ("你好", "story"),
        ("???", "story"),
        # Long titles stop at a word boundary within the limit
        ("word " * 30, "-".join(["word"] * 12)),
        ("x" * 80, "x" * 60),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slug_from_title(title) == slug


@given(st.text(max_size=200))
def test_a_derived_slug_is_always_a_valid_file_name(title: str) -> None:
    slug = slug_from_title(title)
    assert slug
    assert len(slug) <= 60
    assert set(slug) <= set(string.ascii_lowercase + string.digits + "-")
    assert "--" not in slug
    assert not slug.startswith("-")
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    ("taken", "slug"),
    [
        ([], "the-nurse"),
        (["other"], "the-nurse"),
        (["the-nurse"], "the-nurse-2"),
        (["the-nurse", "the-nurse-2"], "the-nurse-3"),
        (["the-nurse", "the-nurse-3"], "the-nurse-2"),
        # Case is ignored, as some file systems ignore it
        (["The-Nurse"], "the-nurse-2"),
    ],
)
def test_unique_slug_numbers_a_taken_slug(taken: list[str], slug: str) -> None:
    assert unique_slug("the-nurse", taken) == slug


def test_a_withdrawn_storys_slug_is_never_reused() -> None:
    assert FORM.slug_for("A withdrawn story") == "a-withdrawn-story-2"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("The_Nurse", "found 'The_Nurse'; a slug is lowercase letters, digits and single "
         "hyphens, e.g. 'the-nurse-2'"),
        ("a--b", "found 'a--b'; a slug is lowercase letters, digits and single hyphens, "
         "e.g. 'a-b'"),
        ("the-nurse", "'the-nurse' is already used by a story and is never reused; choose "
         "another, e.g. 'the-nurse-2'"),
        # A capitalised copy of a taken slug is never told to become that story's name.
        ("The-Nurse", "found 'The-Nurse'; a slug is lowercase letters, digits and single "
         "hyphens, e.g. 'the-nurse-2'"),
    ],
)  # fmt: skip
def test_a_chosen_slug_must_be_valid_and_free(answer: str, message: str) -> None:
    with pytest.raises(NewStoryError) as error:
        FORM.slug(answer)
    assert str(error.value) == message


# Choosing from numbered lists

THEMES = FORM.choices["themes"]


@pytest.mark.parametrize(
    ("answers", "keys"),
    [
        (["1"], ("kindness",)),
        (["1, 3"], ("kindness", "dignity")),
        (["trust,kindness"], ("trust", "kindness")),
        (["Being heard"], ("being-heard",)),
        (["being HEARD"], ("being-heard",)),
        (["2", "trust"], ("being-heard", "trust")),
        (["1, kindness, Kindness"], ("kindness",)),
        ([" 4 ,, "], ("trust",)),
        # Spaces separate numbers and keys too; a label keeps its own spaces.
        (["1 3"], ("kindness", "dignity")),
        (["1  trust, 2"], ("kindness", "trust", "being-heard")),
        (["end-of-life hope"], ("end-of-life", "hope")),
    ],
)
def test_choose_keys_accepts_numbers_keys_and_labels(
    answers: list[str], keys: tuple[str, ...]
) -> None:
    assert choose_keys(answers, THEMES, "theme") == keys


@pytest.mark.parametrize(
    ("answers", "limits", "message"),
    [
        (["kindnes"], {}, "'kindnes' is not a known theme; did you mean 'kindness'?"),
        (
            ["zebra"],
            {},
            "'zebra' is not a known theme (known themes: kindness, being-heard, dignity, "
            "trust, waiting, hope, end-of-life)",
        ),
        (
            ["1 zebra"],
            {},
            "'1 zebra' is not a known theme (known themes: kindness, being-heard, dignity, "
            "trust, waiting, hope, end-of-life); separate choices with commas, e.g. 1, 3",
        ),
        (["0"], {}, "found 0; choose a number from 1 to 7 on the list"),
        (["8"], {}, "found 8; choose a number from 1 to 7 on the list"),
        ([""], {"at_least": 1}, "found no theme; choose at least 1"),
        (["1,2,3"], {"at_most": 2}, "found 3 themes; choose at most 2"),
        (["1,2"], {"at_most": 1}, "found 2 themes; choose one"),
        # One choice only: no advice to separate choices.
        (
            ["1 zebra"],
            {"at_most": 1},
            "'1 zebra' is not a known theme (known themes: kindness, being-heard, dignity, "
            "trust, waiting, hope, end-of-life)",
        ),
    ],
)
def test_choose_keys_says_what_to_change(
    answers: list[str], limits: dict[str, int], message: str
) -> None:
    with pytest.raises(NewStoryError) as error:
        choose_keys(answers, THEMES, "theme", **limits)
    assert str(error.value) == message


def test_form_lists_levels_and_roles_in_the_model_order() -> None:
    assert list(FORM.choices["framework_level"]) == [
        "civil-discourse",
        "co-planning",
        "co-execution",
    ]
    assert list(FORM.choices["storyteller_role"]) == [
        "patient",
        "family-member",
        "carer",
        "professional",
        "other",
    ]
    assert FORM.framework_level("2") == "co-planning"
    assert FORM.storyteller_role("Family members") == "family-member"
    assert FORM.themes(["1", "2,3"]) == ("kindness", "being-heard", "dignity")
    assert FORM.themes("1,2") == ("kindness", "being-heard")
    assert FORM.content_notes("") == ()


def test_at_most_six_themes() -> None:
    with pytest.raises(NewStoryError, match="found 7 themes; choose at most 6"):
        FORM.themes("1,2,3,4,5,6,7")


# Text answers


@pytest.mark.parametrize(
    ("field", "answer", "message"),
    [
        ("title", "   ", "found nothing; write some text"),
        ("title", "x" * 121, "found 121 characters; at most 120 are allowed, shorten it"),
        ("summary", "x" * 301, "found 301 characters; at most 300 are allowed, shorten it"),
        ("storyteller_name", "x" * 61, "found 61 characters; at most 60 are allowed, shorten it"),
        (
            "title",
            "two\nlines",
            "found a control character or a character that is not text; write plain text "
            "on one line",
        ),
        (
            "storyteller_name",
            "bad\udcffbyte",
            "found a control character or a character that is not text; write plain text "
            "on one line",
        ),
    ],
)
def test_text_answers_are_checked(field: str, answer: str, message: str) -> None:
    with pytest.raises(NewStoryError) as error:
        getattr(FORM, field)(answer)
    assert str(error.value) == message


def test_text_answers_are_trimmed_and_may_use_the_full_length() -> None:
    assert FORM.title("  " + "x" * 120 + " ") == "x" * 120


@pytest.mark.parametrize("record", [PLACEHOLDER_RECORD, "KF-2026-045", "box3/form.12_a"])
def test_record_references_that_match_the_pattern(record: str) -> None:
    assert FORM.record(record) == record


@pytest.mark.parametrize("record", ["", "Jane Doe", "-KF", "x" * 41, "jane@example.org"])
def test_record_references_that_do_not(record: str) -> None:
    with pytest.raises(NewStoryError, match="never a name"):
        FORM.record(record)


# The file


def test_render_new_story_exact_text() -> None:
    assert render_new_story(STORY) == EXPECTED_TEXT


def test_the_new_file_passes_check_and_is_held_back_as_pending(tmp_path: Path) -> None:
    folder = stories_folder(tmp_path, {"the-nurse-who-sat-down.md": render_new_story(STORY)})
    anthology = load_anthology(folder, dt.date(2026, 6, 1), "stories")
    assert anthology.problems == []
    (judged,) = anthology.stories
    assert judged.loaded.is_valid
    assert judged.verdict.reasons == (HoldReason.PENDING,)
    assert judged.story is not None
    assert judged.story.consent.record == PLACEHOLDER_RECORD
    assert judged.story.content_notes == ["death"]


def test_new_story_problems_is_empty_for_a_good_file() -> None:
    assert new_story_problems(render_new_story(STORY), "x", "stories/x.md", VOCABULARY) == []


def test_new_story_problems_reports_what_check_would() -> None:
    vocabulary = Vocabulary({"hope": Term(label="Hope")}, {"grief": Term(label="Grief")})
    problems = new_story_problems(render_new_story(STORY), "x", "stories/x.md", vocabulary)
    assert [str(p) for p in problems] == [
        "stories/x.md:10: themes: 'kindness' is not a known theme; the known themes are "
        "listed in vocabulary.yml",
        "stories/x.md:10: themes: 'end-of-life' is not a known theme; the known themes are "
        "listed in vocabulary.yml",
        "stories/x.md:12: content_notes: 'death' is not a known content note; the known "
        "content notes are listed in vocabulary.yml",
    ]


def test_keys_yaml_would_misread_are_quoted(tmp_path: Path) -> None:
    story = NewStory(**{**STORY.__dict__, "themes": ("no", "1", "null", "kindness")})
    text = render_new_story(story)
    assert 'themes: ["no", "1", "null", kindness]' in text


# Any text a person can type reads back exactly as typed.
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60
).filter(str.strip)


@settings(max_examples=300, deadline=None)
@given(title=typed_text, summary=typed_text, name=typed_text)
def test_any_typed_text_reads_back_exactly(title: str, summary: str, name: str) -> None:
    story = NewStory(
        **{
            **STORY.__dict__,
            "title": FORM.title(title),
            "summary": FORM.summary(summary),
            "storyteller_name": FORM.storyteller_name(name),
        }
    )
    block, problems = split_front_matter(render_new_story(story), "x.md")
    assert block is not None
    assert problems == []
    document, problems = read_yaml_mapping(block.yaml_text, "x.md", block.yaml_first_line)
    assert document is not None
    assert problems == []
    assert document.data["title"] == story.title
    assert document.data["summary"] == story.summary
    assert document.data["storyteller"]["name"] == story.storyteller_name
