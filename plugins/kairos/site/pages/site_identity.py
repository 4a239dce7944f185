"""Who runs the site and where readers find help: the plugin's identity and care options.

:func:`site_identity` checks ``organisation``, ``contact``, ``support``, ``support_url``,
``logo``, ``favicon``, ``primary_color`` and ``accent_color``, and returns what the templates
show (the Jinja global ``kairos_site``) or every problem at once. The ``privacy`` wording
(:class:`PrivacyView`) is the organisation's own: never refused, only noted while it is a
placeholder (:mod:`kairos.core.privacy_notice`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from kairos.core.privacy_notice import unfinished
from kairos.site.pages.palette import Palette, site_palette

#: Where Kairos' own logo and icon are written in the site when a project sets none.
DEFAULT_LOGO = "assets/kairos/logo.svg"
DEFAULT_FAVICON = "assets/kairos/favicon.svg"
#: The picture a shared link shows with Kairos' own logo: link previews show no SVG.
DEFAULT_SHARE_IMAGE = "assets/kairos/card.png"
#: Logos that link previews can show as the shared picture.
SHARE_IMAGE_TYPES = (".png", ".jpg", ".jpeg")

#: The support line when the option ``support`` is unset: true everywhere, names no service.
DEFAULT_SUPPORT = (
    "If a story brings up difficult feelings, talk to someone you trust or to your GP. If you "
    "are not safe, contact your local emergency services now."
)

LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
FAVICON_TYPES = (".svg", ".png", ".ico")

_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}")
_WEB = re.compile(r"https?://[^\s<>\"']+\.[^\s<>\"']+")
_PHONE = re.compile(r"tel:\+?[0-9][0-9-]{2,}")
_MAX_SUPPORT = 300


@dataclass(frozen=True)
class PrivacyView:
    """The privacy option's wording as the page shows it; None where it is unset."""

    data_controller: str | None = None
    contact_text: str | None = None
    #: ``mailto:...`` or the web address, when the contact is one; else it is shown as text.
    contact_url: str | None = None
    legal_basis: str | None = None
    retention: str | None = None
    withdrawal: str | None = None
    #: The fields still unset or a placeholder, in the order of PRIVACY_FIELDS.
    unfinished: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteIdentity:
    """What the templates show about the organisation and where to find support."""

    organisation: str
    #: The address as readers see it (``stories@example.org``, ``example.org/contact``).
    contact_text: str | None
    #: The link: ``mailto:...`` or the web address.
    contact_url: str | None
    support: str
    support_url: str | None
    #: Site-relative paths for the theme's ``logo`` and ``favicon`` (None: leave the theme's).
    logo: str | None
    favicon: str | None
    #: The site's colours, checked for contrast (written as the palette's stylesheet).
    palette: Palette
    #: The ``privacy`` option's wording (by default, none of it written yet).
    privacy: PrivacyView = field(default_factory=lambda: privacy_view(None))
    #: The picture a shared link shows when the story has no photo of its own (site-relative):
    #: the logo when it is a PNG or JPEG, Kairos' own card with Kairos' own logo, else None
    #: (an SVG logo: most link previews show no SVG, so no picture rather than a broken one).
    share_image: str | None = None


