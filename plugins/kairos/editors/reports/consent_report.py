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
from collections.abc import Container, Sequence
from typing import Any, Literal

from kairos.core.anthology import Anthology
from kairos.core.problems import plural
from kairos.core.publishing import HoldReason
from kairos.core.reader_labels import LEVELS, ROLES

ReportFormat = Literal["text", "json", "csv"]

CSV_COLUMNS = ("section", "key", "label", "path", "review_by", "days", "count", "reasons")
#: The CSV's names for the JSON's fields.
_CSV_NAMES = {"slug": "key", "title": "label"}
#: The report's name for each list of stories on the site (:func:`story_lists`).
_PUBLISHED_BY = {"theme": "theme", "framework_level": "level", "storyteller_role": "role"}


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
    """The report's content, independent of how it is printed; field by field, the JSON
    report."""

    build_date: dt.date
    due_within_days: int
    due_by: dt.date
    """The last review date inside the window (included)."""
    checked: int
    published: int
    held_back: tuple[HeldBackStory, ...]
    consent_reviews: dict[str, tuple[ConsentReview, ...]]
    """The reviews ``overdue``, ``due_today`` and ``due_soon`` (inside the window)."""
    published_by: dict[str, tuple[PublishedCount, ...]]
    """Counts by ``theme``, ``framework_level`` and ``storyteller_role``."""

    @property
    def reviews(self) -> tuple[ConsentReview, ...]:
        """Every review in the report, by review date."""
        return tuple(review for reviews in self.consent_reviews.values() for review in reviews)


def story_lists(anthology: Anthology) -> dict[str, dict[str, tuple[str, list[str]]]]:
    """Each ``theme``, ``level`` and ``role`` page's label and published stories' slugs, by key
    (every key, even with no story; a theme no longer in the vocabulary by its key)."""
    labels: dict[str, dict[str, str]] = {
        "theme": {key: term.label for key, term in anthology.vocabulary.themes.items()},
        "level": {key: level.label for key, level in LEVELS.items()},
        "role": {key: role.plural for key, role in ROLES.items()},
    }
    lists: dict[str, dict[str, tuple[str, list[str]]]] = {
        kind: {key: (label, []) for key, label in known.items()} for kind, known in labels.items()
    }
    for judged in anthology.published:
        story = judged.story
        assert story is not None  # published stories are valid
        keys = [("theme", theme) for theme in story.themes]
        keys += [("level", story.framework_level), ("role", story.storyteller.role)]
        for kind, key in keys:
            lists[kind].setdefault(key, (key, []))[1].append(judged.slug)
    return lists


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
        review_by, record = story.consent.review_by, story.consent.record
        if review_by is not None and review_by <= due_by:
            review = (judged.slug, judged.loaded.path, story.title, review_by)
            reviews.append(ConsentReview(*review, (review_by - date).days, record))
    reviews.sort(key=lambda r: (r.review_by, r.path))
    lists = story_lists(anthology)
    return ConsentReport(
        build_date=date,
        due_within_days=due_within_days,
        due_by=due_by,
        checked=len(anthology.stories),
        published=len(anthology.published),
        held_back=tuple(
            HeldBackStory(
                judged.slug,
                judged.loaded.path,
                judged.story.title if judged.story else None,
                tuple(reason.value for reason in judged.verdict.reasons),
            )
            for judged in anthology.held_back
        ),
        consent_reviews={
            "overdue": tuple(r for r in reviews if r.days < 0),
            "due_today": tuple(r for r in reviews if r.days == 0),
            "due_soon": tuple(r for r in reviews if r.days > 0),
        },
        published_by={
            name: tuple(PublishedCount(k, label, len(on)) for k, (label, on) in lists[kind].items())
            for name, kind in _PUBLISHED_BY.items()
        },
    )


def render_consent_report(report: ConsentReport, report_format: ReportFormat) -> str:
    """The whole report as text, ending in a newline."""
    if report_format == "json":
        # default=str writes dates as YYYY-MM-DD
        return json.dumps(_json_report(report), indent=2, ensure_ascii=False, default=str) + "\n"
    if report_format == "csv":
        return _csv_report(report)
    return _text_report(report)


# Text: headed sections of aligned columns, for people.


def _text_report(report: ConsentReport) -> str:
    held_back = report.held_back
    lines = [
        f"Consent report for {report.build_date.isoformat()}: "
        f"{plural(report.checked, 'story', 'stories')}, {report.published} published, "
        f"{len(held_back)} held back",
        "",
        f"Held back ({len(held_back)})",
        *_table(("story", "reasons"), [(s.path, "; ".join(s.reasons)) for s in held_back]),
    ]
    if any(HoldReason.INVALID.value in s.reasons for s in held_back):
        lines.append("  Run 'make check' to see what is wrong with the invalid stories.")
    soon = f"in the next {plural(report.due_within_days, 'day')}, by {report.due_by.isoformat()}"
    for name, reviews in report.consent_reviews.items():
        when = "due " + soon if name == "due_soon" else name.replace("_", " ")
        lines += ["", f"Consent reviews {when} ({len(reviews)})"]
        lines += _table(
            ("review by", "when", "story", "title"),
            [(r.review_by.isoformat(), r.when, r.path, r.title) for r in reviews],
        )
    for name, counts in report.published_by.items():
        name = name.replace("_", " ")
        lines += ["", f"Published stories by {name}"]
        counted = [(c.label, c.key, str(c.count)) for c in counts]
        lines += _table((name, "key", "stories"), counted, right_aligned={2})
    return "\n".join(lines) + "\n"


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right_aligned: Container[int] = ()
) -> list[str]:
    if not rows:
        return ["  none"]
    widths = [max(map(len, column)) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if i in right_aligned else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return ("  " + "  ".join(padded)).rstrip()

    return [line(headers), *map(line, rows)]


# JSON: the same content, for tools (without the consent forms' references).


def _json_report(report: ConsentReport) -> dict[str, Any]:
    return dataclasses.asdict(
        report, dict_factory=lambda fields: {k: v for k, v in fields if k != "record"}
    )


# CSV: one long table, one row per item of the JSON, for spreadsheets.


def _csv_report(report: ConsentReport) -> str:
    data = _json_report(report)
    sections = {"held-back": data["held_back"]}
    sections |= {f"review-{name}": items for name, items in data["consent_reviews"].items()}
    out = io.StringIO()
    # A column that does not apply to a row is empty.
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for section, items in (sections | data["published_by"]).items():
        for item in items:
            item["reasons"] = "; ".join(item.get("reasons", ()))
            row = {_CSV_NAMES.get(k, k): _spreadsheet_safe(v) for k, v in item.items()}
            writer.writerow(row | {"section": section.replace("_", "-")})
    return out.getvalue()


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
