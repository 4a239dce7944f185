"""An anthology with known answers, for the search relevance test (test_search_relevance.py).

Twenty-one published stories whose words do not give their themes away: the story tagged
Dignity is about a gown that would not close, the one tagged Kindness about a tea trolley. A
theme's, content note's or storyteller role's label should still find every story that
carries it, before stories that only mention the word. Some stories mention a theme's word
without carrying the theme (distractors), and two hand-written pages use every label, rare
word and title many times: they must never come above a story.

Each story also holds a word no other story holds (``WORD_QUERIES``), sometimes in another
form than the one searched ("reassurance" for "reassured"), and has a title that finds it
(``TITLE_QUERIES``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .site_factory import write_project, write_story, write_vocabulary

THEMES = {
    "dignity": ("Dignity", "Being treated as a whole person."),
    "kindness": ("Kindness", "Small acts of care that mattered."),
    "waiting": ("Waiting", "The hours and days of waiting."),
    "trust": ("Trust", "How trust is built and lost."),
    "hope": ("Hope", "What keeps people going."),
    "being-heard": ("Being heard", "Being listened to and believed."),
    "privacy": ("Privacy", "Keeping personal matters personal."),
}
CONTENT_NOTES = {
    "death": ("Death and dying", "The story describes a death."),
    "self-harm": ("Self-harm", "The story mentions self-harm."),
    "medical-error": ("Medical error", "The story describes a mistake in care."),
}
#: Storyteller roles and the label readers see for them (the "Told by" filter).
ROLE_LABELS = {
    "patient": "Patients",
    "carer": "Carers",
    "family-member": "Family members",
    "professional": "Professionals",
}


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    role: str
    themes: tuple[str, ...]
    body: str
    content_notes: tuple[str, ...] = ()


STORIES = (
    Story(
        "blue-gown",
        "The blue gown",
        "patient",
        ("dignity", "privacy"),
        "The gown tied at the back, and the ties had come off in the wash. The curtain around "
        "my bed did not meet in the middle either, so I sat very still and held the gap shut "
        "with one hand. A nurse came in, looked once, and went away. She came back with a "
        "second gown and showed me how to wear it back to front, like a coat over the first "
        "one. Then she found two clothes pegs for the curtain.",
    ),
    Story(
        "tea-at-four",
        "Tea at four o'clock",
        "carer",
        ("kindness", "waiting"),
        "Every afternoon a volunteer pushed a trolley down the ward with a big steel pot. By "
        "the third day she knew my mother took two sugars and that I took none, and she left "
        "a biscuit on the saucer without asking. It is a small thing to remember about a "
        "fortnight like that one. I remember it better than the scans.",
    ),
    Story(
        "parking-meter",
        "The parking meter",
        "family-member",
        ("waiting", "hope"),
        "The machine in the car park took coins only, and the shop in the entrance gave change "
        "only if you bought something. I bought a lot of chocolate that winter. Every two "
        "hours I walked down, fed the machine, and walked back up, and every time I told "
        "myself this was the last time I would need to.",
    ),
    Story(
        "night-porter",
        "The porter who whistled",
        "professional",
        ("kindness", "dignity"),
        "I push beds between wards at night. Most people are asleep or frightened, and the "
        "corridors are long. I whistled old songs, quietly, so that they knew someone was "
        "there. I always pulled the blanket down over their feet before we went past the "
        "main doors, where people come and go.",
    ),
    Story(
        "signed-twice",
        "Signed twice",
        "patient",
        ("trust",),
        "The form had my name on it twice, and the arrow in black pen was drawn on my left "
        "knee. It was my right knee that hurt. A student noticed it while I was lying there "
        "in the bay and said so, quietly, to the surgeon. Everyone stopped. They drew the "
        "arrow again on the other leg and we started from the beginning.",
        ("medical-error",),
    ),
    Story(
        "last-crossword",
        "The last crossword",
        "family-member",
        ("hope",),
        "My father did the crossword in the newspaper every morning, in ink. On the ward he "
        "could not hold the pen, so he read me the clues and I wrote the answers. There was "
        "one clue left on the morning he went. I finished it a week later at his kitchen "
        "table, and I got it wrong.",
        ("death",),
    ),
    Story(
        "paper-cranes",
        "Paper cranes",
        "patient",
        ("hope", "being-heard"),
        "I was fifteen and on the children's ward for a month. The play worker taught me to "
        "make birds from squares of paper. I folded one for every day, and the doctors asked "
        "what each colour meant before they asked anything else, and then they asked about "
        "the rest of it, and wrote down what I said.",
    ),
    Story(
        "speaker-on-the-table",
        "The telephone in the middle of the table",
        "family-member",
        ("being-heard", "trust"),
        "My grandmother speaks Tigrinya and almost no English. The consultant put the "
        "speakerphone in the middle of the table so that the interpreter could be with us, "
        "and he looked at her, not at me, every time he spoke. For the first time since she "
        "came here, she asked the questions herself.",
    ),
    Story(
        "room-seven",
        "Room seven",
        "professional",
        ("privacy", "dignity"),
        "Room seven is the side room at the end of the corridor. When someone has hours left "
        "we put a small card with a butterfly on the door, so that nobody knocks and walks "
        "in. The family can stay all night. We bring them blankets and a folding bed.",
        ("death",),
    ),
    Story(
        "stuck-between-floors",
        "Stuck between floors",
        "patient",
        ("waiting",),
        "The lift stopped between the second and third floors with me lying on a trolley "
        "inside it. The engineer was forty minutes away. The nurse with me counted the "
        "ceiling tiles out loud, then made me count them in French, which I had not spoken "
        "since school.",
    ),
    Story(
        "mothers-hands",
        "My mother's hands",
        "family-member",
        ("kindness", "dignity"),
        "My mother was always proud of her hands. When she could no longer look after them, "
        "the healthcare assistant filed her nails every Friday and rubbed in a little "
        "lavender cream, and put her rings back on in the right order.",
    ),
    Story(
        "wrong-name",
        "A letter in the wrong name",
        "carer",
        ("trust",),
        "The discharge letter had my neighbour's date of birth on it, and a list of tablets "
        "that were not his. I look in on him every day and I know his tablets. The "
        "pharmacist at the chemist on the corner saw it at once and rang the ward while I "
        "waited at the counter.",
        ("medical-error",),
    ),
    Story(
        "where-we-sat",
        "Where we sat",
        "family-member",
        ("being-heard",),
        "After they admitted my son, a doctor came to the little room and sat on the floor "
        "with us, among the cushions, because there were only two chairs. She asked him what "
        "helped, and she waited for his answer, and she wrote it down in his words.",
        ("self-harm",),
    ),
    Story(
        "sunday-visits",
        "Sunday visits",
        "patient",
        ("hope", "waiting"),
        "On Sundays my granddaughter brought drawings and we taped them to the window with "
        "plasters from the nurses' station, a horse, a house, a very green sun. By the time I "
        "went home there was no glass left to see through.",
    ),
    Story(
        "at-the-door",
        "What she said at the door",
        "patient",
        ("trust",),
        "I was frightened of the anaesthetic, more than of the operation. The anaesthetist "
        "stopped at the door on her way out and told me exactly what would happen and who "
        "would be there when I woke. I was reassured, and I slept the night before, which I "
        "had not expected.",
    ),
    Story(
        "kind-of-day",
        "The kind of day it was",
        "professional",
        ("hope",),
        "It was the kind of day when there was no time for kindness, or so we told each "
        "other. Twelve admissions before noon. Kindness was what we said we would get back "
        "to. Then a man in bay four gave me half of his orange, and I sat down for the first "
        "time since seven.",
    ),
    Story(
        "forms",
        "Forms and more forms",
        "carer",
        ("privacy",),
        "The form asked about dignity in a box the size of a stamp. It asked about hope on "
        "the next page. I filled in all nine pages for my brother at a desk in the corridor, "
        "where everybody could read over my shoulder, and I wrote his address in capitals.",
    ),
    Story(
        "hope-street",
        "The bus to Hope Street",
        "patient",
        ("waiting",),
        "The clinic is on Hope Street, two buses from home. The timetable on the shelter had "
        "been torn down, so I learned the buses by heart: the number nine at ten past, the "
        "number forty at twenty to. I knew the driver's names by the end.",
    ),
    Story(
        "handover-at-seven",
        "Handover at seven",
        "professional",
        ("being-heard", "trust"),
        "We moved the morning handover to the bedside, so that patients could listen and "
        "correct us. The first week, a woman in bed two told us we had her allergy wrong. "
        "Nobody argued about the new way after that.",
    ),
    Story(
        "night-of-the-storm",
        "The night of the storm",
        "family-member",
        ("kindness",),
        "The power went off at midnight and the generator took a minute to start. A nurse who "
        "should have gone home at nine stayed with my grandfather and with us, and lit no "
        "candles because of the oxygen, and held his hand in the dark instead.",
        ("death",),
    ),
    Story(
        "long-sleeves",
        "Long sleeves in July",
        "patient",
        ("hope",),
        "I wore long sleeves all summer. The nurse who changed the dressings on my arms never "
        "stared and never sighed. She asked about the book I was reading, and the next week "
        "she asked how it ended.",
        ("self-harm",),
    ),
)

#: A word only one story holds (or another form of it), and that story.
WORD_QUERIES = {
    "curtain": "blue-gown",
    "biscuit": "tea-at-four",
    "coins": "parking-meter",
    "whistling": "night-porter",  # the story says "whistled"
    "arrow": "signed-twice",
    "crossword": "last-crossword",
    "folding paper": "paper-cranes",  # "folded", "paper"
    "speakerphone": "speaker-on-the-table",
    "engineer": "stuck-between-floors",
    "lavender": "mothers-hands",
    "pharmacist": "wrong-name",
    "cushions": "where-we-sat",
    "drawings": "sunday-visits",
    "reassurance": "at-the-door",  # the story says "reassured"
    "orange": "kind-of-day",
    "capitals": "forms",
    "timetable": "hope-street",
    "bedside handover": "handover-at-seven",
    "generator": "night-of-the-storm",
    "dressings": "long-sleeves",
}

#: A story's title, or most of it, as readers type it.
TITLE_QUERIES = {
    "the blue gown": "blue-gown",
    "tea at four": "tea-at-four",
    "the parking meter": "parking-meter",
    "the porter who whistled": "night-porter",
    "the last crossword": "last-crossword",
    "paper cranes": "paper-cranes",
    "room seven": "room-seven",
    "stuck between floors": "stuck-between-floors",
    "my mother's hands": "mothers-hands",
    "a letter in the wrong name": "wrong-name",
    "where we sat": "where-we-sat",
    "sunday visits": "sunday-visits",
    "handover at seven": "handover-at-seven",
    "the night of the storm": "night-of-the-storm",
    "long sleeves": "long-sleeves",
}

#: Hand-written pages that use every label, word and title: never above a story.
_EVERYTHING = " ".join(
    [label for label, _ in THEMES.values()]
    + [label for label, _ in CONTENT_NOTES.values()]
    + list(ROLE_LABELS.values())
    + list(WORD_QUERIES)
    + list(TITLE_QUERIES)
)
DOCS = {
    "editors-guide.md": (
        "# Guide for editors\n\n"
        + "\n\n".join(f"Tag stories with care: {_EVERYTHING}." for _ in range(6))
        + "\n"
    ),
    "about.md": f"# About these stories\n\nWe collect stories. {_EVERYTHING}.\n",
}
PAGE_URLS = {"/editors-guide/", "/about/"}


def label_queries() -> dict[str, set[str]]:
    """Every theme, content note and role label, lower-cased as typed, with its stories."""
    queries: dict[str, set[str]] = {}
    for key, (label, _) in THEMES.items():
        queries[label.lower()] = {s.slug for s in STORIES if key in s.themes}
    for key, (label, _) in CONTENT_NOTES.items():
        queries[label.lower()] = {s.slug for s in STORIES if key in s.content_notes}
    for key, label in ROLE_LABELS.items():
        queries[label.lower()] = {s.slug for s in STORIES if s.role == key}
    return queries


def words_giving_away(story: Story) -> list[str]:
    """Words of a story's title or text that start like a word of one of its own labels
    (``kind`` for Kindness, ``care`` for Carers): the fixture must have none."""
    labels = [THEMES[key][0] for key in story.themes]
    labels += [CONTENT_NOTES[key][0] for key in story.content_notes]
    labels.append(ROLE_LABELS[story.role])
    starts = {word[:4].lower() for label in labels for word in re.split(r"\W+", label)}
    starts = {start for start in starts if len(start) == 4}
    words = re.findall(r"\w+", f"{story.title} {story.body}".lower())
    return sorted({word for word in words if word[:4] in starts})


def write_relevance_anthology(root: Path) -> Path:
    """The stories and pages above in ``root``; return mkdocs.yml's path."""
    stories = root / "stories"
    write_vocabulary(stories, themes=THEMES, content_notes=CONTENT_NOTES)
    for number, story in enumerate(STORIES):
        write_story(
            stories,
            story.slug,
            title=story.title,
            summary="One person's account, in their own words.",
            body=story.body + "\n",
            name=f"Teller {number}",
            role=story.role,
            themes=story.themes,
            content_notes=story.content_notes,
        )
    return write_project(root, docs=DOCS)
