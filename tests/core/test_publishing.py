"""The publishing rule at its date boundaries, and the reason a story is held back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kairos.core.anthology import load_anthology
from kairos.core.publishing import Channel, HoldReason, pack_rule, publishing_rule
from kairos.core.story import Story

from ..story_cases import stories_folder, valid_story

D = dt.date(2026, 6, 1)


def story(**consent_changes: object) -> Story:
    published = consent_changes.pop("published", dt.date(2026, 1, 15))
    consent = {
        "status": "granted",
        "record": "KF-1",
        "given_by": "storyteller",
        "date": dt.date(2026, 1, 2),
        "review_by": dt.date(2028, 1, 2),
        "scope": ["website"],
        "final_text_approved": True,
        **consent_changes,
    }
    return Story.model_validate(
        {
            "title": "T",
            "summary": "S",
            "storyteller": {"name": "N", "role": "patient"},
            "published": published,
            "themes": ["kindness"],
            "framework_level": "co-planning",
            "consent": {k: v for k, v in consent.items() if v is not None},
        }
    )


def day(offset: int) -> dt.date:
    return D + dt.timedelta(days=offset)


@pytest.mark.parametrize(
    ("changes", "published"),
    [
        # review_by: the last day of consent is still a day of publication
        ({"review_by": day(0)}, True),
        ({"review_by": day(-1)}, False),
        ({"review_by": day(1)}, True),
        # published: the embargo lifts on the day itself
        ({"published": day(0)}, True),
        ({"published": day(1)}, False),
        ({"published": day(-1)}, True),
        # consent.date: consent given on D counts, consent dated after D does not
        ({"date": day(0)}, True),
        ({"date": day(1)}, False),
    ],
)
def test_date_boundaries(changes: dict[str, object], published: bool) -> None:
    assert publishing_rule(story(**changes), D).published is published


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "pending"}, HoldReason.PENDING),
        ({"status": "withdrawn", "withdrawn_on": day(-1)}, HoldReason.WITHDRAWN),
        ({"final_text_approved": False}, HoldReason.FINAL_TEXT_NOT_APPROVED),
        ({"scope": ["feed", "teaching"]}, HoldReason.NOT_IN_WEBSITE_SCOPE),
        ({"date": day(1), "review_by": day(30)}, HoldReason.CONSENT_DATED_AFTER_BUILD_DATE),
        ({"review_by": day(-1)}, HoldReason.CONSENT_REVIEW_OVERDUE),
        ({"published": day(1)}, HoldReason.EMBARGOED),
    ],
)
def test_each_reason(changes: dict[str, object], reason: HoldReason) -> None:
    verdict = publishing_rule(story(**changes), D)
    assert not verdict.published
    assert verdict.reason is reason


def test_every_reason_is_kept_the_first_is_the_main_one() -> None:
    verdict = publishing_rule(story(final_text_approved=False, published=day(5)), D)
    assert verdict.reasons == (HoldReason.FINAL_TEXT_NOT_APPROVED, HoldReason.EMBARGOED)


def test_pending_story_is_held_back_for_being_pending_only() -> None:
    verdict = publishing_rule(
        story(status="pending", date=None, review_by=None, scope=None, final_text_approved=None),
        D,
    )
    assert verdict.reasons == (HoldReason.PENDING,)


def test_invalid_story_is_never_published() -> None:
    assert publishing_rule(None, D).reason is HoldReason.INVALID


def test_a_story_with_errors_is_held_back_in_an_anthology(tmp_path: Path) -> None:
    broken = valid_story().replace("framework_level: civil-discourse", "framework_level: x")
    folder = stories_folder(tmp_path, {"good.md": valid_story(), "broken.md": broken})
    anthology = load_anthology(folder, D)
    assert [s.slug for s in anthology.published] == ["good"]
    assert [(s.slug, s.verdict.reason) for s in anthology.held_back] == [
        ("broken", HoldReason.INVALID)
    ]


# The teaching packs: (consent changes, in a public pack, in a private pack)
@pytest.mark.parametrize(
    ("changes", "public", "private"),
    [
        # teaching and website: both packs
        ({"scope": ["website", "teaching"]}, True, True),
        # teaching without website: only a pack made for private use
        ({"scope": ["teaching"]}, False, True),
        ({"scope": ["feed", "teaching"]}, False, True),
        # no teaching: neither, whatever else is allowed
        ({"scope": ["website"]}, False, False),
        ({"scope": ["website", "search-engines", "feed"]}, False, False),
        # every other condition of the publishing rule holds for both packs
        ({"scope": ["teaching"], "final_text_approved": False}, False, False),
        ({"scope": ["website", "teaching"], "review_by": day(-1)}, False, False),
        ({"scope": ["teaching"], "review_by": day(0)}, False, True),
        ({"scope": ["teaching"], "date": day(1), "review_by": day(30)}, False, False),
        ({"scope": ["website", "teaching"], "published": day(1)}, False, False),
        ({"scope": ["website", "teaching"], "published": day(0)}, True, True),
        (
            {"status": "withdrawn", "withdrawn_on": day(-1), "scope": None, "date": None},
            False,
            False,
        ),
        (
            {"status": "pending", "date": None, "review_by": None, "scope": None,
             "final_text_approved": None},
            False,
            False,
        ),
    ],
)  # fmt: skip
def test_pack_rule(changes: dict[str, object], public: bool, private: bool) -> None:
    judged = story(**changes)
    verdict = publishing_rule(judged, D)
    assert pack_rule(judged, verdict).allowed is public
    assert pack_rule(judged, verdict, private=True).allowed is private


def test_an_invalid_story_is_in_no_pack() -> None:
    assert not pack_rule(None, publishing_rule(None, D)).allowed
    assert not pack_rule(None, publishing_rule(None, D), private=True).allowed


@pytest.mark.parametrize(
    ("changes", "channels"),
    [
        ({"scope": ["website"]}, set()),
        ({"scope": ["website", "feed"]}, {Channel.FEED}),
        (
            {"scope": ["website", "search-engines", "feed", "teaching"]},
            {Channel.SEARCH_ENGINES, Channel.FEED, Channel.TEACHING},
        ),
        # Held back: no channel at all, whatever the scope says.
        ({"scope": ["website", "feed"], "review_by": dt.date(2026, 5, 31)}, set()),
        ({"scope": ["feed", "teaching"]}, set()),
    ],
)
def test_the_verdict_carries_the_channels_consent_allows(
    changes: dict[str, object], channels: set[Channel]
) -> None:
    verdict = publishing_rule(story(**changes), D)
    assert verdict.channels == channels
