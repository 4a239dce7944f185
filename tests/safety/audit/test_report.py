"""The audit's report lines, which go to build logs and the deploy issue (the line's format is
tested with the scan, in test_site_scan)."""

from __future__ import annotations

from kairos.safety.audit.report import AuditFinding


def test_a_title_holding_a_possible_identifier_is_masked() -> None:
    masked = AuditFinding("feed.xml", "born", "Born on 12 March 1954", ("title",))
    assert masked.line("site") == "site/feed.xml: held-back story 'born' ([masked]) found"
    shown = AuditFinding("feed.xml", "born", "Born in March", ("title",))
    assert shown.line("site") == "site/feed.xml: held-back story 'born' (Born in March) found"
