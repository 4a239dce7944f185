"""``kairos pack``: a collection's pack for private use, its messages and exit statuses, and
the words it prints from the mkdocs.yml beside the stories folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from kairos.editors.commands.cli import main
from kairos.editors.commands.pack_command import pack_settings_beside
from kairos.pack.pack_document import PackSettings
from kairos.site.pages.site_identity import DEFAULT_SUPPORT

from ...collection_cases import teaching_folder, valid_collection

MORE = "  - story: a-story-taken-back\n  - story: teaching-only\n"


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["pack", *args, "--date", "2026-06-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_private_pack_is_written_and_what_is_left_out_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teaching_folder(tmp_path, {"kindness.md": valid_collection(MORE)})
    status, output = run(tmp_path, monkeypatch, "kindness", "-o", "pack.pdf")
    assert status == 0
    lines = output.splitlines()
    assert lines[0] == (
        "stories/collections/kindness.md:12: left out: 'a-story-taken-back' (withdrawn)"
    )
    assert lines[1].startswith("wrote pack.pdf (2 of 3 stories, ")
    assert lines[1].endswith(" KiB), for private use only")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "pack.pdf").pages)
    assert "For private use only." in " ".join(text.split())
    assert "The midwife who stayed late" in text


def test_a_collection_with_errors_writes_no_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = valid_collection("  - story: the-nurse-who-sat-dwn\n")
    teaching_folder(tmp_path, {"kindness.md": broken})
    status, output = run(tmp_path, monkeypatch, "kindness", "-o", "pack.pdf")
    assert status == 1
    assert "stories/collections/kindness.md:12: stories.story: found 'the-nurse-who-sat-dwn'" in (
        output
    )
    assert output.endswith(
        "kairos pack: stories/collections/kindness.md has errors; no pack was written\n"
    )
    assert not (tmp_path / "pack.pdf").exists()


def test_an_unknown_collection_is_named_with_those_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teaching_folder(tmp_path, {"kindness.md": valid_collection()})
    status, output = run(tmp_path, monkeypatch, "kindnes", "-o", "pack.pdf")
    assert status == 2
    assert output == (
        "kairos pack: no collection 'kindnes' in stories/collections (found: kindness)\n"
    )


# The site's words

D = dt.date(2026, 6, 1)


def test_the_sites_name_address_language_and_plugin_options(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Ward stories\n"
        "site_url: https://example.org/kairos/\n"
        "theme:\n  name: material\n  language: cy\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - kairos:\n      organisation: Kairos Trust\n"
        "      support: Call the helpline.\n      support_url: tel:+44800\n",
        encoding="utf-8",
    )
    assert pack_settings_beside(tmp_path / "stories", D) == PackSettings(
        site_name="Ward stories",
        organisation="Kairos Trust",
        support="Call the helpline.",
        build_date=D,
        site_url="https://example.org/kairos/",
        support_url="tel:+44800",
        language="cy",
    )


def test_neutral_words_without_a_readable_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    expected = PackSettings("Stories of care", "Stories of care", DEFAULT_SUPPORT, D)
    assert pack_settings_beside(tmp_path / "stories", D) == expected
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV SITE_URL\nsite_name: [", "utf-8")
    assert pack_settings_beside(tmp_path / "stories", D) == expected
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV SITE_URL\n", "utf-8")
    assert pack_settings_beside(tmp_path / "stories", D) == expected
