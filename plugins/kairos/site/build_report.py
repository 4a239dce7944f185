"""What a site build tells editors: content problems, and one closing summary line.

A strict build (``mkdocs build --strict``, as CI runs it) stops before writing anything when
any story or the vocabulary has a problem, listing every problem, one per line, in the same
``path:line: field: ...`` form as ``kairos check``. Warnings (things an editor should review,
such as a possible identifier) stop it too, as ``kairos check --strict`` does: MkDocs would
fail a strict build on them anyway, only later and after writing the site. A preview build
(``mkdocs serve``, plain ``mkdocs build``) leaves invalid stories out and warns once per
problem line.

Build logs leave the editor's machine (CI logs, hosting services' build logs, the deploy
issue), so every problem line here is masked, whatever the environment: it names the file,
line, field and the kind of identifier, never a value that may identify someone. ``kairos
check`` on the editor's machine shows the value.
"""

from __future__ import annotations

from kairos.core.anthology import Anthology, CheckSummary
from kairos.core.problems import plural


def problem_lines(anthology: Anthology) -> list[str]:
    """Every problem of the anthology as the editor-facing line, masked."""
    return [str(problem.masked()) for problem in anthology.problems]


def strict_failure(anthology: Anthology) -> str | None:
    """The message a strict build fails with, or None when there is nothing to report."""
    lines = problem_lines(anthology)
    if not lines:
        return None
    return (
        f"{plural(len(lines), 'problem')} in the stories folder; nothing was built. Fix them "
        "(run 'make check' to see them again, with any value masked here):\n" + "\n".join(lines)
    )


def summary_line(summary: CheckSummary) -> str:
    """``published 12 stories; held back 2 (withdrawn 1, pending 1)``: non-zero reasons only."""
    line = (
        f"published {plural(summary.published, 'story', 'stories')}; held back {summary.held_back}"
    )
    reasons = ", ".join(f"{reason.label} {n}" for reason, n in summary.reasons.items() if n)
    return f"{line} ({reasons})" if reasons else line
