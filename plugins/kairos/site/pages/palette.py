"""The site's colours, from the options ``primary_color`` and ``accent_color``.

An organisation sets its own colours in mkdocs.yml rather than editing the shipped CSS. Each is
checked against WCAG 2.2 AA (1.4.3, text at least 4.5:1): the header's white text and the tabs'
85% white on the primary colour, links in the primary colour on white, and the accent (links
under the pointer, focus rings) on white. A colour that fails is refused, naming the ratio.
The dark palette's link and accent colours are made from the same two by mixing in white until
they reach 7:1 on mkdocs-material's dark background, so they need no option of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from string import Template

DEFAULT_PRIMARY = "#00695c"
DEFAULT_ACCENT = "#b3400a"
#: WCAG 2.2 AA for normal text (success criterion 1.4.3).
MIN_TEXT_CONTRAST = 4.5
#: Where the palette's stylesheet is written in the site (after kairos.css, which it overrides).
PALETTE_STYLESHEET = "assets/stylesheets/kairos-palette.css"

_WHITE = (255, 255, 255)
_BLACK = (0, 0, 0)
#: mkdocs-material's dark ("slate") background, hsl(225, 15%, 14%).
_SLATE_BACKGROUND = (0x1E, 0x21, 0x29)
#: The tabs under the header are white at 85% opacity (--md-primary-bg-color--light).
_TABS_OPACITY = 0.85
#: What the dark palette's colours reach on its background: well above AA, as today's 9:1.
_DARK_CONTRAST = 7.0
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

RGB = tuple[int, int, int]


def _rgb(hex_colour: str) -> RGB:
    value = int(hex_colour[1:], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def _luminance(rgb: RGB) -> float:
    """WCAG relative luminance."""
    channels = (channel / 255 for channel in rgb)
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio, from 1 (no contrast) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(colour: RGB, other: RGB, share: float) -> RGB:
    """``colour`` with ``share`` (0 to 1) of ``other`` mixed in."""
    r, g, b = (round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))
    return r, g, b


def _for_dark_background(colour: RGB) -> RGB:
    """The least lightened ``colour`` that reaches the dark palette's contrast."""
    for step in range(21):
        lighter = _mix(colour, _WHITE, step / 20)
        if contrast_ratio(lighter, _SLATE_BACKGROUND) >= _DARK_CONTRAST:
            return lighter
    return _WHITE


@dataclass(frozen=True)
class Palette:
    """The two colours of the light palette and what the dark palette makes of them."""

    primary: str
    accent: str

    @property
    def stylesheet(self) -> str:
        """CSS custom properties for mkdocs-material's ``custom`` primary and accent
        (``palette.css.tmpl`` filled in)."""
        primary, accent = _rgb(self.primary), _rgb(self.accent)
        template = Template(
            files("kairos.site.pages").joinpath("palette.css.tmpl").read_text("utf-8")
        )
        return template.substitute(
            primary=self.primary,
            primary_light=_hex(_mix(primary, _WHITE, 0.2)),
            primary_dark=_hex(_mix(primary, _BLACK, 0.25)),
            accent=self.accent,
            dark_link=_hex(_for_dark_background(primary)),
            dark_accent=_hex(_for_dark_background(accent)),
        )


def _checked(name: str, value: object, default: str, problems: list[str]) -> str:
    if value is None:
        return default
    text = str(value).strip()
    if not _HEX.fullmatch(text):
        problems.append(
            f"kairos: {name}: found {value!r}; expected a colour written #rrggbb, such as {default}"
        )
        return default
    return text.lower()


def _ratio(value: float) -> str:
    """``3.8:1``, rounded down so that a ratio shown as 4.5:1 always passes."""
    return f"{int(value * 10) / 10:.1f}:1"


def site_palette(primary: object, accent: object, problems: list[str]) -> Palette:
    """Check the two options, adding every problem found to ``problems``; return the palette."""
    primary_hex = _checked("primary_color", primary, DEFAULT_PRIMARY, problems)
    accent_hex = _checked("accent_color", accent, DEFAULT_ACCENT, problems)
    colour = _rgb(primary_hex)
    tabs = _mix(colour, _WHITE, _TABS_OPACITY)
    worst = min(contrast_ratio(_WHITE, colour), contrast_ratio(tabs, colour))
    if worst < MIN_TEXT_CONTRAST:
        problems.append(
            f"kairos: primary_color: found '{primary_hex}'; the header's text on it (and "
            f"links in it on white) reach {_ratio(worst)}, and WCAG AA needs at least "
            f"{MIN_TEXT_CONTRAST}:1 for text; choose a darker colour"
        )
    ratio = contrast_ratio(_rgb(accent_hex), _WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        problems.append(
            f"kairos: accent_color: found '{accent_hex}'; links under the pointer in it reach "
            f"{_ratio(ratio)} on white, and WCAG AA needs at least {MIN_TEXT_CONTRAST}:1 for "
            "text; choose a darker colour"
        )
    return Palette(primary_hex, accent_hex)
