"""What a site build tells editors: content problems, and one closing summary line.

A strict build stops before writing anything on any problem, warnings included (as ``kairos
check --strict``), listing each as ``kairos check`` does; a preview build leaves invalid
stories out and warns once per problem line. Build logs leave the editor's machine, so every
line here is masked (:meth:`~kairos.core.problems.Problem.masked`).
"""

from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

from kairos.core.anthology import Anthology, CheckSummary
from kairos.core.problems import plural

#: The plugin's logger (lines read ``kairos: ...``), for every module that logs for it.
log = get_plugin_logger("kairos.site.plugin")


def problem_lines(anthology: Anthology) -> list[str]:
    """Every problem of the anthology as the editor-facing line, masked."""
    return [str(problem.masked()) for problem in anthology.problems]


def summary_line(summary: CheckSummary) -> str:
    """``published 12 stories; held back 2 (withdrawn 1, pending 1)``: non-zero reasons only."""
    line = (
        f"published {plural(summary.published, 'story', 'stories')}; held back {summary.held_back}"
    )
    reasons = ", ".join(f"{reason.value} {n}" for reason, n in summary.reasons.items() if n)
    return f"{line} ({reasons})" if reasons else line
