"""Options and exits shared by the ``kairos`` commands."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import click

from kairos.core.build_date import BuildDateError, resolve_build_date

__all__ = ["date_option", "fail", "how_to_run_kairos"]


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


def how_to_run_kairos(
    argv0: str | None = None, on_path: str | None = None, cwd: Path | None = None
) -> str:
    """The word to type for ``kairos`` in a hint, as this run was started.

    ``kairos`` when that command is on the PATH, else the path it was run by (such as
    ``.venv/bin/kairos`` after ``make serve``), so a printed command works as written.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    if Path(argv0).name != "kairos":
        return "kairos"
    on_path = shutil.which("kairos") if on_path is None else on_path
    script = Path(os.path.abspath(argv0))
    if on_path and Path(os.path.abspath(on_path)) == script:
        return "kairos"
    try:
        return script.relative_to(cwd or Path.cwd()).as_posix()
    except ValueError:
        return script.as_posix()
