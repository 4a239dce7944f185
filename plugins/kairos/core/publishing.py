"""The publishing rule: the one place that decides whether a story may appear on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from kairos.core.story import Story


class HoldReason(Enum):
    """Why a story is held back, in the order they are checked (the first that applies wins).

    A reason's value is the words reports print for it.
    """

    INVALID = "invalid"
    WITHDRAWN = "withdrawn"
    PENDING = "pending"
    FINAL_TEXT_NOT_APPROVED = "final text not approved"
    NOT_IN_WEBSITE_SCOPE = "not in website scope"
    CONSENT_DATED_AFTER_BUILD_DATE = "consent dated after build date"
    CONSENT_REVIEW_OVERDUE = "consent review overdue"
    EMBARGOED = "embargoed"


class Channel(Enum):
    """Where a published story may appear besides the site itself (``consent.scope``)."""

    SEARCH_ENGINES = "search-engines"
    FEED = "feed"
    TEACHING = "teaching"


@dataclass(frozen=True)
class Verdict:
    """Published, or held back with every reason that applies (the first is the main one).

    A published story's ``channels`` are where else its consent lets it appear; a held-back
    story has none. The site reads them here, never the consent's scope itself.
    """

    reasons: tuple[HoldReason, ...] = ()
    channels: frozenset[Channel] = frozenset()

    @property
    def published(self) -> bool:
        return not self.reasons

    @property
    def reason(self) -> HoldReason | None:
        return self.reasons[0] if self.reasons else None


def publishing_rule(story: Story | None, build_date: dt.date) -> Verdict:
    """Apply the consent gate on ``build_date``; ``None`` stands for a story with errors."""
    if story is None:
        return Verdict((HoldReason.INVALID,))
    consent = story.consent
    # A pending or withdrawn record has no granted fields; its status says it all.
    if consent.status == "withdrawn":
        return Verdict((HoldReason.WITHDRAWN,))
    if consent.status == "pending":
        return Verdict((HoldReason.PENDING,))
    given, review = consent.date, consent.review_by
    holds = {  # (in the order of HoldReason)
        HoldReason.FINAL_TEXT_NOT_APPROVED: consent.final_text_approved is not True,
        HoldReason.NOT_IN_WEBSITE_SCOPE: "website" not in (consent.scope or ()),
        HoldReason.CONSENT_DATED_AFTER_BUILD_DATE: given is None or given > build_date,
        HoldReason.CONSENT_REVIEW_OVERDUE: review is None or build_date > review,
        HoldReason.EMBARGOED: story.published > build_date,
    }
    if reasons := tuple(reason for reason, held in holds.items() if held):
        return Verdict(reasons)
    scope = set(consent.scope or ())
    return Verdict((), frozenset(channel for channel in Channel if channel.value in scope))


@dataclass(frozen=True)
class PackVerdict:
    """Whether a story may be printed in a teaching pack, and why not.

    ``hold`` is the publishing rule's verdict, without ``not in website scope`` for a pack
    made for private use; ``teaching`` says whether ``teaching`` is in the consent's scope.
    """

    hold: Verdict
    teaching: bool

    @property
    def allowed(self) -> bool:
        return self.hold.published and self.teaching


def pack_rule(story: Story | None, verdict: Verdict, *, private: bool = False) -> PackVerdict:
    """May ``story``, judged ``verdict`` by the publishing rule, appear in a teaching pack?

    A pack on the public site (``private`` false) takes a story that is published and has
    ``teaching`` in scope. A pack made by ``kairos pack`` for private use also takes a story
    whose consent allows teaching but not the website; every other condition still holds.
    """
    if private:
        verdict = Verdict(
            tuple(r for r in verdict.reasons if r is not HoldReason.NOT_IN_WEBSITE_SCOPE)
        )
    teaching = story is not None and "teaching" in (story.consent.scope or ())
    return PackVerdict(verdict, teaching)
