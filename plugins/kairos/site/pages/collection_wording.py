"""What the site says about the collection as a whole, made from the published stories.

Readers trust an anthology that never claims more than it holds. The sentence is generated
from the stories' own ``fictional`` marks and storyteller roles, so a collection of
illustrative stories is never called "true stories", and "told by patients and families" is
said only when patients and families tell them.
"""

from __future__ import annotations

from collections.abc import Sequence

from kairos.core.problems import plural
from kairos.core.reader_labels import ROLES
from kairos.core.story import STORYTELLER_ROLES, StorytellerRole

#: "told by ..." for a single story, and in the plural.
_TELLERS: dict[StorytellerRole, tuple[str, str]] = {
    "patient": ("a patient", "patients"),
    "family-member": ("a family member", "family members"),
    "carer": ("a carer", "carers"),
    "professional": ("a member of healthcare staff", "healthcare staff"),
    "other": ("a storyteller", "others"),
}
assert tuple(_TELLERS) == tuple(ROLES) == STORYTELLER_ROLES


def and_list(words: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _tellers(roles: Sequence[StorytellerRole], total: int) -> str:
    """``patients, family members and healthcare staff``, in the roles' usual order."""
    present = [role for role in STORYTELLER_ROLES if role in set(roles)]
    if total == 1 and len(present) == 1:
        return _TELLERS[present[0]][0]
    if present == ["other"]:
        return "their storytellers"
    return and_list([_TELLERS[role][1] for role in present])


def collection_text(total: int, fictional: int, roles: Sequence[StorytellerRole]) -> str:
    """One sentence or two about the published stories.

    ``total`` published stories, ``fictional`` of them marked ``fictional: true``, told by
    storytellers in ``roles`` (one entry per story or per role; order does not matter).
    """
    if total <= 0:
        return "No stories have been published yet."
    tellers = _tellers(roles, total)
    if fictional >= total and total == 1:
        return (
            f"1 illustrative story, written for this anthology in the voice of {tellers}. It "
            "is not a real person’s account."
        )
    if fictional >= total:
        return (
            f"{total} illustrative stories, written for this anthology in the voices of "
            f"{tellers}. They are not real people’s accounts."
        )
    told = f"{plural(total, 'story', 'stories')} told by {tellers} about what care felt like"
    if fictional <= 0:
        return f"{told}."
    some = "1 of them is" if fictional == 1 else f"{fictional} of them are"
    by = "a real person" if fictional == 1 else "real people"
    return f"{told}; {some} illustrative, written for this anthology rather than told by {by}."
