"""Reports and evidence kept between builds (``scan_memory``): reused only for the same bytes,
path and targets; what is found is worked out again every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from kairos.core.anthology import Anthology, load_anthology
from kairos.safety.audit import plan_audit, scan_site
from kairos.safety.audit import targets as audit_targets
from kairos.safety.audit.evidence import story_evidence
from kairos.safety.audit.matching import FileReport
from kairos.safety.audit.scan_memory import (
    evidence_from_bytes,
    evidence_to_bytes,
    report_from_bytes,
    report_to_bytes,
)

from ...site_factory import BUILD_DATE, consent, write_story
from .test_site_scan import CLEAN, HIDDEN_BODY, _site


class Memory(dict[str, bytes]):
    """A memory in a dict that counts what was read and written."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = self.writes = 0

    def get(self, key: str, default: bytes | None = None) -> bytes | None:  # type: ignore[override]
        self.reads += 1
        return super().get(key, default)

    def put(self, key: str, payload: bytes) -> None:
        self.writes += 1
        self[key] = payload


LEAK = {**CLEAN, "leak.html": "<p>" + HIDDEN_BODY.split("\n")[0] + "</p>"}


def test_a_report_reads_back_as_it_was_written() -> None:
    report = FileReport(
        "a.zip",
        {("a.zip!b.html", 0, "text"), ("a.zip", 1, "name")},
        [("a.zip!b.html", 0, 2, 0, 30)],
        [("a.zip!c.pdf", "its text cannot be read: it is encrypted")],
    )
    assert report_from_bytes(report_to_bytes(report), "a.zip") == report
    assert report_from_bytes(report_to_bytes(report), "other.zip") is None
    for damaged in (b"", b"{", b'{"file": "a.zip"}', b'{"file": "a.zip", "found": [[1]]}'):
        assert report_from_bytes(damaged, "a.zip") is None


def test_evidence_reads_back_as_it_was_written() -> None:
    evidence = story_evidence("hidden-story", "The hidden story of Ward 9", None, HIDDEN_BODY)
    assert evidence_from_bytes(evidence_to_bytes(evidence), "hidden-story") == evidence
    assert evidence_from_bytes(evidence_to_bytes(evidence), "other-story") is None
    assert evidence_from_bytes(b"[]", "hidden-story") is None


def test_unchanged_files_are_not_scanned_again_and_findings_stay(
    tmp_path: Path, one_held_back: Anthology, scans: list[str]
) -> None:
    site, memory = _site(tmp_path, LEAK), Memory()
    first = scan_site(site, one_held_back, memory=memory, workers=1)
    assert [f.file for f in first.findings] == ["leak.html"]
    assert sorted(scans) == sorted(LEAK)
    scans.clear()

    again = scan_site(site, one_held_back, memory=memory, workers=1)
    assert again == first  # the leak is still reported, from the kept report
    assert scans == []

    (site / "index.html").write_text("<h1>An open story</h1><p>Changed.</p>", "utf-8")
    changed = scan_site(site, one_held_back, memory=memory, workers=1)
    assert scans == ["index.html"]
    assert [f.file for f in changed.findings] == ["leak.html"]


def test_a_damaged_report_is_scanned_again(
    tmp_path: Path, one_held_back: Anthology, scans: list[str]
) -> None:
    site, memory = _site(tmp_path, LEAK), Memory()
    first = scan_site(site, one_held_back, memory=memory, workers=1)
    for key in memory:
        memory[key] = b"not a report"
    scans.clear()
    assert scan_site(site, one_held_back, memory=memory, workers=1) == first
    assert sorted(scans) == sorted(LEAK)


def test_other_targets_mean_every_file_is_scanned_again(
    tmp_path: Path, stories_dir: Path, one_held_back: Anthology, scans: list[str]
) -> None:
    site, memory = _site(tmp_path, LEAK), Memory()
    scan_site(site, one_held_back, memory=memory, workers=1)
    write_story(stories_dir, "open-story", title="An open story", consent_record=consent("pending"))
    held_more = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    scans.clear()
    result = scan_site(site, held_more, memory=memory, workers=1)
    assert sorted(scans) == sorted(LEAK)
    assert {(f.file, f.slug) for f in result.findings} >= {
        ("leak.html", "hidden-story"),
        ("index.html", "open-story"),
    }


def test_evidence_is_reused_for_the_same_text_only(
    one_held_back: Anthology, stories_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = Memory()
    made: list[str] = []
    original = audit_targets.story_evidence

    def counted(slug: str, *args: object) -> object:
        made.append(slug)
        return original(slug, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_targets, "story_evidence", counted)
    first = plan_audit(one_held_back, stories_dir=stories_dir, memory=memory)
    assert made == ["hidden-story"]
    again = plan_audit(one_held_back, stories_dir=stories_dir, memory=memory)
    assert made == ["hidden-story"]
    assert again == first

    write_story(
        stories_dir,
        "hidden-story",
        title="The hidden story of Ward 9",
        body=HIDDEN_BODY + "\nA sentence added later, long enough to be a paragraph of its own.\n",
        consent_record=consent("pending"),
    )
    edited = load_anthology(stories_dir, BUILD_DATE, display_dir="stories")
    plan = plan_audit(edited, stories_dir=stories_dir, memory=memory)
    assert made == ["hidden-story", "hidden-story"]
    assert plan.digest != first.digest
    assert first.held == plan_audit(one_held_back, stories_dir=stories_dir).held  # no memory
