"""Measure the identifier scanner: recall and false positives on the labelled set, then speed.

Every text is scanned as the checker scans it: as written and as a reader sees it (line wraps
joined, entities decoded, markup removed, see ``kairos.core.reader_text`` and
``kairos.core.shown_text``). Run from the repository root with
``python bench/identifiers.py``. Exits 1 when recall drops
below 95% or the false-positive rate rises above 5%, so it can gate a change to the patterns.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
try:
    from kairos.core.identifiers import KINDS
    from kairos.core.shown_text import scan_as_shown as scan_identifiers
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "plugins"))
    from kairos.core.identifiers import KINDS
    from kairos.core.shown_text import scan_as_shown as scan_identifiers

LABELLED = ROOT / "tests" / "fixtures" / "identifiers" / "labelled.yml"
MIN_RECALL = 0.95
MAX_FALSE_POSITIVE_RATE = 0.05
CORPUS_BYTES = 5 * 1024 * 1024
STORY_BYTES = 8 * 1024  # a long-ish story; the scanner runs once per story page


#: Texts that would make a backtracking pattern slow (the tests run them for behaviour only).
PATHOLOGICAL = [
    "1" * 50_000,
    "+1 " * 20_000,
    "a@" * 25_000,
    "<!-- kairos: reviewed " * 3_000,
    "http://" * 8_000,
    "MRN 1" + "-1" * 25_000,
    "0 " * 25_000,
    "[" * 50_000 + "](",
    "[x" * 25_000,
    "*_`~" * 20_000,
    "<b>1</b>" * 10_000,
]


def load_labelled() -> tuple[list[dict[str, str]], list[str]]:
    with LABELLED.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data["positives"], data["negatives"]


def synthetic_stories(positives: list[str], negatives: list[str]) -> list[str]:
    """Pages of about STORY_BYTES: mostly ordinary sentences, now and then an identifier."""
    rng = random.Random(7)
    stories: list[str] = []
    size = 0
    while size < CORPUS_BYTES:
        paragraphs: list[str] = []
        length = 0
        while length < STORY_BYTES:
            sentences = rng.sample(negatives, 5)
            if rng.random() < 0.1:
                sentences[rng.randrange(5)] = rng.choice(positives)
            paragraphs.append(" ".join(sentences))
            length += len(paragraphs[-1]) + 2
        stories.append("\n\n".join(paragraphs))
        size += len(stories[-1].encode("utf-8"))
    return stories


def main() -> int:
    positives, negatives = load_labelled()
    found = Counter[str]()
    total = Counter(item["kind"] for item in positives)
    for item in positives:
        if item["kind"] in {finding.kind for finding in scan_identifiers(item["text"])}:
            found[item["kind"]] += 1
    flagged = [text for text in negatives if scan_identifiers(text)]
    recall = sum(found.values()) / len(positives)
    false_positive_rate = len(flagged) / len(negatives)

    print(f"{'kind':<40} {'found':>5} {'of':>4} {'recall':>7}")
    for kind in KINDS:
        print(f"{kind:<40} {found[kind]:>5} {total[kind]:>4} {found[kind] / total[kind]:>7.1%}")
    print(f"overall recall: {recall:.1%} ({sum(found.values())}/{len(positives)})")
    print(f"false-positive rate: {false_positive_rate:.1%} ({len(flagged)}/{len(negatives)})")
    for text in flagged:
        print(f"  flagged: {text!r} -> {[f.text for f in scan_identifiers(text)]}")

    snippets = [item["text"] for item in positives] + negatives
    rounds = 0
    began = time.perf_counter()
    while time.perf_counter() - began < 1.0:
        for snippet in snippets:
            scan_identifiers(snippet)
        rounds += 1
    snippet_rate = rounds * len(snippets) / (time.perf_counter() - began)

    stories = synthetic_stories([item["text"] for item in positives], negatives)
    megabytes = sum(len(story.encode("utf-8")) for story in stories) / 1e6
    began = time.perf_counter()
    findings = sum(len(scan_identifiers(story)) for story in stories)
    elapsed = time.perf_counter() - began
    print(f"throughput: {snippet_rate:,.0f} snippets/s")
    print(
        f"throughput: {megabytes / elapsed:.2f} MB/s over {megabytes:.1f} MB "
        f"in {len(stories)} stories ({findings} findings, {elapsed:.2f} s)"
    )

    began = time.perf_counter()
    for text in PATHOLOGICAL:
        scan_identifiers(text)  # as written and as shown
    print(
        f"pathological inputs: {time.perf_counter() - began:.2f} s for {len(PATHOLOGICAL)} texts "
        "of up to 50,000 characters"
    )

    ok = recall >= MIN_RECALL and false_positive_rate <= MAX_FALSE_POSITIVE_RATE
    if not ok:
        print(
            f"FAIL: need recall >= {MIN_RECALL:.0%} and false positives "
            f"<= {MAX_FALSE_POSITIVE_RATE:.0%}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
