"""The command group: every command is listed and found, its module imported only when used."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
from click.testing import CliRunner

from kairos.editors.commands.cli import COMMAND_MODULES, main

COMMANDS = Path(__file__).parents[3] / "plugins" / "kairos" / "editors" / "commands"


def _commands_defined_in_command_modules() -> dict[str, click.Command]:
    """Every click command that a ``*_command.py`` module defines, by its name."""
    commands = {}
    for path in sorted(COMMANDS.glob("*_command.py")):
        module = import_module(f"kairos.editors.commands.{path.stem}")
        for value in vars(module).values():
            callback = getattr(value, "callback", None)
            if isinstance(value, click.Command) and callback.__module__ == module.__name__:
                commands[value.name or ""] = value
    return commands


def test_the_group_lists_and_finds_every_command_its_modules_define() -> None:
    defined = _commands_defined_in_command_modules()
    with click.Context(main) as context:
        assert main.list_commands(context) == sorted(defined)
        assert {name: main.get_command(context, name) for name in defined} == defined
        assert main.get_command(context, "nope") is None


def test_help_is_what_a_group_holding_every_command_prints() -> None:
    eager = click.Group(
        "kairos",
        commands=_commands_defined_in_command_modules(),
        params=main.params,
        help=main.help,
        context_settings=main.context_settings,
    )
    lazy = CliRunner().invoke(main, ["--help"], prog_name="kairos")
    assert lazy.exit_code == 0
    assert lazy.output == CliRunner().invoke(eager, ["--help"], prog_name="kairos").output
    listed = lazy.output.split("Commands:\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMAND_MODULES)


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(main, ["nope"])
    assert result.exit_code == 2
    assert "Error: No such command 'nope'." in result.output


def test_kairos_check_imports_no_other_command(tmp_path: Path) -> None:
    """Startup time counts for ``kairos check`` (pre-commit runs it on every commit)."""
    (tmp_path / "stories").mkdir()
    script = (
        "import sys\n"
        "from kairos.editors.commands.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('kairos.editors.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "stories")],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = result.stdout.strip().splitlines()[-1]
    assert imported == str(
        sorted(
            [
                "kairos.editors.commands",
                "kairos.editors.commands.check_command",
                "kairos.editors.reports",
                "kairos.editors.reports.check_report",
                "kairos.editors.commands.cli",
                "kairos.editors.commands.command_options",
                "kairos.editors.reports.field_reference",
            ]
        )
    )
