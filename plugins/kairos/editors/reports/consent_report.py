"""What ``kairos report`` tells editors at their regular review, in text, JSON or CSV.

Three things: stories held back and why; consent reviews overdue, due today or due within a
window; and how published stories spread over themes, framework levels and storyteller roles
(so gaps in the anthology show). Review dates follow the publishing rule: on its
``review_by`` date a story is still published, the day after it is held back.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from kairos.core.anthology import Anthology, JudgedStory
from kairos.core.problems import plural
from kairos.core.publishing import HoldReason
from kairos.core.reader_labels import LEVELS, ROLES

ReportFormat = Literal["text", "json", "csv"]

CSV_COLUMNS = ("section", "key", "label", "path", "review_by", "days", "count", "reasons")


@dataclasses.dataclass(frozen=True)
class HeldBackStory:
    """A story not on the site on the report's date, with every reason (the main one first)."""

    slug: str
    path: str
    title: str | None
    reasons: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class ConsentReview:
    """A granted story whose consent must be confirmed again soon, or already should have been."""

    slug: str
    path: str
    title: str
    review_by: dt.date
    days: int
    """Days from the report's date to ``review_by``: negative when overdue, 0 when due today."""
    record: str = ""
    """The reference of the signed consent form (kept offline) to renew."""

    @property
    def when(self) -> str:
        if self.days < 0:
            return f"{plural(-self.days, 'day')} overdue"
        return "today" if self.days == 0 else f"in {plural(self.days, 'day')}"


@dataclasses.dataclass(frozen=True)
class PublishedCount:
    """How many published stories carry one theme, framework level or storyteller role."""

    key: str
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class ConsentReport:
    """The report's content, independent of how it is printed."""

    build_date: dt.date
    due_within_days: int
    checked: int
    published: int
    held_back: tuple[HeldBackStory, ...]
    reviews: tuple[ConsentReview, ...]
    by_theme: tuple[PublishedCount, ...]
    by_level: tuple[PublishedCount, ...]
    by_role: tuple[PublishedCount, ...]

    @property
    def due_by(self) -> dt.date:
        """The last review date inside the window (included)."""
        return self.build_date + dt.timedelta(days=self.due_within_days)

    @property
    def overdue(self) -> tuple[ConsentReview, ...]:
        return tuple(r for r in self.reviews if r.days < 0)

    @property
    def due_today(self) -> tuple[ConsentReview, ...]:
        return tuple(r for r in self.reviews if r.days == 0)

    @property
    def due_soon(self) -> tuple[ConsentReview, ...]:
        return tuple(r for r in self.reviews if r.days > 0)


def consent_report(anthology: Anthology, due_within_days: int) -> ConsentReport:
    """Judge the anthology on its build date D; reviews due on D + ``due_within_days`` count."""
    if due_within_days < 0:
        raise ValueError("due_within_days must be 0 or more")
    date = anthology.build_date
    due_by = date + dt.timedelta(days=due_within_days)
    reviews = []
    for judged in anthology.stories:
        story = judged.story
        if story is None or not judged.loaded.is_valid or story.consent.status != "granted":
            continue
        review_by = story.consent.review_by
        if review_by is not None and review_by <= due_by:
            days = (review_by - date).days
            reviews.append(
                ConsentReview(
                    judged.slug,
                    judged.loaded.path,
                    story.title,
                    review_by,
                    days,
                    story.consent.record,
                )
            )
    published = [s.story for s in anthology.published if s.story is not None]
    themes = Counter(theme for story in published for theme in story.themes)
    levels: Counter[str] = Counter(story.framework_level for story in published)
    roles: Counter[str] = Counter(story.storyteller.role for story in published)
    theme_labels = {key: term.label for key, term in anthology.vocabulary.themes.items()}
    theme_labels |= {key: key for key in themes if key not in theme_labels}
    return ConsentReport(
        build_date=date,
        due_within_days=due_within_days,
        checked=len(anthology.stories),
        published=len(published),
        held_back=tuple(_held_back(judged) for judged in anthology.held_back),
        reviews=tuple(sorted(reviews, key=lambda r: (r.review_by, r.path))),
        by_theme=_counts(theme_labels.items(), themes),
        by_level=_counts(((key, level.label) for key, level in LEVELS.items()), levels),
        by_role=_counts(((key, role.plural) for key, role in ROLES.items()), roles),
    )


def _held_back(judged: JudgedStory) -> HeldBackStory:
    return HeldBackStory(
        judged.slug,
        judged.loaded.path,
        judged.story.title if judged.story else None,
        tuple(reason.label for reason in judged.verdict.reasons),
    )


