"""The build date: explicit, else SOURCE_DATE_EPOCH, else today in UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from kairos.core.build_date import BuildDateError, resolve_build_date

TODAY = dt.date(2026, 11, 26)


def test_explicit_date_wins_over_the_environment() -> None:
    assert resolve_build_date("2026-01-02", {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2026, 1, 2)


def test_source_date_epoch_is_read_as_utc() -> None:
    # 2026-03-01T23:30:00Z: still 1 March in UTC, whatever the local zone says.
    assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": "1772407800"}) == dt.date(2026, 3, 1)


def test_today_in_utc_otherwise() -> None:
    assert resolve_build_date(None, {}, today=TODAY) == TODAY
    assert resolve_build_date(None, {}) == dt.datetime.now(tz=dt.UTC).date()


@pytest.mark.parametrize(
    "text", ["2026-02-30", "26-01-01", "2026-1-1", "tomorrow", "2026-01-01T10"]
)
def test_explicit_dates_must_be_real_and_iso(text: str) -> None:
    with pytest.raises(BuildDateError, match=f"found '{text}'; expected a real date"):
        resolve_build_date(text, {})


def test_bad_source_date_epoch_is_explained() -> None:
    with pytest.raises(BuildDateError, match="SOURCE_DATE_EPOCH: found 'soon'"):
        resolve_build_date(None, {"SOURCE_DATE_EPOCH": "soon"})
