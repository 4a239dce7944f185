"""Why each valid story is held back on the build date, one line per story, for editors.

A valid story that is held back is not a mistake (its consent is pending, its review date has
passed, it is embargoed ...), so these are notes, not problems: they never change an exit
status. They say which field holds the story back and how it compares with the build date:
``stories/x.md:1: held back: consent review overdue (consent.review_by 2026-11-30 is before
2026-12-01)``. Invalid stories are not noted: their errors already say why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kairos.core.anthology import Anthology
from kairos.core.publishing import HoldReason
from kairos.core.story import Story
from kairos.core.teaching import leaving_reason, teaching_collection


@dataclass(frozen=True)
class HeldBackNote:
    """Why a story (or a collection's entry) is held back: every reason, and in words."""

    path: str
    line: int
    reasons: tuple[HoldReason, ...]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: held back: {self.message}"


def _why(reason: HoldReason, story: Story, date: dt.date) -> str:
    consent, day = story.consent, date.isoformat()
    if reason is HoldReason.WITHDRAWN:
        on = f" on {consent.withdrawn_on.isoformat()}" if consent.withdrawn_on else ""
        return f"consent withdrawn{on}"
    if reason is HoldReason.PENDING:
        return "consent pending (set consent.status to granted when the signed form is back)"
    if reason is HoldReason.FINAL_TEXT_NOT_APPROVED:
        return "final text not approved (consent.final_text_approved is not true)"
    if reason is HoldReason.NOT_IN_WEBSITE_SCOPE:
        scope = ", ".join(consent.scope or []) or "empty"
        return f"no 'website' in consent.scope (found: {scope})"
    if reason is HoldReason.CONSENT_DATED_AFTER_BUILD_DATE:
        given = consent.date.isoformat() if consent.date else "missing"
        return f"consent dated in the future (consent.date {given} is after {day})"
    if reason is HoldReason.CONSENT_REVIEW_OVERDUE:
        review = consent.review_by.isoformat() if consent.review_by else "missing"
        return f"consent review overdue (consent.review_by {review} is before {day})"
    if reason is HoldReason.EMBARGOED:
        return f"embargoed (published {story.published.isoformat()} is after {day})"
    return str(reason.value)


def held_back_notes(anthology: Anthology) -> list[HeldBackNote]:
    """A note for each valid story held back on the anthology's build date, by path."""
    notes = []
    for judged in anthology.held_back:
        story = judged.story
        if story is None or not judged.loaded.is_valid:
            continue
        reasons = judged.verdict.reasons
        message = "; ".join(_why(reason, story, anthology.build_date) for reason in reasons)
        notes.append(HeldBackNote(judged.loaded.path, 1, reasons, message))
    return sorted(notes + collection_notes(anthology), key=lambda note: (note.path, note.line))


def collection_notes(anthology: Anthology) -> list[HeldBackNote]:
    """A note for each story a valid collection names that its public pack leaves out, and
    for a collection left off the site because none of its stories may be taught from."""
    notes = []
    for loaded in anthology.collections:
        collection = teaching_collection(anthology, loaded)
        if collection is None:
            continue
        for entry in collection.left_out:
            why = f"'{entry.slug}' is left out of this collection ({leaving_reason(entry)})"
            notes.append(HeldBackNote(loaded.path, entry.line, entry.verdict.hold.reasons, why))
        if not collection.stories:
            why = (
                "no story in this collection may be taught from on "
                f"{anthology.build_date.isoformat()}, so it is left off the site"
            )
            notes.append(HeldBackNote(loaded.path, 1, (), why))
    return notes
