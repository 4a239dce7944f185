"""Fuzzing the story loader: no input raises, and no invalid story is ever publishable.

A short run is part of the suite; ``make fuzz`` sets ``KAIROS_FUZZ_SECONDS=600`` for a long one.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kairos.core.publishing import publishing_rule
from kairos.core.story_loader import load_story
from kairos.core.vocabulary import Term, Vocabulary

from ..story_cases import valid_story

VOCABULARY = Vocabulary(
    themes={"kindness": Term(label="Kindness"), "end-of-life": Term(label="End of life")},
    content_notes={"death": Term(label="Death")},
)
D = dt.date(2026, 6, 1)
FUZZ_SECONDS = float(os.environ.get("KAIROS_FUZZ_SECONDS", "0"))
SHORT = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_WORKDIR = Path(tempfile.mkdtemp(prefix="kairos-fuzz-"))


def load_bytes(content: bytes) -> None:
    """Load ``content`` as a story; fail if it raises or an invalid story could be published."""
    file = _WORKDIR / "fuzzed-story.md"
    file.write_bytes(content)
    loaded = load_story(file, "stories/fuzzed-story.md", VOCABULARY)
    if not loaded.is_valid:
        assert loaded.story is None
        assert not publishing_rule(loaded.story, D).published
    else:
        assert loaded.story is not None


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["granted", "website", "kindness", "proxy", "patient", "co-planning"]),
)
yaml_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "title",
        "summary",
        "storyteller",
        "published",
        "themes",
        "framework_level",
        "consent",
        "content_notes",
        "reflection",
        "fictional",
        "status",
        "scope",
        "date",
        "review_by",
    ]
)


def front_matter(data: Any) -> bytes:
    return ("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nText.\n").encode()


@SHORT
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(content: bytes) -> None:
    load_bytes(content)


@SHORT
@given(st.binary(max_size=500))
def test_arbitrary_bytes_after_a_fence(content: bytes) -> None:
    load_bytes(b"---\n" + content + b"\n---\n")


@SHORT
@given(st.dictionaries(field_names | st.text(max_size=10), yaml_values, max_size=12))
def test_arbitrary_yaml_mappings(data: dict[str, Any]) -> None:
    load_bytes(front_matter(data))


@SHORT
@given(st.integers(0, 2000), st.text(max_size=20))
def test_a_valid_story_with_text_spliced_in(position: int, inserted: str) -> None:
    text = valid_story()
    position = min(position, len(text))
    load_bytes((text[:position] + inserted + text[position:]).encode())


@SHORT
@given(st.sampled_from(list(yaml.safe_load(valid_story().split("---")[1]))), yaml_values)
def test_a_valid_story_with_one_field_replaced(field: str, value: Any) -> None:
    data = yaml.safe_load(valid_story().split("---")[1])
    data[field] = value
    load_bytes(front_matter(data))


def test_long_fuzz_run() -> None:
    """Only with ``KAIROS_FUZZ_SECONDS`` (``make fuzz``): every target, round after round."""
    if not FUZZ_SECONDS:
        pytest.skip(
            "LONG FUZZ RUN NOT RUN: it runs only with KAIROS_FUZZ_SECONDS set, as 'make fuzz' "
            "does (ten minutes); the short runs above ran"
        )
    deadline = time.monotonic() + FUZZ_SECONDS
    targets = [
        test_arbitrary_bytes,
        test_arbitrary_bytes_after_a_fence,
        test_arbitrary_yaml_mappings,
        test_a_valid_story_with_text_spliced_in,
        test_a_valid_story_with_one_field_replaced,
    ]
    rounds = 0
    while time.monotonic() < deadline:
        for target in targets:
            target()
        rounds += 1
    print(f"fuzzed {rounds} rounds of {len(targets)} targets x {SHORT.max_examples} examples")
