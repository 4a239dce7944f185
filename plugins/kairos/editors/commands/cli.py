"""The ``kairos`` command line: a thin adapter from click to the core, one module per command.

Each command's module is imported only when that command runs (or help lists it), so that
``kairos check`` does not pay for importing the audit, the deploy build or git support.
"""

from __future__ import annotations

from importlib import import_module
from typing import cast

import click

#: Every command, by name: the module that defines it and the command's name in that module.
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "audit": ("kairos.editors.commands.audit_command", "audit"),
    "check": ("kairos.editors.commands.check_command", "check"),
    "deploy-build": ("kairos.editors.commands.deploy_command", "deploy_build_command"),
    "diff": ("kairos.editors.commands.diff_command", "diff"),
    "fields": ("kairos.editors.commands.check_command", "fields"),
    "new": ("kairos.editors.commands.new_command", "new"),
    "pack": ("kairos.editors.commands.pack_command", "pack"),
    "purge": ("kairos.editors.commands.purge_command", "purge"),
    "remove-samples": ("kairos.editors.commands.remove_samples_command", "remove_samples"),
    "report": ("kairos.editors.commands.report_command", "report"),
    "schema": ("kairos.editors.commands.check_command", "schema"),
}


class _CommandsImportedWhenUsed(click.Group):
    """A group whose commands are imported from :data:`COMMAND_MODULES` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMAND_MODULES:
            return None
        module, name = COMMAND_MODULES[cmd_name]
        return cast(click.Command, getattr(import_module(module), name))


@click.group(
    cls=_CommandsImportedWhenUsed, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="kairos-stories")
def main() -> None:
    """Kairos: check, build and look after an anthology of patient and family stories."""
