"""Seeded synthetic stories in the story format, for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

THEMES = [
    "kindness",
    "being-heard",
    "dignity",
    "trust",
    "waiting",
    "family-involvement",
    "end-of-life",
    "communication",
    "shared-decisions",
    "continuity-of-care",
    "pain-and-comfort",
    "privacy",
    "hope",
    "safety",
    "discharge-and-transitions",
    "language-and-culture",
]
NOTES = ["death", "resuscitation", "bereavement", "medical-error"]
ROLES = ["patient", "family-member", "carer", "professional", "other"]
LEVELS = ["civil-discourse", "co-planning", "co-execution"]
WORDS = [
    "the",
    "nurse",
    "sat",
    "with",
    "my",
    "mother",
    "and",
    "asked",
    "what",
    "she",
    "needed",
    "we",
    "waited",
    "on",
    "the",
    "ward",
    "for",
    "news",
    "and",
    "the",
    "doctor",
    "listened",
    "to",
    "every",
    "question",
    "before",
    "the",
    "night",
    "came",
    "a",
    "porter",
    "brought",
    "tea",
    "my",
    "father",
    "held",
    "her",
    "hand",
    "while",
    "the",
    "monitors",
    "counted",
    "the",
    "minutes",
    "kindness",
    "mattered",
    "most",
]
STATUSES = ["granted"] * 8 + ["pending", "withdrawn"]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def story_text(index: int, rng: random.Random) -> str:
    status = rng.choice(STATUSES)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
    consent_date = published - dt.timedelta(days=rng.randrange(1, 60))
    themes = rng.sample(THEMES, rng.randint(1, 4))
    lines = [
        "---",
        f'title: "Synthetic story {index}: {" ".join(rng.choice(WORDS) for _ in range(4))}"',
        f"summary: {paragraph(rng, 25)}",
        "storyteller:",
        f"  name: Teller {index}",
        f"  role: {rng.choice(ROLES)}",
        f"published: {published.isoformat()}",
        f"themes: [{', '.join(themes)}]",
        f"framework_level: {rng.choice(LEVELS)}",
        f"content_notes: [{rng.choice(NOTES)}]",
        "reflection:",
        "  - How might we listen better?",
        "fictional: true",
        "consent:",
        f"  status: {status}",
        f"  record: SYN-{index:05d}",
        "  given_by: storyteller",
    ]
    if status == "granted":
        lines += [
            f"  date: {consent_date.isoformat()}",
            f"  review_by: {(published + dt.timedelta(days=rng.randrange(300, 1500))).isoformat()}",
            "  scope: [website, search-engines, feed]",
            "  final_text_approved: true",
        ]
    if status == "withdrawn":
        lines.append(f"  withdrawn_on: {published.isoformat()}")
    lines.append("---")
    if status != "withdrawn":
        lines += [paragraph(rng, rng.randint(60, 140)) + "\n" for _ in range(rng.randint(3, 8))]
    return "\n".join(lines) + "\n"


def write_anthology(folder: Path, count: int, seed: int = 2016) -> Path:
    """``count`` stories and a vocabulary in ``folder``; the same seed gives the same files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = ["themes:"]
    vocabulary += [f"  {key}:\n    label: {key.replace('-', ' ').capitalize()}" for key in THEMES]
    vocabulary += ["content_notes:"]
    vocabulary += [f"  {key}:\n    label: {key.replace('-', ' ').capitalize()}" for key in NOTES]
    (folder / "vocabulary.yml").write_text("\n".join(vocabulary) + "\n")
    for index in range(count):
        (folder / f"synthetic-story-{index:05d}.md").write_text(story_text(index, rng))
    return folder
