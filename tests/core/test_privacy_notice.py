"""The privacy wording: placeholders found, and a warning for each field still to write."""

from __future__ import annotations

import pytest

from kairos.core.privacy_notice import PRIVACY_FIELDS, privacy_warnings, unfinished
from kairos.core.problems import Problem
from kairos.core.site_settings import Setting, SiteSettings

WRITTEN = {
    "data_controller": "The Kairos Trust, registered charity 123456",
    "contact": "privacy@example.org",
    "legal_basis": "Your consent, which you can withdraw at any time.",
    "retention": "Stories while published; forms for six years after.",
    "withdrawal": "Write to us; the story comes down within 7 days.",
}


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("[Your organisation]", True),
        ("Run by [ORGANISATION], a charity", True),
        ("[How long stories and consent forms are kept]", True),
        ("The Kairos Trust", False),
        # A Markdown link and a bracketed number are real wording.
        ("See [our policy](https://example.org/privacy)", False),
        ("Article 6(1)(a) [1]", False),
        ("", False),
    ],
)
def test_a_placeholder_is_still_to_write(text: str, placeholder: bool) -> None:
    left = unfinished({**WRITTEN, "contact": text})
    assert ("contact" in left and left["contact"] is not None) is placeholder


def settings(privacy: dict[str, object] | None) -> SiteSettings:
    options = {"feed": Setting(True, 7)}
    if privacy is not None:
        fields = {name: Setting(value, 11 + i) for i, (name, value) in enumerate(privacy.items())}
        options["privacy"] = Setting(fields, 10)
    return SiteSettings("mkdocs.yml", 6, options)


def test_the_organisations_own_wording_gives_no_warning() -> None:
    assert privacy_warnings(settings(WRITTEN)) == []


def test_each_placeholder_is_a_warning_on_its_line() -> None:
    privacy = {**WRITTEN, "data_controller": "[Your organisation]", "retention": " [RETENTION] "}
    assert [str(p) for p in privacy_warnings(settings(privacy))] == [
        "mkdocs.yml:11: warning: privacy.data_controller: found '[Your organisation]', a "
        "placeholder; write the organisation that decides how storytellers' information is "
        "used (the data controller), with its registered name, reviewed by your data "
        "protection lead",
        "mkdocs.yml:14: warning: privacy.retention: found '[RETENTION]', a placeholder; write "
        "how long stories, consent forms and withdrawal forms are kept, and what happens to "
        "them after, reviewed by your data protection lead",
    ]


def test_an_unset_field_is_a_warning_on_the_privacy_line() -> None:
    privacy = {name: value for name, value in WRITTEN.items() if name != "legal_basis"}
    privacy["contact"] = "   "
    problems = privacy_warnings(settings(privacy))
    assert [(p.line, p.field, p.message.split(";")[0]) for p in problems] == [
        (12, "privacy.contact", "not set"),
        (10, "privacy.legal_basis", "not set"),
    ]
    assert all(p.severity == "warning" for p in problems)


def test_no_privacy_option_is_a_warning_per_field_on_the_plugins_line() -> None:
    problems = privacy_warnings(settings(None))
    assert problems == [
        Problem("mkdocs.yml", 6, f"privacy.{name}", problems[i].message, severity="warning")
        for i, name in enumerate(PRIVACY_FIELDS)
    ]
    assert all(p.message.startswith("not set; write ") for p in problems)
    assert list(PRIVACY_FIELDS) == [
        "data_controller",
        "contact",
        "legal_basis",
        "retention",
        "withdrawal",
    ]
