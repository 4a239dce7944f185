"""The site's colours: contrast checked against WCAG AA, written as the palette's stylesheet."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from kairos.site.pages.palette import (
    DEFAULT_ACCENT,
    DEFAULT_PRIMARY,
    PALETTE_STYLESHEET,
    Palette,
    contrast_ratio,
    site_palette,
)

from ...site_factory import build_site, write_project, write_story, write_vocabulary

WHITE, BLACK, SLATE = (255, 255, 255), (0, 0, 0), (0x1E, 0x21, 0x29)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour[1:], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        (WHITE, BLACK, 21.0),
        (WHITE, WHITE, 1.0),
        (WHITE, rgb("#767676"), 4.54),  # the lightest grey that passes on white
        (WHITE, rgb("#777777"), 4.48),
        (WHITE, rgb("#009485"), 3.77),  # mkdocs-material's stock teal
    ],
)
def test_contrast_ratio_follows_wcag(
    first: tuple[int, int, int], second: tuple[int, int, int], ratio: float
) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_the_defaults_pass_and_are_the_sample_colours() -> None:
    problems: list[str] = []
    assert site_palette(None, None, problems) == Palette(DEFAULT_PRIMARY, DEFAULT_ACCENT)
    assert problems == []


@pytest.mark.parametrize(
    ("primary", "accent", "problems"),
    [
        ("#1a237e", "#C62828", []),
        (
            "#009485",
            None,
            [
                "kairos: primary_color: found '#009485'; the header's text on it (and links in "
                "it on white) reach 3.1:1, and WCAG AA needs at least 4.5:1 for text; choose a "
                "darker colour"
            ],
        ),
        (
            None,
            "#ff9800",
            [
                "kairos: accent_color: found '#ff9800'; links under the pointer in it reach "
                "2.1:1 on white, and WCAG AA needs at least 4.5:1 for text; choose a darker "
                "colour"
            ],
        ),
        (
            "teal",
            "#fff",
            [
                "kairos: primary_color: found 'teal'; expected a colour written #rrggbb, such "
                "as #00695c",
                "kairos: accent_color: found '#fff'; expected a colour written #rrggbb, such "
                "as #b3400a",
            ],
        ),
    ],
)
def test_each_colour_is_checked(
    primary: str | None, accent: str | None, problems: list[str]
) -> None:
    found: list[str] = []
    site_palette(primary, accent, found)
    assert found == problems


@pytest.mark.parametrize("colours", [(DEFAULT_PRIMARY, DEFAULT_ACCENT), ("#1a237e", "#c62828")])
def test_the_stylesheet_sets_both_palettes_with_enough_contrast(colours: tuple[str, str]) -> None:
    css = Palette(*colours).stylesheet
    light = css[: css.index('[data-md-color-scheme="slate"]')]
    values = dict(re.findall(r"\n  (--[\w-]+): (#[0-9a-f]{6});", light))
    assert values["--md-primary-fg-color"] == colours[0]
    assert values["--md-accent-fg-color"] == colours[1]
    dark = css[css.index('[data-md-color-scheme="slate"]') :]
    dark_link = re.search(r"--md-typeset-a-color: (#[0-9a-f]{6})", dark)
    dark_accent = re.search(r"--md-accent-fg-color: (#[0-9a-f]{6})", dark)
    assert dark_link and dark_accent
    for colour in (dark_link[1], dark_accent[1]):
        assert contrast_ratio(rgb(colour), SLATE) >= 7.0


def test_the_build_links_the_palette_and_refuses_a_colour_that_fails(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_vocabulary(project / "stories")
    write_story(project / "stories", "night-shift")
    write_project(project, plugin={"search": "none", "primary_color": "#1a237e"})
    site = build_site(project)
    css = (site / PALETTE_STYLESHEET).read_text("utf-8")
    assert "--md-primary-fg-color: #1a237e;" in css
    page = (site / "stories" / "night-shift" / "index.html").read_text("utf-8")
    assert page.index("assets/stylesheets/kairos.css") < page.index(PALETTE_STYLESHEET)
    write_project(project, plugin={"search": "none", "primary_color": "#4db6ac"})
    with pytest.raises(Abort):
        build_site(project)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        "kairos: primary_color: found '#4db6ac'; the header's text on it (and links in it on "
        "white) reach 2.1:1, and WCAG AA needs at least 4.5:1 for text; choose a darker colour"
    ]
