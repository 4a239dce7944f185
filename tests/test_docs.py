"""Docs checked by tests: commands, options and fields documented; generated files current."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from kairos.core.collection import Collection
from kairos.core.schema import json_schema, json_schema_text
from kairos.core.story import Story
from kairos.editors.commands.cli import main
from kairos.editors.commands.new_command import GUIDE_EXAMPLE, render_new_story
from kairos.editors.reports.field_reference import field_paths, field_reference_markdown
from kairos.site.config import KairosConfig, PrivacyConfig

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EDITORS = ROOT / "editors"
GUIDE = EDITORS / "guide.md"
FIELDS_PAGE = EDITORS / "fields.md"
SCHEMA_FILE = EDITORS / "story.schema.json"
COLLECTION_SCHEMA_FILE = EDITORS / "collection.schema.json"
REGENERATE = {
    FIELDS_PAGE: "kairos fields > editors/fields.md",
    SCHEMA_FILE: "kairos schema > editors/story.schema.json",
    COLLECTION_SCHEMA_FILE: "kairos schema --collection > editors/collection.schema.json",
}


def doc_texts() -> dict[str, str]:
    """The public pages (docs/), the editors' documentation (editors/), README.md and the
    maintainers' notes (MAINTAINERS.md)."""
    files = sorted(DOCS.rglob("*.md")) + sorted(EDITORS.rglob("*.md"))
    for name in ("README.md", "MAINTAINERS.md"):
        if (ROOT / name).is_file():
            files.append(ROOT / name)
    return {f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files}


with click.Context(main) as _context:
    COMMANDS = [(name, main.get_command(_context, name)) for name in main.list_commands(_context)]


def long_options(command: click.Command) -> list[str]:
    return sorted(
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--") and name != "--help"
    )


# The command line


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"kairos {name} {param.opts[0]} has no help"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_is_in_the_docs(name: str, command: click.Command) -> None:
    """Each option must appear in a page that also names the command."""
    pages = {path: text for path, text in doc_texts().items() if f"kairos {name}" in text}
    assert pages, f"'kairos {name}' is not in docs/, editors/ or README.md"
    missing = [
        option
        for option in long_options(command)
        if not any(re.search(rf"{option}\b", text) for text in pages.values())
    ]
    assert missing == [], f"kairos {name}: options not documented beside it: {missing}"


def test_the_group_options_are_in_the_docs() -> None:
    text = "\n".join(doc_texts().values())
    for option in long_options(main):
        assert f"kairos {option}" in text


# The plugin's options


PLUGIN_OPTIONS = sorted(name for name, _ in KairosConfig._schema)


@pytest.mark.parametrize("option", PLUGIN_OPTIONS)
def test_every_plugin_option_is_explained_in_config_py_and_the_readme(option: str) -> None:
    source = (ROOT / "plugins" / "kairos" / "site" / "config.py").read_text(encoding="utf-8")
    assert re.search(rf"#: [^\n]+\n(?:    #:[^\n]*\n)*    {option} = c\.", source), (
        f"{option} has no #: docstring in plugins/kairos/site/config.py"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{option}`" in readme, f"the kairos option {option} is not in README.md"


@pytest.mark.parametrize("option", sorted(name for name, _ in PrivacyConfig._schema))
def test_every_privacy_option_is_explained_in_config_py_and_the_readme(option: str) -> None:
    source = (ROOT / "plugins" / "kairos" / "site" / "config.py").read_text(encoding="utf-8")
    assert re.search(rf"#: [^\n]+\n(?:    #:[^\n]*\n)*    {option} = c\.", source)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`privacy.{option}`" in readme, f"privacy.{option} is not in README.md"


# Front-matter fields


@pytest.mark.parametrize("path", field_paths(json_schema(Story)))
def test_every_field_is_explained_in_the_editors_guide(path: str) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"`{path}`" in text or f"`{path}:" in text


@pytest.mark.parametrize("path", field_paths(json_schema(Collection)))
def test_every_collection_field_is_explained_in_the_editors_guide(path: str) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"`{path}`" in text or f"`{path}:" in text


# Generated files


@pytest.mark.parametrize(
    ("file", "generated"),
    [
        (FIELDS_PAGE, field_reference_markdown),
        (SCHEMA_FILE, lambda: json_schema_text(Story)),
        (COLLECTION_SCHEMA_FILE, lambda: json_schema_text(Collection)),
    ],
    ids=["fields.md", "story.schema.json", "collection.schema.json"],
)
def test_generated_files_are_current(file: Path, generated: Callable[[], str]) -> None:
    current = generated()
    committed = file.read_text(encoding="utf-8") if file.is_file() else ""
    assert committed == current, f"{file.relative_to(ROOT)} is out of date; run: {REGENERATE[file]}"


def test_the_guides_template_is_what_kairos_new_writes() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert render_new_story(GUIDE_EXAMPLE) == blocks[0]


def test_contributing_links_resolve() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)\)", text)
    assert targets
    assert [t for t in targets if not (ROOT / t).exists()] == []


def test_contributing_and_the_readme_agree_on_the_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    preview = re.findall(r"http://127\.0\.0\.1:8000/\S*", readme + contributing)
    assert set(preview) == {"http://127.0.0.1:8000/kairos/"}
    for text in (readme, contributing):
        assert "make serve" in text
        assert "make test" in text
        assert "Node.js 20 or later" in text
