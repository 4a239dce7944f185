"""The publication diff printed: headlines, and Markdown that stays plain text on GitHub."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kairos.editors.reports.diff_report import (
    BuildDateChange,
    CollectionChange,
    PublicationDiff,
    StoryChange,
    render_diff_report,
)


def a_diff(**changes: tuple[StoryChange, ...]) -> PublicationDiff:
    empty: tuple[StoryChange, ...] = ()
    fields = {
        "published": empty,
        "withdrawn": empty,
        "held_back": empty,
        "deleted": empty,
        "changed": empty,
    }
    return PublicationDiff(
        build_date=dt.date(2026, 6, 1),
        base="main",
        head="HEAD",
        published_before=3,
        published_after=3,
        pages=(),
        collections=(),
        new_problems=(),
        fixed_problems=0,
        build_date_change=None,
        **(fields | changes),
    )


def held(slug: str, reason: str, title: str | None = "A title") -> StoryChange:
    return StoryChange(
        slug, f"stories/{slug}.md", title, "no file", f"held back ({reason})", reason
    )


def test_no_change() -> None:
    assert a_diff().headlines == ("No change for readers",)
    assert render_diff_report(a_diff(), "markdown") == (
        "### What this change does to the public site\n\n"
        "Site built on **2026-06-01**, `main` → `HEAD`: 3 stories published before, 3 after.\n\n"
        "- **No change for readers**\n\n"
        "<sub>Titles of held-back stories are shown because the source repository is private; "
        "the text of a story is only shown when it is published, and a problem shows what may "
        "identify someone as [masked] (`kairos check` shows it on the editor's machine).</sub>\n"
    )


def test_one_reason_is_named_several_are_counted() -> None:
    one = a_diff(held_back=(held("a", "pending"), held("b", "pending")))
    several = a_diff(held_back=(held("a", "embargoed"), held("b", "pending")))
    assert one.headlines == ("2 stories will be held back (pending)",)
    assert several.headlines == ("2 stories will be held back (pending 1, embargoed 1)",)


def test_markdown_titles_are_plain_text_and_mention_nobody() -> None:
    title = "<b>Hi</b> *you* [link](/x) @editors | `code`"  # (a web address would be masked)
    report = render_diff_report(a_diff(held_back=(held("a", "pending", title),)), "markdown")
    assert (
        "- `stories/a.md` &lt;b&gt;Hi&lt;/b&gt; \\*you\\* \\[link\\](/x) "
        "&#64;editors \\| \\`code\\`: pending; new file\n"
    ) in report


def test_a_diff_holding_backticks_gets_a_longer_fence() -> None:
    change = StoryChange(
        "a",
        "stories/a.md",
        "T",
        "published",
        "published",
        was_on_site=True,
        changed_fields=("text",),
        text_diff=("-```", "+````"),
    )
    report = render_diff_report(a_diff(changed=(change,)), "markdown")
    assert "  `````diff\n  -```\n  +````\n  `````\n" in report


def test_problems_are_counted_after_what_readers_see() -> None:
    fixed = dataclasses.replace(a_diff(), fixed_problems=2)
    assert fixed.headlines == ("No change for readers", "2 problems fixed")


def test_every_title_that_may_identify_someone_is_masked_in_markdown_and_json() -> None:
    title = "Write to jo.bloggs@example.org"
    story = held("a", "embargoed", title)
    date_change = BuildDateChange(
        "mkdocs.yml", None, "2026-07-01", 5, dt.date(2026, 7, 1), dt.date(2026, 6, 1), (story,)
    )
    collection = CollectionChange("s", "stories/collections/s.md", title, "no file", "on the site")
    diff = dataclasses.replace(
        a_diff(held_back=(story,)), build_date_change=date_change, collections=(collection,)
    )
    assert title in render_diff_report(diff, "text")
    markdown, as_json = render_diff_report(diff, "markdown"), render_diff_report(diff, "json")
    assert "jo.bloggs" not in markdown + as_json
    assert "the build date: `stories/a.md` \\[masked\\] (new file)" in markdown
    assert "- `stories/a.md` \\[masked\\]: embargoed; new file" in markdown
    assert "- `stories/collections/s.md` \\[masked\\]: no file → on the site" in markdown
    assert as_json.count('"title": "[masked]"') == 3
