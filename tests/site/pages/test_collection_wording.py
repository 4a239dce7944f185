"""The sentence about the collection follows the stories' own fictional marks and roles."""

from __future__ import annotations

import pytest

from kairos.site.pages.collection_wording import collection_text


@pytest.mark.parametrize(
    ("total", "fictional", "roles", "expected"),
    [
        # nothing published
        (0, 0, [], "No stories have been published yet."),
        # every story illustrative: never "true stories"
        (
            12,
            12,
            ["patient", "family-member", "carer", "professional", "other", "patient"],
            "12 illustrative stories, written for this anthology in the voices of patients, "
            "family members, carers, healthcare staff and others. They are not real "
            "people’s accounts.",
        ),
        (
            1,
            1,
            ["carer"],
            "1 illustrative story, written for this anthology in the voice of a carer. It is "
            "not a real person’s account.",
        ),
        # no story illustrative: told by the roles that are present, in their usual order
        (
            3,
            0,
            ["professional", "patient", "patient"],
            "3 stories told by patients and healthcare staff about what care felt like.",
        ),
        (1, 0, ["family-member"], "1 story told by a family member about what care felt like."),
        (2, 0, ["other"], "2 stories told by their storytellers about what care felt like."),
        # some illustrative
        (
            5,
            1,
            ["patient", "carer", "family-member"],
            "5 stories told by patients, family members and carers about what care felt "
            "like; 1 of them is illustrative, written for this anthology rather than told by "
            "a real person.",
        ),
        (
            10,
            4,
            ["patient", "professional"],
            "10 stories told by patients and healthcare staff about what care felt like; 4 "
            "of them are illustrative, written for this anthology rather than told by real "
            "people.",
        ),
    ],
)
def test_collection_text(total: int, fictional: int, roles: list[str], expected: str) -> None:
    assert collection_text(total, fictional, roles) == expected  # type: ignore[arg-type]


def test_an_illustrative_collection_is_never_called_true_or_real() -> None:
    text = collection_text(12, 12, ["patient"]).lower()
    assert "true" not in text and "real moments" not in text and "illustrative" in text
