"""The words readers see for levels of partnership, storyteller roles, dates and reading time.

Plain language on purpose: readers are patients, families and staff, often on a phone and
sometimes grieving, so each level and role is explained in a sentence or two without jargon.
The levels follow the co-production model of Batalden et al. (BMJ Qual Saf 2016): civil
discourse is the base that co-planning and then co-execution build on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from kairos.core.problems import plural
from kairos.core.story import FRAMEWORK_LEVELS, STORYTELLER_ROLES, FrameworkLevel, StorytellerRole


@dataclass(frozen=True)
class LevelText:
    """One level of partnership: its number (1 is the base), name and plain explanation."""

    key: FrameworkLevel
    number: int
    label: str
    short: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class RoleText:
    """One storyteller role: singular and plural names and who tells these stories."""

    key: StorytellerRole
    singular: str
    plural: str
    explanation: str


LEVELS: dict[FrameworkLevel, LevelText] = {
    "civil-discourse": LevelText(
        "civil-discourse",
        1,
        "Civil discourse",
        "Respectful, honest conversation: the base everything else rests on.",
        (
            "Civil discourse is the base of the partnership. It means respectful, honest "
            "conversation: people introduce themselves, use your name, listen, and explain "
            "things in words you understand.",
            "Stories at this level are about being treated as a person: being listened to, "
            "believed and spoken to kindly, or what it felt like when that was missing.",
        ),
    ),
    "co-planning": LevelText(
        "co-planning",
        2,
        "Co-planning",
        "Deciding together what should happen next.",
        (
            "Co-planning builds on civil discourse. It means deciding together what should "
            "happen: professionals share the options and what they know, patients and "
            "families share what matters to them, and the plan is made with both.",
            "Stories at this level are about shared decisions, plans and goals, and about "
            "the times people were left out of them.",
        ),
    ),
    "co-execution": LevelText(
        "co-execution",
        3,
        "Co-execution",
        "Carrying out care together, each doing their part.",
        (
            "Co-execution builds on the two levels below it. It means carrying out care "
            "together, with patients, families and professionals each doing the part they "
            "are best placed to do.",
            "Stories at this level are about people taking part in care itself: learning a "
            "skill, sharing the work, and trusting each other to do it.",
        ),
    ),
}

ROLES: dict[StorytellerRole, RoleText] = {
    "patient": RoleText(
        "patient", "patient", "Patients", "Stories told by people about their own care."
    ),
    "family-member": RoleText(
        "family-member",
        "family member",
        "Family members",
        "Stories told by the families of people receiving care.",
    ),
    "carer": RoleText(
        "carer",
        "carer",
        "Carers",
        "Stories told by people who look after someone, paid or unpaid, outside the "
        "healthcare team.",
    ),
    "professional": RoleText(
        "professional",
        "professional",
        "Professionals",
        "Stories told by people who work in healthcare: nurses, doctors, porters, "
        "therapists and many others.",
    ),
    "other": RoleText(
        "other", "storyteller", "Other storytellers", "Stories told from other points of view."
    ),
}

assert tuple(LEVELS) == FRAMEWORK_LEVELS, "every framework level needs words for readers"
assert tuple(ROLES) == STORYTELLER_ROLES, "every storyteller role needs words for readers"

#: A gentle reading pace for personal stories read on a phone.
WORDS_PER_MINUTE = 200

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def long_date(date: dt.date) -> str:
    """``7 May 2025``: unambiguous in every English-speaking country, independent of locale."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def reading_minutes(markdown_body: str) -> int:
    """Whole minutes to read a story body at :data:`WORDS_PER_MINUTE` (at least 1)."""
    words = len(_WORD.findall(_COMMENT.sub(" ", markdown_body)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_time_text(minutes: int) -> str:
    return f"{plural(minutes, 'minute')} to read"


def count_text(count: int) -> str:
    """``1 story``, ``3 stories``, ``No stories yet``."""
    return plural(count, "story", "stories") if count else "No stories yet"
