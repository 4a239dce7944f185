"""A pytest plugin for tests/test_without_samples.py: collect the whole suite, run a few tests.

With ``-p tests.run_listed`` and ``KAIROS_RUN_LISTED`` (node ids or module paths, one a line),
pytest collects every test it is given (so every module's top level runs), says how many it
collected, and runs only the listed ones: one process instead of a collection and a run.
"""

from __future__ import annotations

import os

import pytest

#: What the plugin writes once collection is done; tests/test_without_samples.py reads it.
COLLECTED = "kairos: collected {count} tests before running the listed ones"
_COUNT = pytest.StashKey[int]()


def _listed(nodeid: str, names: list[str]) -> bool:
    return any(nodeid == name or nodeid.startswith((f"{name}::", f"{name}[")) for name in names)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    names = [name for name in os.environ.get("KAIROS_RUN_LISTED", "").splitlines() if name]
    if not names:
        return
    config.stash[_COUNT] = len(items)
    kept = [item for item in items if _listed(item.nodeid, names)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if _COUNT in config.stash:
        terminalreporter.write_line(COLLECTED.format(count=config.stash[_COUNT]))
