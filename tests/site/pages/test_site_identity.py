"""The identity and care options: defaults, links, and a clear message for every mistake."""

from __future__ import annotations

from typing import Any

import pytest

from kairos.site.pages.palette import DEFAULT_ACCENT, DEFAULT_PRIMARY, Palette
from kairos.site.pages.site_identity import (
    DEFAULT_FAVICON,
    DEFAULT_LOGO,
    DEFAULT_SHARE_IMAGE,
    DEFAULT_SUPPORT,
    SiteIdentity,
    site_identity,
)

STOCK = "assets/images/favicon.png"
FILES = {
    "assets/logo.svg",
    "assets/icon.png",
    "assets/logo.gif",
    "assets/logo.png",
    "assets/logo.jpg",
}


def identity(
    options: dict[str, Any], *, theme_logo: str | None = None, theme_favicon: str | None = STOCK
) -> tuple[SiteIdentity | None, list[str]]:
    return site_identity(
        options,
        site_name="Stories of care",
        image_exists=FILES.__contains__,
        theme_logo=theme_logo,
        theme_favicon=theme_favicon,
        stock_favicon=STOCK,
    )


def test_defaults_name_the_site_and_use_kairos_own_images() -> None:
    assert identity({}) == (
        SiteIdentity(
            organisation="Stories of care",
            contact_text=None,
            contact_url=None,
            support=DEFAULT_SUPPORT,
            support_url=None,
            logo=DEFAULT_LOGO,
            favicon=DEFAULT_FAVICON,
            palette=Palette(DEFAULT_PRIMARY, DEFAULT_ACCENT),
            share_image=DEFAULT_SHARE_IMAGE,
        ),
        [],
    )


@pytest.mark.parametrize(
    ("logo", "share_image"),
    [
        ("assets/logo.png", "assets/logo.png"),
        ("assets/logo.jpg", "assets/logo.jpg"),
        ("assets/logo.svg", None),  # most link previews show no SVG
    ],
)
def test_a_shared_link_shows_the_logo_when_previews_can(logo: str, share_image: str | None) -> None:
    found, problems = identity({"logo": logo})
    assert problems == [] and found is not None
    assert found.share_image == share_image


def test_every_option_set() -> None:
    found, problems = identity(
        {
            "organisation": "  The   Kairos Trust ",
            "contact": "stories@example.org",
            "support": "Samaritans: call 116 123, free, day or night.",
            "support_url": "tel:+44116123",
            "logo": "assets/logo.svg",
            "favicon": "/assets/icon.png",
            "primary_color": "#1A237E",
            "accent_color": "#c62828",
        }
    )
    assert problems == []
    assert found == SiteIdentity(
        organisation="The Kairos Trust",
        contact_text="stories@example.org",
        contact_url="mailto:stories@example.org",
        support="Samaritans: call 116 123, free, day or night.",
        support_url="tel:+44116123",
        logo="assets/logo.svg",
        favicon="assets/icon.png",
        palette=Palette("#1a237e", "#c62828"),
    )


def test_a_contact_page_is_shown_without_its_scheme() -> None:
    found, _ = identity({"contact": "https://www.example.org/contact/"})
    assert found is not None
    assert (found.contact_text, found.contact_url) == (
        "example.org/contact",
        "https://www.example.org/contact/",
    )


def test_the_theme_own_logo_and_icon_are_kept_but_never_the_stock_icon() -> None:
    found, _ = identity({}, theme_logo="img/ours.svg", theme_favicon="img/ours.ico")
    assert found is not None and (found.logo, found.favicon) == (None, None)
    found, _ = identity({}, theme_favicon=STOCK)
    assert found is not None and found.favicon == DEFAULT_FAVICON


def test_every_mistake_is_reported_at_once() -> None:
    found, problems = identity(
        {
            "organisation": "   ",
            "contact": "call us on Tuesdays",
            "support_url": "ftp://example.org",
            "logo": "assets/logo.gif",
            "favicon": "assets/missing.svg",
            "primary_color": "#009485",
            "accent_color": "orange",
        }
    )
    assert found is None
    assert problems == [
        "kairos: organisation: found an empty text; write it, or remove the option",
        "kairos: contact: found 'call us on Tuesdays'; expected an e-mail address "
        "(stories@example.org) or a web address starting with https:// (a contact page)",
        "kairos: support_url: set, but 'support' is not; write the sentence the link belongs "
        "to in 'support'",
        "kairos: logo: found 'assets/logo.gif'; expected a .svg, .png, .jpg, .jpeg, .webp file",
        "kairos: favicon: found 'assets/missing.svg', but there is no such file in docs/ or "
        "the theme's custom_dir; add the file or correct the path",
        "kairos: accent_color: found 'orange'; expected a colour written #rrggbb, such as #b3400a",
        "kairos: primary_color: found '#009485'; the header's text on it (and links in it on "
        "white) reach 3.1:1, and WCAG AA needs at least 4.5:1 for text; choose a darker colour",
    ]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (
            {"support": "Call us.", "support_url": "javascript:alert(1)"},
            "kairos: support_url: found 'javascript:alert(1)'; expected a web address starting "
            "with https:// or a phone link such as tel:+44116123",
        ),
        (
            {"support": "x" * 301},
            "kairos: support: found 301 characters; keep it to one sentence of at most 300",
        ),
        (
            {"logo": "https://cdn.example.org/logo.svg"},
            "kairos: logo: found 'https://cdn.example.org/logo.svg'; expected a path inside "
            "docs/ or the theme's custom_dir, such as assets/images/logo.svg (the site "
            "requests nothing from other hosts)",
        ),
        (
            {"favicon": "../secret/icon.png"},
            "kairos: favicon: found '../secret/icon.png'; expected a path inside docs/ or the "
            "theme's custom_dir, such as assets/images/logo.svg (the site requests nothing "
            "from other hosts)",
        ),
    ],
    ids=["support_url scheme", "support too long", "logo on another host", "favicon outside"],
)
def test_one_mistake(options: dict[str, Any], problem: str) -> None:
    assert identity(options) == (None, [problem])
