"""Options and exits shared by the ``kairos`` commands."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from kairos.core.anthology import Anthology, load_anthology
from kairos.core.build_date import BuildDateError, resolve_build_date
from kairos.core.story_sources import StoriesFolderMissing

_F = TypeVar("_F", bound=Callable[..., Any])


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a strict ``YYYY-MM-DD`` date, or ``None`` when the option is not given."""
    if value is None:
        return None
    try:
        return resolve_build_date(value, {})
    except BuildDateError as error:
        raise click.BadParameter(str(error).removeprefix("build date: ")) from None


def build_date_option(what: str, name: str = "build_date") -> Callable[[_F], _F]:
    """``--date YYYY-MM-DD``: ``what`` it is, defaulting to SOURCE_DATE_EPOCH, else today."""
    return click.option(
        "--date",
        name,
        callback=date_option,
        metavar="YYYY-MM-DD",
        help=f"{what} Default: SOURCE_DATE_EPOCH, else today (UTC).",
    )


def stories_dir_option(
    help_text: str = "The stories folder.", flag: str = "--stories-dir"
) -> Callable[[_F], _F]:
    """``--stories-dir`` (default ``stories``; ``flag`` names it otherwise), as every command
    that reads the folder has it."""
    return click.option(
        flag,
        "stories_dir",
        default="stories",
        show_default=True,
        type=click.Path(path_type=str),
        help=help_text,
    )


def format_option(third: str, use: str) -> Callable[[_F], _F]:
    """``--format text|json|THIRD`` (default text): for people, for tools, ``third`` for ``use``."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json", third]),
        default="text",
        show_default=True,
        help=f"text for people, json for tools, {third} for {use}.",
    )


class CommandError(click.ClickException):
    """The one way a command stops on a person's mistake or input it cannot use: click prints
    ``kairos COMMAND: MESSAGE`` on stderr and exits with ``exit_code`` (2: could not run)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance
        context = click.get_current_context(silent=True)
        self.command = context.info_name if context is not None else None

    def show(self, file: IO[Any] | None = None) -> None:
        prefix = f"kairos {self.command}" if self.command else "kairos"
        click.echo(f"{prefix}: {self.format_message()}", err=True)


def resolved_date(date: dt.date | None) -> dt.date:
    """The build date: ``date``, else the UTC date of ``SOURCE_DATE_EPOCH``, else today in UTC;
    a bad ``SOURCE_DATE_EPOCH`` stops the command (exit status 2)."""
    try:
        return resolve_build_date(date, os.environ)
    except BuildDateError as error:
        raise CommandError(str(error)) from None


def judged_anthology(
    stories_dir: str | Path, date: dt.date | None, shown: str | None = None
) -> Anthology:
    """The stories folder judged on the build date (:func:`resolved_date`), shown in messages
    as ``shown`` (default: as given); a missing folder stops the command (exit status 2)."""
    resolved = resolved_date(date)
    try:
        return load_anthology(Path(stories_dir), resolved, display_dir=shown or str(stories_dir))
    except StoriesFolderMissing as error:
        raise CommandError(str(error)) from None


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
