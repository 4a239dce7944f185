"""What the audit looks for (``site_scan.targets``): no false alarm from the documentation's
examples or from placeholder text, on the repository's own docs built for real (beside the
tests' sample stories, so that it holds whatever the repository's stories/ holds)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from kairos.core.anthology import load_anthology
from kairos.core.story import SLUG_PATTERN
from kairos.editors.commands.new_command import GUIDE_EXAMPLE, render_new_story
from kairos.safety.audit.site_scan import docs_tokens, scan_site

from ...sample_site import ANTHOLOGY, BUILD_DATE, SOURCE_DATE_EPOCH, STORIES
from ...site_factory import BUILD_DATE as FACTORY_DATE
from ...site_factory import consent, write_story

REPO = Path(__file__).resolve().parents[3]
_MENTIONS = re.compile(r"stories/([a-z0-9-]+)|`([a-z0-9]+(?:-[a-z0-9]+)+)(?:\.md)?`")
_STORY_FILES = re.compile(r"(?:stories/|`)([a-z0-9]+(?:-[a-z0-9]+)*)\.md")


def docs_slugs() -> list[str]:
    """Every slug-like name the built docs mention (in backticks, or as ``stories/<slug>``),
    and every story file name README and CONTRIBUTING give as an example."""
    built = [path.read_text(encoding="utf-8") for path in sorted((REPO / "docs").rglob("*.md"))]
    mentioned = {a or b for text in built for a, b in _MENTIONS.findall(text)}
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        mentioned |= set(_STORY_FILES.findall(text))
    taken = {path.stem for path in STORIES.glob("*.md")}
    reserved = {"index", "page", "vocabulary"}
    return sorted(s for s in mentioned - taken - reserved if re.fullmatch(SLUG_PATTERN, s))


def test_a_slug_the_docs_mention_is_not_looked_for_as_an_address(
    tmp_path: Path, stories_dir: Path
) -> None:
    write_story(stories_dir, "the-lamp", title="Only here", consent_record=consent("pending"))
    anthology = load_anthology(stories_dir, FACTORY_DATE, display_dir="stories")
    site = tmp_path / "site"
    site.mkdir()
    (site / "guide.html").write_text("<code>stories/the-lamp.md</code>", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    assert [f.evidence for f in scan_site(site, anthology, docs_dir=docs).findings] == [
        ("address", "slug")
    ]
    (docs / "guide.md").write_text("Name it `stories/the-lamp.md`.\n", encoding="utf-8")
    assert docs_tokens(docs) >= {"stories", "the-lamp", "md"}
    assert scan_site(site, anthology, docs_dir=docs).lines("site") == []


@pytest.fixture(scope="module")
def built_with_new_stories(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The repository's docs beside the sample stories, with a pending story, as ``kairos new``
    writes it, for every slug the documentation mentions, and one with the guide's template
    pasted as it is."""
    root = tmp_path_factory.mktemp("docs-slugs")
    stories = root / "stories"
    shutil.copytree(STORIES, stories)
    slugs = docs_slugs()
    assert {"mothers-hands", "the-nurse-who-sat-down"} <= set(slugs)
    for number, slug in enumerate(slugs):
        new = dataclasses.replace(
            GUIDE_EXAMPLE,
            title=f"Pending story number {number} of the collision check",
            summary=f"Summary {number} of a pending story written by kairos new.",
        )
        (stories / f"{slug}.md").write_text(render_new_story(new), encoding="utf-8")
    (stories / "pasted-template.md").write_text(render_new_story(GUIDE_EXAMPLE), encoding="utf-8")
    config = yaml.safe_load((ANTHOLOGY / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config.pop("watch", None)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "kairos" in plugin:
            plugin["kairos"]["stories_dir"] = str(stories)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = root / "site"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        build(load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site)))
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return site, stories


def test_the_docs_build_clean_beside_stories_named_like_their_examples(
    built_with_new_stories: tuple[Path, Path],
) -> None:
    site, stories = built_with_new_stories  # the strict build ran the audit and passed
    anthology = load_anthology(stories, BUILD_DATE, display_dir="stories")
    held = {j.slug for j in anthology.held_back}
    assert {*docs_slugs(), "pasted-template"} <= held
    assert (
        scan_site(site, anthology, stories_dir=stories, docs_dir=REPO / "docs").lines("site") == []
    )
    # The editors' guide, with its examples, is in the repository (editors/), not on the site.
    assert not (site / "editors").exists()
    assert (site / "about" / "index.html").is_file()
