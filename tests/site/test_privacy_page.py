"""The privacy notice: the option ``privacy`` on the page holding ``<!-- kairos:privacy -->``.

The organisation's wording is shown as plain text, its contact as a link when it is one; where
a field is unset the reader is told whom to ask. Placeholders never fail a strict build (the
sample site builds strictly), but the build notes them.
"""

from __future__ import annotations

import logging
import re
from html import unescape
from pathlib import Path

import pytest

from kairos.site.pages.site_identity import PrivacyView, privacy_view

from ..site_factory import PLUGIN_LOGGER, build_site, write_project, write_story, write_vocabulary

PAGE = "---\ndescription: Privacy.\n---\n\n# Privacy\n\n## Who\n\n<!-- kairos:privacy -->\n"
WRITTEN = {
    "data_controller": "The Test Trust <Ltd>",
    "contact": "privacy@example.org",
    "legal_basis": "Your consent, which you can withdraw.",
    "retention": "Forms for six years after the story comes down.",
    "withdrawal": "Write to us; the story comes down within 7 days.",
}


def privacy_text(root: Path, privacy: dict[str, str] | None) -> str:
    """Build with these options; return the notice as text, each term and detail on a line."""
    write_vocabulary(root / "stories")
    write_story(root / "stories", "alpha")
    plugin = {"search": "none", "organisation": "The Test Trust", "contact": "hi@example.org"}
    if privacy is not None:
        plugin["privacy"] = privacy  # type: ignore[assignment]
    write_project(root, docs={"consent-and-privacy.md": PAGE}, plugin=plugin)
    site = build_site(root)
    html = (site / "consent-and-privacy" / "index.html").read_text(encoding="utf-8")
    (notice,) = re.findall(r'<dl class="kairos-privacy">(.*?)</dl>', html, re.DOTALL)
    return notice


def lines(notice: str) -> list[str]:
    found = re.findall(r"<d[td]>(.*?)</d[td]>", notice, re.DOTALL)
    return [unescape(re.sub(r"<[^>]+>", "", item)) for item in found]


def test_the_organisations_wording_is_shown_as_text(tmp_path: Path) -> None:
    notice = privacy_text(tmp_path, WRITTEN)
    assert lines(notice) == [
        "Who is responsible for your information",
        "The Test Trust <Ltd> (the “data controller”).",
        "Who to contact about your information",
        "privacy@example.org",
        "Why we may keep and publish stories (the legal basis)",
        "Your consent, which you can withdraw.",
        "How long we keep stories and forms",
        "Forms for six years after the story comes down.",
        "Your right to withdraw",
        "Write to us; the story comes down within 7 days.",
    ]
    assert "The Test Trust &lt;Ltd&gt;" in notice
    assert '<a href="mailto:privacy@example.org">privacy@example.org</a>' in notice


def test_unset_fields_tell_readers_whom_to_ask(tmp_path: Path) -> None:
    notice = privacy_text(tmp_path, None)
    assert lines(notice)[1::2] == [
        "The Test Trust (the “data controller”).",
        "hi@example.org",
        "Not written here yet. Please ask us, using the contact above.",
        "Not written here yet. Please ask us, using the contact above.",
        "You can withdraw your consent at any time, without giving a reason. Contact us, using "
        "the contact above, and your story will leave the website.",
    ]
    assert '<a href="mailto:hi@example.org">hi@example.org</a>' in notice


def test_placeholders_build_strictly_with_a_note(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    privacy = {**WRITTEN, "data_controller": "[Your organisation]", "contact": "[PRIVACY CONTACT]"}
    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        notice = privacy_text(tmp_path, privacy)
    assert lines(notice)[1:4:2] == [
        "[Your organisation] (the “data controller”).",
        "[PRIVACY CONTACT]",
    ]
    notes = [r.getMessage() for r in caplog.records if "kairos: privacy." in r.getMessage()]
    assert notes == [
        "kairos: privacy.data_controller, privacy.contact unset or still a placeholder; write "
        "the organisation's own wording (kairos check lists each)"
    ]
    assert all(
        r.levelno == logging.INFO for r in caplog.records if "kairos: privacy." in r.getMessage()
    )


@pytest.mark.parametrize(
    ("contact", "url"),
    [
        ("privacy@example.org", "mailto:privacy@example.org"),
        ("https://example.org/privacy", "https://example.org/privacy"),
        ("The Data Protection Lead, 1 High Street, Leeds", None),
        ("[PRIVACY CONTACT]", None),
    ],
)
def test_the_contact_is_a_link_only_when_it_is_an_address(contact: str, url: str | None) -> None:
    view = privacy_view({"contact": f"  {contact} ", "retention": None})
    assert (view.contact_text, view.contact_url) == (contact, url)


def test_the_view_lists_what_is_left_to_write() -> None:
    assert privacy_view(None) == PrivacyView(
        unfinished=("data_controller", "contact", "legal_basis", "retention", "withdrawal")
    )
    assert privacy_view(WRITTEN).unfinished == ()
