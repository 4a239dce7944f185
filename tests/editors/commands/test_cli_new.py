"""``kairos new``: prompts, options, slug collisions, never overwriting, and a file that passes.

Each story written here is loaded back with the core, as ``kairos check`` and the site do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kairos.core.anthology import load_anthology
from kairos.core.publishing import HoldReason
from kairos.editors.commands.cli import main
from kairos.editors.project.story_template import NewStory, render_new_story

from ...story_cases import stories_folder

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
