"""Generated pages inside the MkDocs build (site_pages): what the build keeps of them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from ..site_factory import build_site, write_project, write_story, write_vocabulary

#: An MkDocs hook that records, as each page is rendered, what its file and page hold.
HOOK = """
import json
from pathlib import Path

seen = {}

def on_page_context(context, page, config, nav):
    seen[page.file.src_uri] = [page.file.content_string, page.markdown]
    return context

def on_post_build(config):
    Path(config.site_dir, "..", "seen.json").write_text(json.dumps(seen))
"""


def test_a_generated_file_keeps_no_copy_of_the_story_once_read(project: Path) -> None:
    write_vocabulary(project / "stories")
    write_story(project / "stories", "night-shift", body="She sat down beside me at three.\n")
    config_path = write_project(project, plugin={"search": "none"})
    (project / "seen_hook.py").write_text(HOOK, "utf-8")
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["hooks"] = [str(project / "seen_hook.py")]
    config_path.write_text(yaml.safe_dump(config), "utf-8")
    build_site(project)
    seen = json.loads((project / "seen.json").read_text("utf-8"))
    file_text, markdown = seen["stories/night-shift.md"]
    assert "She sat down beside me at three." in markdown
    assert file_text == ""
    assert "Stories of care." in seen["index.md"][0]  # a hand-written page's file is untouched


@pytest.mark.parametrize(
    "not_in_nav", [None, "/themes/index.md\n/levels/index.md\n/roles/index.md\n"]
)
def test_generated_index_pages_follow_not_in_nav(
    project: Path, caplog: pytest.LogCaptureFixture, not_in_nav: str | None
) -> None:
    """An index page left out of ``nav:`` is listed as omitted unless ``not_in_nav`` names it,
    as for a hand-written page (mkdocs.yml names the pages the footer links to instead)."""
    write_vocabulary(project / "stories")
    write_story(project / "stories", "night-shift")
    config_path = write_project(project, plugin={"search": "none"})
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["nav"] = [{"Home": "index.md"}, {"Stories": "stories/index.md"}]
    if not_in_nav:
        config["not_in_nav"] = not_in_nav
    config_path.write_text(yaml.safe_dump(config), "utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build_site(project)
    omitted = [r.getMessage() for r in caplog.records if "not included in the" in r.getMessage()]
    if not_in_nav:
        assert omitted == []
    else:
        assert omitted == [
            "The following pages exist in the docs directory, but are not included in the "
            '"nav" configuration:\n  - themes/index.md\n  - levels/index.md\n  - roles/index.md'
        ]
