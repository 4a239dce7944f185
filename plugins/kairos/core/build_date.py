"""The build date D: explicit, else ``SOURCE_DATE_EPOCH``, else today in UTC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import suppress


class BuildDateError(ValueError):
    """The build date given cannot be used; the message says why and what is allowed."""


def parse_date(text: str, source: str) -> dt.date:
    """Read ``YYYY-MM-DD`` strictly (no times, no other formats)."""
    if len(text) == 10:
        with suppress(ValueError):
            return dt.date.fromisoformat(text)
    raise BuildDateError(f"{source}: found '{text}'; expected a real date written YYYY-MM-DD")


def resolve_build_date(
    explicit: dt.date | str | None, environ: Mapping[str, str], today: dt.date | None = None
) -> dt.date:
    """The same D for every story in one run, following the reproducible-builds convention."""
    if isinstance(explicit, dt.date):
        return explicit
    if explicit:
        return parse_date(explicit, "build date")
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                f"SOURCE_DATE_EPOCH: found '{epoch}'; expected whole seconds since 1970-01-01 UTC"
            ) from None
    return today or today_utc()


def today_utc() -> dt.date:
    """Today's date in UTC."""
    return dt.datetime.now(tz=dt.UTC).date()
