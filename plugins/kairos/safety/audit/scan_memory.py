"""What earlier scans found, kept by the digest of everything a scan reads.

A file's report (:class:`.matching.FileReport`) depends on three things only: what is looked
for (every :class:`.matching.Target`), the file's path in the site and its bytes. So a report
is kept under :func:`report_key`, the digest of all three, and a later build that meets the
same bytes at the same path while looking for the same stories reuses it instead of reading
the file again. A report holds positions and labels, never a story's words.

A story's evidence (:func:`.evidence.story_evidence`, less its media, which are hashed again
on every build) depends on its slug, title, summary and body only, and is kept under
:func:`evidence_key`.

The memory itself is the caller's (:class:`ScanMemory`: the MkDocs plugin passes its build
cache, whose keys also cover Kairos' code and the installed packages); what it returns is
checked here, and anything that does not read back as a report or evidence is ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from itertools import chain
from typing import Protocol

from kairos.safety.audit.evidence import StoryEvidence
from kairos.safety.audit.matching import FileReport, Target

__all__ = [
    "ScanMemory",
    "evidence_from_bytes",
    "evidence_key",
    "evidence_to_bytes",
    "report_from_bytes",
    "report_key",
    "report_to_bytes",
    "targets_digest",
]


class ScanMemory(Protocol):
    """Where reports and evidence are kept between builds."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, payload: bytes) -> None: ...


def _digest(*parts: str | bytes) -> str:
    return _digest_of(parts)


def _digest_of(parts: Iterable[str | bytes]) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def targets_digest(targets: Iterable[Target]) -> str:
    """A digest of what one build looks for: every target, in order (reports number them).

    A story's fingerprints are left out: Kairos' code derives them from its words, and the
    caller's memory is keyed by that code too.
    """
    return _digest_of(chain(["targets"], map(_target_text, targets)))


def _target_text(target: Target) -> str:
    evidence = target.evidence
    record = [
        evidence.slug,
        evidence.title,
        evidence.title_words,
        [[s.evidence, s.threshold, s.words] for s in evidence.sequences],
        [[m.name, m.sha256] for m in evidence.media],
        [target.address, target.slug_token, target.title],
        target.media_names,
        target.media_hashes,
    ]
    return json.dumps(record, ensure_ascii=False)


def report_key(targets: str, file: str, data: bytes) -> str:
    """The key of the report on ``file`` holding ``data``, for the targets ``targets``."""
    return _digest("report", targets, file, hashlib.sha256(data).digest())


def report_to_bytes(report: FileReport) -> bytes:
    record = {
        "file": report.file,
        "found": sorted(report.found),
        "runs": report.runs,
        "unreadable": report.unreadable,
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def report_from_bytes(payload: bytes, file: str) -> FileReport | None:
    """The report kept in ``payload`` if it is a well-formed report on ``file``, else None."""
    try:
        record = json.loads(payload)
        found = {(str(a), int(b), str(c)) for a, b, c in record["found"]}
        runs = [(str(a), int(b), int(c), int(d), int(e)) for a, b, c, d, e in record["runs"]]
        unreadable = [(str(a), str(b)) for a, b in record["unreadable"]]
        if record["file"] != file:
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return FileReport(file, found, runs, unreadable)


def evidence_key(slug: str, title: str | None, summary: str | None, body: str) -> str:
    return _digest("evidence", slug, repr(title), repr(summary), body)


def evidence_to_bytes(evidence: StoryEvidence) -> bytes:
    return json.dumps(evidence.as_json(), ensure_ascii=False).encode("utf-8")


def evidence_from_bytes(payload: bytes, slug: str) -> StoryEvidence | None:
    """The evidence kept in ``payload`` if it is well formed and of ``slug``, else None."""
    try:
        evidence = StoryEvidence.from_json(json.loads(payload))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return evidence if evidence.slug == slug else None
