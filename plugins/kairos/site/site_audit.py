"""The audit of one build, as the plugin runs it (:mod:`kairos.safety.audit` does the work).

* Planned when the stories have been judged (``on_config``): what to look for, with each
  held-back story's evidence reused from the build cache when its text is unchanged.
* On a machine with more than one core and an anthology of at least
  :data:`BACKGROUND_MIN_STORIES` published stories, pages are read and scanned in a worker
  process soon after MkDocs writes them (``on_post_page``), while the build goes on.
* At the end (``on_post_build``) every file of the site is read and hashed; a file is scanned
  unless the same bytes were scanned in the background, or by an earlier build that looked
  for the same stories (the reports kept in the build cache under ``audit``).

What is found is never cached: only reports on exact bytes are, and the findings are worked
out from them again on every build.
"""

from __future__ import annotations

from pathlib import Path

from kairos.core.anthology import Anthology
from kairos.safety.audit import (
    AuditFinding,
    BackgroundScan,
    UnreadableFile,
    audit_site,
    available_cores,
    plan_audit,
)
from kairos.safety.audit.scan_memory import report_key
from kairos.site.build_cache import BuildCache, code_digest, digest, environment_digest

__all__ = ["BACKGROUND_MIN_STORIES", "BATCH", "SiteAudit"]

#: Fewer published stories than this: no worker process (starting one costs about 0.4 s).
BACKGROUND_MIN_STORIES = 200
#: Pages handed to the worker at a time.
BATCH = 16


class _KeptReports:
    """The build cache's ``audit`` entries, keyed also by Kairos' code and the packages.

    A page's report is looked up twice in a build (when MkDocs writes the page, to keep it
    from the worker, and when the audit reads the site); the second time it comes from here.
    """

    def __init__(self, store: BuildCache) -> None:
        self.store = store
        self._salt = digest(code_digest(), environment_digest(), "audit")
        self._read: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        payload = self._read.get(key)
        if payload is None:
            payload = self.store.get(digest(self._salt, key))
            if payload is not None:
                self._read[key] = payload
        return payload

    def put(self, key: str, payload: bytes) -> None:
        self.store.put(digest(self._salt, key), payload)


class SiteAudit:
    """The audit of one build (see the module docstring)."""

    def __init__(
        self,
        anthology: Anthology,
        stories_dir: Path,
        docs_dir: Path,
        site_dir: Path,
        cache_dir: Path | None,
    ) -> None:
        self.anthology = anthology
        self.site_dir = site_dir
        self._kept = _KeptReports(BuildCache(cache_dir, "audit")) if cache_dir else None
        self.plan = plan_audit(
            anthology, stories_dir=stories_dir, docs_dir=docs_dir, memory=self._kept
        )
        self.background: BackgroundScan | None = None
        #: Pages written since the last batch, and the page being written now.
        self._written: list[str] = []
        self._unwritten: str | None = None
        published = len(anthology.published)
        if self.plan.targets and published >= BACKGROUND_MIN_STORIES and available_cores() > 1:
            self.background = BackgroundScan(self.plan.targets, self.plan.digest)

    def page_written(self, file: str, output: str) -> None:
        """A page's HTML as MkDocs writes it to ``file`` (its path in the site) after this.

        The worker is handed pages already written, :data:`BATCH` at a time, by their paths;
        a page whose report the cache keeps is not handed over.
        """
        if self.background is None:
            return
        if self._unwritten is not None:
            self._written.append(self._unwritten)
            self._unwritten = None
        key = report_key(self.plan.digest, file, output.encode("utf-8", "xmlcharrefreplace"))
        if self._kept is None or self._kept.get(key) is None:
            self._unwritten = file
        if len(self._written) >= BATCH:
            self.background.submit([(name, str(self.site_dir / name)) for name in self._written])
            self._written = []

    def finish(self) -> list[AuditFinding | UnreadableFile]:
        """Audit every file of the built site; forget kept reports this build did not use."""
        try:
            findings = audit_site(
                self.site_dir,
                self.anthology,
                memory=self._kept,
                plan=self.plan,
                background=self.background,
            )
        finally:
            self.close()
        if self._kept is not None:
            self._kept.store.prune()
        return findings

    def close(self) -> None:
        """Stop the worker process, if any (also when the build fails)."""
        if self.background is not None:
            self.background.close()
            self.background = None
