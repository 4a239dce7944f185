"""The package's layers, each importing only the layers below it (README, CONTRIBUTING).

``core`` knows stories, the identifier scan and the publishing rule; ``safety`` (the HTML
sanitizer and the output audit) builds on it; ``pack`` (teaching packs as PDF) on both; ``site``
(the MkDocs plugin) and ``editors`` (the command line) are the adapters on top. Inside ``site``,
the page structure (``site/pages``) imports neither MkDocs nor the adapter around it. Every import
counts, those inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "kairos"
LAYERS = ("core", "safety", "pack", "site", "editors")
#: Outside packages a layer may not import: the core is portable to another engine.
FORBIDDEN = {
    "core": ("mkdocs", "material", "click", "jinja2", "markdown"),
    "safety": ("click",),
    "pack": ("mkdocs", "click"),
}


def imported_modules(relative: PurePosixPath, source: str) -> list[tuple[int, str]]:
    """Every module imported by the module at ``relative`` (inside the package), at any depth,
    with its line; relative imports resolved."""
    package = ["kairos", *relative.parent.parts]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
    return found


def layer_violations(relative: PurePosixPath, source: str) -> list[str]:
    """``path:line: imports module`` for each import the module's layer may not make."""
    own = relative.parts[0]
    if own not in LAYERS:
        return []  # kairos/__init__.py: the public API, made of the core
    allowed = LAYERS[: LAYERS.index(own) + 1]
    wrong = []
    for line, module in imported_modules(relative, source):
        parts = module.split(".")
        reaches_up = parts[0] == "kairos" and len(parts) > 1 and parts[1] in LAYERS
        if (
            (reaches_up and parts[1] not in allowed)
            or parts[0] in FORBIDDEN.get(own, ())
            or (relative.parts[:2] == ("site", "pages") and _outside_page_structure(parts))
        ):
            wrong.append(f"{relative}:{line}: imports {module}")
    return wrong


def _outside_page_structure(parts: list[str]) -> bool:
    """MkDocs, or the plugin's adapter modules (``kairos.site.*`` but ``kairos.site.pages``)."""
    adapter = parts[:2] == ["kairos", "site"] and parts[2:3] != ["pages"]
    return parts[0] in ("mkdocs", "material") or adapter


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(PACKAGE).as_posix() for p in MODULES])
def test_each_module_imports_only_its_layer_and_those_below(path: Path) -> None:
    relative = PurePosixPath(path.relative_to(PACKAGE).as_posix())
    assert layer_violations(relative, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("relative", "source", "found"),
    [
        (
            "core/anthology.py",
            "def f():\n    from kairos.editors.commands.new_command import GUIDE_EXAMPLE\n",
            ["core/anthology.py:2: imports kairos.editors.commands.new_command"],
        ),
        ("core/story.py", "import mkdocs.plugins\n", ["core/story.py:1: imports mkdocs.plugins"]),
        (
            "safety/audit/site_scan.py",
            "from ...site import plugin\n",
            ["safety/audit/site_scan.py:1: imports kairos.site"],
        ),
        ("site/plugin.py", "from kairos.safety.audit import report\nimport click\n", []),
        ("editors/cli.py", "from kairos.site.plugin import KairosPlugin\n", []),
        (
            "site/pages/feed.py",
            "from mkdocs.utils import x\nfrom kairos.site.site_build import y\n"
            "from kairos.site.pages.site_urls import z\n",
            [
                "site/pages/feed.py:1: imports mkdocs.utils",
                "site/pages/feed.py:2: imports kairos.site.site_build",
            ],
        ),
    ],
)
def test_the_rule_sees_every_kind_of_import(relative: str, source: str, found: list[str]) -> None:
    """The check itself can fail: a layer reaching up, even inside a function, is seen."""
    assert layer_violations(PurePosixPath(relative), source) == found
