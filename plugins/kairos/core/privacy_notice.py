"""What the privacy page must tell readers and storytellers, and whether it is still a sample.

The plugin's ``privacy`` option holds the organisation's own words (data controller, contact,
legal basis, how long things are kept, how to withdraw), shown where a page holds ``<!--
kairos:privacy -->``. The sample ships with bracketed placeholders (``[Your organisation]``),
as the paperwork does; ``kairos check`` warns about each field unset or bracketed
(:func:`privacy_warnings`) and the build notes them, without failing. Kairos cannot know the
law that applies: the wording is for the organisation's data protection lead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kairos.core.problems import Problem
from kairos.core.site_settings import Setting, SiteSettings

#: The option in ``mkdocs.yml`` (``plugins: - kairos: privacy: {...}``).
PRIVACY_OPTION = "privacy"

#: Each field of the ``privacy`` option, and what to write there.
PRIVACY_FIELDS: dict[str, str] = {
    "data_controller": "the organisation that decides how storytellers' information is used "
    "(the data controller), with its registered name",
    "contact": "how to reach whoever answers questions about personal data (the data "
    "protection lead): an e-mail address, a web address or a postal address",
    "legal_basis": "the legal basis for keeping and publishing stories, in plain words "
    "(for example consent, under the law that applies to the organisation)",
    "retention": "how long stories, consent forms and withdrawal forms are kept, and what "
    "happens to them after",
    "withdrawal": "how a storyteller withdraws consent, and how soon the story comes down",
}

# A bracketed word, as in "[Your organisation]"; a Markdown link "[text](url)" is not one.
_PLACEHOLDER = re.compile(r"\[[^\[\]]*[A-Za-z][^\[\]]*\](?!\()")


def unfinished(values: Mapping[str, object]) -> dict[str, str | None]:
    """The fields still to write: each unset or empty one (None) or placeholder (its text)."""
    left: dict[str, str | None] = {}
    for name in PRIVACY_FIELDS:
        value = values.get(name)
        text = " ".join(str(value).split()) if value is not None else ""
        if not text:
            left[name] = None
        elif _PLACEHOLDER.search(text):
            left[name] = text
    return left


def privacy_warnings(settings: SiteSettings) -> list[Problem]:
    """A warning for each privacy field still unset or a placeholder, on its line."""
    option = settings.options.get(PRIVACY_OPTION)
    fields: dict[str, Setting] = option.value if option and isinstance(option.value, dict) else {}
    values = {name: setting.value for name, setting in fields.items()}
    problems = []
    for name, found in unfinished(values).items():
        field = f"{PRIVACY_OPTION}.{name}"
        line = fields[name].line if name in fields else (option or settings).line
        what = "not set" if found is None else f"found {found!r}, a placeholder"
        message = f"{what}; write {PRIVACY_FIELDS[name]}, reviewed by your data protection lead"
        problems.append(Problem(settings.path, line, field, message, severity="warning"))
    return problems
