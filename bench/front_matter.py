"""Benchmark: Kairos' front-matter reader against python-frontmatter, on the same texts.

For N = 5,000 seeded synthetic stories, read once into memory, it times (best of
``KAIROS_BENCH_REPEATS`` runs, in this one process) splitting the front-matter from the text
and reading the YAML, with Kairos' ``split_front_matter`` + ``read_yaml_mapping`` (line numbers
kept, duplicate keys and aliases refused) and with python-frontmatter (``YAMLHandler.split``,
``frontmatter.loads`` with libyaml). Run: ``python bench/front_matter.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import frontmatter

from kairos.core.front_matter import read_yaml_mapping, split_front_matter

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_stories import write_anthology

N = int(os.environ.get("KAIROS_BENCH_SIZES", "5000").split(",")[-1])
REPEATS = int(os.environ.get("KAIROS_BENCH_REPEATS", "5"))


def best(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_anthology(Path(tmp), N)
        texts = [path.read_text("utf-8") for path in sorted(folder.glob("*.md"))]
    handler = frontmatter.YAMLHandler()

    def kairos_split() -> None:
        for text in texts:
            split_front_matter(text, "story.md")

    def kairos_read() -> None:
        for text in texts:
            block, _ = split_front_matter(text, "story.md")
            assert block is not None
            read_yaml_mapping(block.yaml_text, "story.md", block.yaml_first_line)

    def frontmatter_split() -> None:
        for text in texts:
            handler.split(text)

    def frontmatter_read() -> None:
        for text in texts:
            frontmatter.loads(text)

    print(f"python {sys.version.split()[0]}; {len(texts):,} stories; best of {REPEATS}")
    print("| step | Kairos s | python-frontmatter s | ratio |")
    print("|---|---|---|---|")
    for step, ours, theirs in (
        ("split front-matter from text", kairos_split, frontmatter_split),
        ("split and read the YAML", kairos_read, frontmatter_read),
    ):
        mine, other = best(ours), best(theirs)
        print(f"| {step} | {mine:.3f} | {other:.3f} | {mine / other:.2f} |")


if __name__ == "__main__":
    main()
