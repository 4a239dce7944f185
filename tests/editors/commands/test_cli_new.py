"""``kairos new``: prompts, options, slug collisions, never overwriting, and a file that passes;
then its parts: slugs, answers checked one by one, and the file's text.

Each story written here is loaded back with the core, as ``kairos check`` and the site do.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.anthology import load_anthology
from kairos.core.front_matter import read_yaml_mapping, split_front_matter
from kairos.core.publishing import HoldReason
from kairos.core.story_loader import unique_slug
from kairos.core.story_rules import PLACEHOLDER_RECORD
from kairos.core.vocabulary import Term, Vocabulary, load_vocabulary
from kairos.editors.commands.cli import main
from kairos.editors.commands.new_command import (
    NewStory,
    NewStoryError,
    NewStoryForm,
    choose_keys,
    new_story_problems,
    render_new_story,
    slug_from_title,
)

from ...story_cases import FIXTURE_VOCABULARY, stories_folder

OPTIONS = [
    "--title",
    "The nurse who sat down",
    "--summary",
    "A daughter remembers the night her mother died.",
    "--name",
    "Ruth",
    "--role",
    "family-member",
    "--theme",
    "kindness",
    "--theme",
    "end-of-life",
    "--level",
    "civil-discourse",
    "--published",
    "2026-01-15",
]

EXPECTED = NewStory(
    title="The nurse who sat down",
    summary="A daughter remembers the night her mother died.",
    storyteller_name="Ruth",
    storyteller_role="family-member",
    themes=("kindness", "end-of-life"),
    framework_level="civil-discourse",
    published=dt.date(2026, 1, 15),
)

CREATED_TAIL = (
    "Consent is pending, so the story is not published. Next:\n"
    "  1. Replace the placeholder paragraph with the story, as the storyteller approved it.\n"
    "  2. File the signed consent form offline (never in the repository). Then set\n"
    "     consent.record to its reference and consent.status to granted, and add\n"
    "     consent.date, consent.review_by, consent.scope and consent.final_text_approved.\n"
    "  3. Check it: kairos check stories/the-nurse-who-sat-down.md\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return stories_folder(tmp_path)


def new(*args: str, answers: str | None = None) -> Result:
    return CliRunner().invoke(main, ["new", *args], input=answers)


def assert_passes_check_as_pending(folder: Path, slug: str) -> None:
    anthology = load_anthology(folder, dt.date(2026, 6, 1), "stories")
    assert [str(p) for p in anthology.problems] == []
    (judged,) = [s for s in anthology.stories if s.slug == slug]
    assert judged.loaded.is_valid
    assert judged.verdict.reasons == (HoldReason.PENDING,)


# Options, for scripts


def test_every_required_option_given_writes_the_file_without_asking(folder: Path) -> None:
    result = new(*OPTIONS)
    assert result.exit_code == 0, result.output
    assert result.output == f"Created stories/the-nurse-who-sat-down.md\n{CREATED_TAIL}"
    written = (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8")
    assert written == render_new_story(EXPECTED)
    assert_passes_check_as_pending(folder, "the-nurse-who-sat-down")


def test_options_take_content_notes_slug_and_record(folder: Path) -> None:
    result = new(
        *OPTIONS,
        "--content-note",
        "death",
        "--content-note",
        "Resuscitation",
        "--slug",
        "sat-down",
        "--record",
        "KF-2026-045",
    )
    assert result.exit_code == 0, result.output
    expected = NewStory(
        **{
            **EXPECTED.__dict__,
            "content_notes": ("death", "resuscitation"),
            "record": "KF-2026-045",
        }
    )
    assert (folder / "sat-down.md").read_text(encoding="utf-8") == render_new_story(expected)
    assert_passes_check_as_pending(folder, "sat-down")


def test_published_defaults_to_today(folder: Path) -> None:
    options = OPTIONS[: OPTIONS.index("--published")]
    before = dt.datetime.now(tz=dt.UTC).date()
    assert new(*options).exit_code == 0
    after = dt.datetime.now(tz=dt.UTC).date()
    text = (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8")
    assert f"published: {before.isoformat()}" in text or f"published: {after.isoformat()}" in text


def test_a_different_stories_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anthology").mkdir()
    stories_folder(tmp_path / "anthology")
    result = new(*OPTIONS, "--stories-dir", "anthology/stories")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created anthology/stories/the-nurse-who-sat-down.md\n")
    assert result.output.endswith(
        "  3. Check it: kairos check anthology/stories/the-nurse-who-sat-down.md\n"
    )
    assert (tmp_path / "anthology" / "stories" / "the-nurse-who-sat-down.md").is_file()


# Mistakes in options: every one reported, nothing written


def test_an_unknown_theme_gets_a_did_you_mean(folder: Path) -> None:
    options = [*OPTIONS]
    options[options.index("kindness")] = "kindnes"
    result = new(*options)
    assert result.exit_code == 2
    assert result.output == (
        "kairos new: --theme: 'kindnes' is not a known theme; did you mean 'kindness'?\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["vocabulary.yml"]


def test_every_bad_option_is_reported_at_once(folder: Path) -> None:
    result = new(
        "--title",
        "",
        "--summary",
        "x" * 301,
        "--name",
        "Ruth",
        "--role",
        "famly",
        "--theme",
        "1,2,3,4,5,6,7",
        "--level",
        "co-planing",
        "--content-note",
        "grief",
        "--slug",
        "The_Nurse",
        "--record",
        "Ruth Smith",
    )
    assert result.exit_code == 2
    assert result.output == (
        "kairos new: --title: found nothing; write some text\n"
        "kairos new: --summary: found 301 characters; at most 300 are allowed, shorten it\n"
        "kairos new: --role: 'famly' is not a known role; did you mean 'family-member'?\n"
        "kairos new: --theme: found 7 themes; choose at most 6\n"
        "kairos new: --level: 'co-planing' is not a known level; did you mean 'co-planning'?\n"
        "kairos new: --content-note: 'grief' is not a known content note (known content "
        "notes: death, resuscitation)\n"
        "kairos new: --slug: found 'The_Nurse'; a slug is lowercase letters, digits and single "
        "hyphens, e.g. 'the-nurse'\n"
        "kairos new: --record: found 'Ruth Smith'; a record reference is up to 40 letters, "
        "digits, '.', '_', '/' or '-', starting with a letter or digit, e.g. KF-2026-045 "
        "(never a name)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["vocabulary.yml"]


def test_a_bad_date_is_a_usage_error(folder: Path) -> None:
    options = [*OPTIONS]
    options[options.index("2026-01-15")] = "15/01/2026"
    result = new(*options)
    assert result.exit_code == 2
    assert "Invalid value for '--published': found '15/01/2026'; expected a real date" in (
        result.output
    )


# Slugs: derived, numbered when taken, never overwritten


def test_a_taken_slug_is_numbered(folder: Path) -> None:
    assert new(*OPTIONS).exit_code == 0
    second = new(*OPTIONS)
    third = new(*OPTIONS)
    assert second.output.startswith("Created stories/the-nurse-who-sat-down-2.md\n")
    assert third.output.startswith("Created stories/the-nurse-who-sat-down-3.md\n")
    anthology = load_anthology(folder, dt.date(2026, 6, 1), "stories")
    assert sorted(s.slug for s in anthology.stories) == [
        "the-nurse-who-sat-down",
        "the-nurse-who-sat-down-2",
        "the-nurse-who-sat-down-3",
    ]
    assert anthology.problems == []


def test_a_withdrawn_tombstone_keeps_its_slug(folder: Path) -> None:
    (folder / "the-nurse-who-sat-down.md").write_text("tombstone", encoding="utf-8")
    result = new(*OPTIONS)
    assert result.output.startswith("Created stories/the-nurse-who-sat-down-2.md\n")
    assert (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8") == "tombstone"


def test_a_chosen_slug_that_is_taken_is_refused_and_nothing_overwritten(folder: Path) -> None:
    (folder / "sat-down.md").write_text("the original", encoding="utf-8")
    result = new(*OPTIONS, "--slug", "sat-down")
    assert result.exit_code == 2
    assert result.output == (
        "kairos new: --slug: 'sat-down' is already used by a story and is never reused; "
        "choose another, e.g. 'sat-down-2'\n"
    )
    assert (folder / "sat-down.md").read_text(encoding="utf-8") == "the original"


def test_a_file_that_appears_meanwhile_is_never_overwritten(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another editor's file created between the check and the write still wins."""
    import kairos.editors.commands.new_command

    def render_and_race(story: NewStory) -> str:
        (folder / "the-nurse-who-sat-down.md").write_text("theirs", encoding="utf-8")
        return render_new_story(story)

    monkeypatch.setattr(kairos.editors.commands.new_command, "render_new_story", render_and_race)
    result = new(*OPTIONS)
    assert result.exit_code == 1
    assert result.output == (
        "kairos new: stories/the-nurse-who-sat-down.md already exists and is never "
        "overwritten; give another --slug\n"
    )
    assert (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8") == "theirs"


# Prompts, for people

PROMPTED = """\
Title of the story: The nurse who sat down
Summary: one or two sentences for story cards and search results: A daughter remembers the night her mother died.
Storyteller's name, exactly as they consented (a pseudonym or a first name): Ruth
Who is telling the story?
   1. Patients (patient): Stories told by people about their own care.
   2. Family members (family-member): Stories told by the families of people receiving care.
   3. Carers (carer): Stories told by people who look after someone, paid or unpaid, outside the healthcare team.
   4. Professionals (professional): Stories told by people who work in healthcare: nurses, doctors, porters, therapists and many others.
   5. Other storytellers (other): Stories told from other points of view.
Role (number or key): 2
Themes: choose 1 to 6
   1. Kindness (kindness): Small acts of care that mattered.
   2. Being heard (being-heard)
   3. Dignity (dignity)
   4. Trust (trust)
   5. Waiting (waiting)
   6. Hope (hope)
   7. End of life (end-of-life)
Themes (numbers or keys, separated by commas or spaces): kindnes, 7
Error: 'kindnes' is not a known theme; did you mean 'kindness'?
Themes (numbers or keys, separated by commas or spaces): kindness, 7
Framework level: how far the partnership goes in this story (after Batalden et al. 2016)
   1. Civil discourse (civil-discourse): Respectful, honest conversation: the base everything else rests on.
   2. Co-planning (co-planning): Deciding together what should happen next.
   3. Co-execution (co-execution): Carrying out care together, each doing their part.
Level (number or key): 4
Error: found 4; choose a number from 1 to 3 on the list
Level (number or key): 1
Content notes, shown to readers before the story
   1. Death and dying (death)
   2. Resuscitation (resuscitation)
Content notes (numbers or keys, separated by commas or spaces; press Enter for none): 1
Created stories/the-nurse-who-sat-down.md
"""  # noqa: E501


def test_prompts_show_numbered_lists_and_ask_again_after_a_mistake(folder: Path) -> None:
    answers = [
        "The nurse who sat down",
        "A daughter remembers the night her mother died.",
        "Ruth",
        "2",
        "kindnes, 7",
        "kindness, 7",
        "4",
        "1",
        "1",
    ]
    result = new("--published", "2026-01-15", answers="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output == PROMPTED + CREATED_TAIL
    expected = NewStory(**{**EXPECTED.__dict__, "content_notes": ("death",)})
    written = (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8")
    assert written == render_new_story(expected)
    assert_passes_check_as_pending(folder, "the-nurse-who-sat-down")


def test_prompts_ask_only_for_what_the_options_do_not_give(folder: Path) -> None:
    options = [o for o in OPTIONS if o not in {"--summary", EXPECTED.summary}]
    answers = "\n  \nA daughter remembers the night her mother died.\n\n"
    result = new(*options, answers=answers)
    assert result.exit_code == 0, result.output
    # An empty answer is asked again silently (click's prompt), spaces with a message.
    assert result.output.startswith(
        "Summary: one or two sentences for story cards and search results: \n"
        "Summary: one or two sentences for story cards and search results:   \n"
        "Error: found nothing; write some text\n"
        "Summary: one or two sentences for story cards and search results: "
        "A daughter remembers the night her mother died.\n"
        "Content notes, shown to readers before the story\n"
    )
    written = (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8")
    assert written == render_new_story(EXPECTED)


def test_themes_typed_with_spaces_are_accepted(folder: Path) -> None:
    options = [o for o in OPTIONS if o not in {"--theme", "kindness", "end-of-life"}]
    result = new(*options, answers="1 7\n\n")
    assert result.exit_code == 0, result.output
    assert "Themes (numbers or keys, separated by commas or spaces): 1 7\n" in result.output
    written = (folder / "the-nurse-who-sat-down.md").read_text(encoding="utf-8")
    assert written == render_new_story(EXPECTED)


def test_an_identifier_in_an_answer_names_the_answer_not_a_file(folder: Path) -> None:
    options = [*OPTIONS]
    options[options.index("--summary") + 1] = "Ring Ruth on 07700 900123 to hear more."
    result = new(*options)
    assert result.exit_code == 1
    assert result.output == (
        "kairos new: --summary: looks like a phone number ('07700 900123'); remove it or mark "
        "it reviewed\n"
        "kairos new: the story would not pass kairos check, so no file was written\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["vocabulary.yml"]


def test_no_answer_at_all_aborts_and_writes_nothing(folder: Path) -> None:
    result = new(answers="")
    assert result.exit_code == 1
    assert "Aborted!\n" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["vocabulary.yml"]


# Could not run


def test_no_stories_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = new(*OPTIONS)
    assert result.exit_code == 2
    assert result.output == (
        "kairos new: stories: no such folder; run kairos new in the anthology's top folder "
        "or give --stories-dir\n"
    )


def test_a_broken_vocabulary_stops_it(folder: Path) -> None:
    (folder / "vocabulary.yml").write_text("themes: [kindness]\n", encoding="utf-8")
    result = new(*OPTIONS)
    assert result.exit_code == 1
    assert result.output.endswith(
        "kairos new: fix stories/vocabulary.yml first; no story was written\n"
    )
    assert result.output.startswith("stories/vocabulary.yml:1: themes: ")
    assert sorted(p.name for p in folder.iterdir()) == ["vocabulary.yml"]


def test_no_content_notes_question_when_the_vocabulary_has_none(folder: Path) -> None:
    (folder / "vocabulary.yml").write_text(
        "themes:\n  kindness:\n    label: Kindness\n", encoding="utf-8"
    )
    answers = "\n".join(["A title", "A summary.", "Ruth", "1", "1", "1"]) + "\n"
    result = new("--published", "2026-01-15", answers=answers)
    assert result.exit_code == 0, result.output
    assert "Content notes" not in result.output
    assert_passes_check_as_pending(folder, "a-title")


# The parts: the form, its checks and the file's text

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
        FORM.check("slug", answer)
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
    assert FORM.check("framework_level", "2") == "co-planning"
    assert FORM.check("storyteller_role", "Family members") == "family-member"
    assert FORM.check("themes", ["1", "2,3"]) == ("kindness", "being-heard", "dignity")
    assert FORM.check("themes", "1,2") == ("kindness", "being-heard")
    assert FORM.check("content_notes", "") == ()


def test_at_most_six_themes() -> None:
    with pytest.raises(NewStoryError, match="found 7 themes; choose at most 6"):
        FORM.check("themes", "1,2,3,4,5,6,7")


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
        FORM.check(field, answer)
    assert str(error.value) == message


def test_text_answers_are_trimmed_and_may_use_the_full_length() -> None:
    assert FORM.check("title", "  " + "x" * 120 + " ") == "x" * 120


@pytest.mark.parametrize("record", [PLACEHOLDER_RECORD, "KF-2026-045", "box3/form.12_a"])
def test_record_references_that_match_the_pattern(record: str) -> None:
    assert FORM.check("record", record) == record


@pytest.mark.parametrize("record", ["", "Jane Doe", "-KF", "x" * 41, "jane@example.org"])
def test_record_references_that_do_not(record: str) -> None:
    with pytest.raises(NewStoryError, match="never a name"):
        FORM.check("record", record)


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
    vocabulary = Vocabulary(
        themes={"hope": Term(label="Hope")}, content_notes={"grief": Term(label="Grief")}
    )
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
            "title": FORM.check("title", title),
            "summary": FORM.check("summary", summary),
            "storyteller_name": FORM.check("storyteller_name", name),
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
