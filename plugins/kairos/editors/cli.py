"""The ``kairos`` command line: a thin adapter from click to the core, one module per command."""

from __future__ import annotations

import click

from kairos.editors.audit_command import audit
from kairos.editors.check_command import check, fields, schema
from kairos.editors.deploy_command import deploy_build_command
from kairos.editors.diff_command import diff
from kairos.editors.new_command import new
from kairos.editors.report_command import report

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kairos-stories")
def main() -> None:
    """Kairos: check, build and look after an anthology of patient and family stories."""


for _command in (check, schema, new, report, diff, fields, deploy_build_command, audit):
    main.add_command(_command)