def _counts(labels: Iterable[tuple[str, str]], counts: Counter[str]) -> tuple[PublishedCount, ...]:
    return tuple(PublishedCount(key, label, counts.get(key, 0)) for key, label in labels)


def render_consent_report(report: ConsentReport, report_format: ReportFormat) -> str:
    """The whole report as text, ending in a newline."""
    if report_format == "json":
        return json.dumps(_json_report(report), indent=2, ensure_ascii=False) + "\n"
    if report_format == "csv":
        return _csv_report(report)
    return _text_report(report)


# Text: headed sections of aligned columns, for people.


def _text_report(report: ConsentReport) -> str:
    lines = [
        f"Consent report for {report.build_date.isoformat()}: "
        f"{plural(report.checked, 'story', 'stories')}, {report.published} published, "
        f"{len(report.held_back)} held back",
        "",
        f"Held back ({len(report.held_back)})",
        *_table(
            ("story", "reasons"),
            [(s.path, "; ".join(s.reasons)) for s in report.held_back],
        ),
    ]
    if any(HoldReason.INVALID.label in s.reasons for s in report.held_back):
        lines.append("  Run 'make check' to see what is wrong with the invalid stories.")
    for heading, reviews in (
        ("Consent reviews overdue", report.overdue),
        ("Consent reviews due today", report.due_today),
        (
            f"Consent reviews due in the next {plural(report.due_within_days, 'day')}, "
            f"by {report.due_by.isoformat()}",
            report.due_soon,
        ),
    ):
        lines += [
            "",
            f"{heading} ({len(reviews)})",
            *_table(
                ("review by", "when", "story", "title"),
                [(r.review_by.isoformat(), r.when, r.path, r.title) for r in reviews],
            ),
        ]
    for heading, counts in (
        ("theme", report.by_theme),
        ("framework level", report.by_level),
        ("storyteller role", report.by_role),
    ):
        lines += [
            "",
            f"Published stories by {heading}",
            *_table(
                (heading, "key", "stories"),
                [(c.label, c.key, str(c.count)) for c in counts],
                right_aligned={2},
            ),
        ]
    return "\n".join(lines) + "\n"


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right_aligned: set[int] | None = None
) -> list[str]:
    if not rows:
        return ["  none"]
    right = right_aligned or set()
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return ("  " + "  ".join(padded)).rstrip()

    return [line(headers), *(line(row) for row in rows)]


# JSON: the same content, for tools.


def _json_report(report: ConsentReport) -> dict[str, Any]:
    def reviews(items: Iterable[ConsentReview]) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in dataclasses.asdict(r).items() if k != "record"}
            | {"review_by": r.review_by.isoformat()}
            for r in items
        ]

    return {
        "build_date": report.build_date.isoformat(),
        "due_within_days": report.due_within_days,
        "due_by": report.due_by.isoformat(),
        "checked": report.checked,
        "published": report.published,
        "held_back": [dataclasses.asdict(s) for s in report.held_back],
        "consent_reviews": {
            "overdue": reviews(report.overdue),
            "due_today": reviews(report.due_today),
            "due_soon": reviews(report.due_soon),
        },
        "published_by": {
            "theme": [dataclasses.asdict(c) for c in report.by_theme],
            "framework_level": [dataclasses.asdict(c) for c in report.by_level],
            "storyteller_role": [dataclasses.asdict(c) for c in report.by_role],
        },
    }


# CSV: one long table, one row per item, for spreadsheets.


def _csv_report(report: ConsentReport) -> str:
    # Each row holds the CSV_COLUMNS in order; a column that does not apply is empty.
    rows: list[tuple[str | int, ...]] = [
        ("held-back", s.slug, s.title or "", s.path, "", "", "", "; ".join(s.reasons))
        for s in report.held_back
    ]
    for section, reviews in (
        ("review-overdue", report.overdue),
        ("review-due-today", report.due_today),
        ("review-due-soon", report.due_soon),
    ):
        rows += [
            (section, r.slug, r.title, r.path, r.review_by.isoformat(), r.days, "", "")
            for r in reviews
        ]
    for section, counts in (
        ("theme", report.by_theme),
        ("framework-level", report.by_level),
        ("storyteller-role", report.by_role),
    ):
        rows += [(section, c.key, c.label, "", "", "", c.count, "") for c in counts]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([_spreadsheet_safe(value) for value in row] for row in rows)
    return out.getvalue()


def _spreadsheet_safe(value: str | int) -> str | int:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
