"""Options and exits shared by the ``kairos`` commands."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import click

from kairos.core.build_date import BuildDateError, resolve_build_date

__all__ = ["date_option", "fail"]


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a strict ``YYYY-MM-DD`` date, or ``None`` when the option is not given."""
    if value is None:
        return None
    try:
        return resolve_build_date(value, {})
    except BuildDateError as error:
        raise click.BadParameter(str(error).removeprefix("build date: ")) from None


def fail(command: str, message: str, code: int) -> NoReturn:
    """Print ``kairos COMMAND: MESSAGE`` on stderr and exit with ``code``."""
    click.echo(f"kairos {command}: {message}", err=True)
    raise SystemExit(code)
