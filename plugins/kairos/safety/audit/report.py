"""What the audit reports: held-back stories found, files it could not read, and the totals."""

from __future__ import annotations

from dataclasses import dataclass

from kairos.core.problems import masked_if_identifying

#: What can be found of a story, in the order findings list it.
EVIDENCE = ("address", "slug", "name", "media", "title", "summary", "text")


@dataclass(frozen=True, order=True)
class AuditFinding:
    """A held-back story found in one output file (``archive.zip!member`` inside an archive)."""

    file: str
    slug: str
    title: str | None
    #: What was found: any of :data:`EVIDENCE`.
    evidence: tuple[str, ...]

    def line(self, site_label: str) -> str:
        """``site/search/search_index.json: held-back story 'slug' (Title) found``.

        The line goes to build logs and the deploy issue, so a title holding anything the
        identifier scan finds is ``[masked]``."""
        title = masked_if_identifying(self.title) if self.title is not None else "title unknown"
        return f"{site_label}/{self.file}: held-back story '{self.slug}' ({title}) found"

    def __str__(self) -> str:
        return self.line(".").removeprefix("./")


@dataclass(frozen=True, order=True)
class UnreadableFile:
    """An output file the audit could not read, so could not check: a finding too."""

    file: str
    reason: str

    def line(self, site_label: str) -> str:
        """``site/report.pdf: cannot be checked: its text cannot be read: it is encrypted``."""
        return f"{site_label}/{self.file}: cannot be checked: {self.reason}; remove it or fix it"

    def __str__(self) -> str:
        return self.line(".").removeprefix("./")


@dataclass(frozen=True)
class AuditResult:
    files_checked: int
    held_back: int
    findings: list[AuditFinding]
    unreadable: list[UnreadableFile]

    @property
    def clean(self) -> bool:
        return not self.findings and not self.unreadable

    def lines(self, site_label: str) -> list[str]:
        """One line per finding and unreadable file, in file order."""
        every: list[AuditFinding | UnreadableFile] = [*self.findings, *self.unreadable]
        return [item.line(site_label) for item in sorted(every, key=lambda item: item.file)]