def _text(name: str, value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        problems.append(f"kairos: {name}: found an empty text; write it, or remove the option")
        return None
    return text


def _link(address: str | None) -> str | None:
    """``mailto:`` and an e-mail address, a web address as it is; None for anything else."""
    if address is not None and _EMAIL.fullmatch(address):
        return f"mailto:{address}"
    return address if address is not None and _WEB.fullmatch(address) else None


def privacy_view(options: Any) -> PrivacyView:
    """The ``privacy`` option (a mapping, or None) as the page shows it."""
    values = {name: value for name, value in dict(options or {}).items() if value is not None}
    text = {name: " ".join(str(value).split()) or None for name, value in values.items()}.get
    return PrivacyView(
        data_controller=text("data_controller"),
        contact_text=text("contact"),
        contact_url=_link(text("contact")),
        legal_basis=text("legal_basis"),
        retention=text("retention"),
        withdrawal=text("withdrawal"),
        unfinished=tuple(unfinished(values)),
    )


def _image(
    name: str,
    options: dict[str, Any],
    types: tuple[str, ...],
    exists: Callable[[str], bool],
    problems: list[str],
) -> str | None:
    """The checked path (inside docs/, of one of ``types``, a file), else None."""
    value = _text(name, options.get(name), problems)
    if value is None:
        return None
    path = PurePosixPath(value.lstrip("/"))
    if ".." in path.parts or "://" in value:
        problems.append(
            f"kairos: {name}: found {value!r}; expected a path inside docs/ or the theme's "
            "custom_dir, such as assets/images/logo.svg (the site requests nothing from "
            "other hosts)"
        )
    elif path.suffix.lower() not in types:
        problems.append(f"kairos: {name}: found {value!r}; expected a {', '.join(types)} file")
    elif not exists(path.as_posix()):
        problems.append(
            f"kairos: {name}: found {value!r}, but there is no such file in docs/ or the "
            "theme's custom_dir; add the file or correct the path"
        )
    else:
        return path.as_posix()
    return None


def site_identity(
    options: dict[str, Any],
    *,
    site_name: str,
    image_exists: Callable[[str], bool],
    theme_logo: str | None,
    theme_favicon: str | None,
    stock_favicon: str,
) -> tuple[SiteIdentity | None, list[str]]:
    """Check the options; return the identity, or None and every problem found.

    ``image_exists`` says whether a path relative to docs/ (or the custom_dir) is a file.
    Kairos' own logo and icon replace the theme's unless the project set its own; the stock
    favicon is never kept.
    """
    problems: list[str] = []
    organisation = _text("organisation", options.get("organisation"), problems) or site_name
    contact_text = _text("contact", options.get("contact"), problems)
    contact_url = _link(contact_text)
    if contact_text and contact_text == contact_url:  # a contact page, shown without scheme
        contact_text = re.sub(r"^https?://(www\.)?", "", contact_text).rstrip("/")
    elif contact_text and not contact_url:
        problems.append(
            f"kairos: contact: found {contact_text!r}; expected an e-mail address "
            "(stories@example.org) or a web address starting with https:// (a contact page)"
        )
        contact_text = None
    support = _text("support", options.get("support"), problems)
    if support is not None and len(support) > _MAX_SUPPORT:
        problems.append(
            f"kairos: support: found {len(support)} characters; keep it to one sentence of at "
            f"most {_MAX_SUPPORT}"
        )
    support_url = _text("support_url", options.get("support_url"), problems)
    if support_url is not None:
        if support is None:
            problems.append(
                "kairos: support_url: set, but 'support' is not; write the sentence the link "
                "belongs to in 'support'"
            )
        elif not (_WEB.fullmatch(support_url) or _PHONE.fullmatch(support_url)):
            problems.append(
                f"kairos: support_url: found {support_url!r}; expected a web address starting "
                "with https:// or a phone link such as tel:+44116123"
            )
    logo = _image("logo", options, LOGO_TYPES, image_exists, problems)
    favicon = _image("favicon", options, FAVICON_TYPES, image_exists, problems)
    palette = site_palette(options.get("primary_color"), options.get("accent_color"), problems)
    if problems:
        return None, problems
    logo = logo or (None if theme_logo else DEFAULT_LOGO)
    shown_logo = logo or theme_logo or ""
    share_image: str | None = DEFAULT_SHARE_IMAGE if shown_logo == DEFAULT_LOGO else shown_logo
    if not share_image or not share_image.lower().endswith(SHARE_IMAGE_TYPES):
        share_image = None
    if favicon is None and (not theme_favicon or theme_favicon == stock_favicon):
        favicon = DEFAULT_FAVICON
    return (
        SiteIdentity(
            organisation=organisation,
            contact_text=contact_text,
            contact_url=contact_url,
            support=support or DEFAULT_SUPPORT,
            support_url=support_url,
            logo=logo,
            favicon=favicon,
            share_image=share_image,
            palette=palette,
            privacy=privacy_view(options.get("privacy")),
        ),
        [],
    )
