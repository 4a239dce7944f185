"""A story that is not published appears in NO output file, whatever the reason it is held back.

Each held-back story carries a unique token in its title, summary and text (a withdrawn
tombstone in its title and summary only). After a preview build, the test reads every output
file (``.gz`` and Pagefind's search files decompressed) and looks for the tokens and slugs.
The published stories' tokens must be found, so the search itself is shown to work.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kairos.core.anthology import load_anthology
from kairos.core.publishing import HoldReason

from ..site_factory import (
    BUILD_DATE,
    build_site,
    consent,
    site_texts,
    write_project,
    write_story,
    write_vocabulary,
)

AFTER_D = BUILD_DATE + dt.timedelta(days=1)
BEFORE_D = BUILD_DATE - dt.timedelta(days=1)


@dataclass(frozen=True)
class Case:
    slug: str
    token: str
    reason: HoldReason | None
    options: dict[str, object]
    in_body: bool = True


CASES = (
    Case(
        "leak-pending",
        "zqxpendingtoken",
        HoldReason.PENDING,
        {"consent_record": consent("pending")},
    ),
    Case(
        "leak-withdrawn",
        "zqxwithdrawntoken",
        HoldReason.WITHDRAWN,
        {"consent_record": consent("withdrawn")},
        in_body=False,
    ),
    Case(
        "leak-overdue",
        "zqxoverduetoken",
        HoldReason.CONSENT_REVIEW_OVERDUE,
        {"consent_record": consent(review_by=BEFORE_D)},
    ),
    Case(
        "leak-consent-later",
        "zqxconsentlatertoken",
        HoldReason.CONSENT_DATED_AFTER_BUILD_DATE,
        {"consent_record": consent(date=AFTER_D)},
    ),
    Case("leak-embargoed", "zqxembargoedtoken", HoldReason.EMBARGOED, {"published": AFTER_D}),
    Case(
        "leak-no-website",
        "zqxnowebsitetoken",
        HoldReason.NOT_IN_WEBSITE_SCOPE,
        {"consent_record": consent(scope=("search-engines", "feed"))},
    ),
    Case(
        "leak-unapproved",
        "zqxunapprovedtoken",
        HoldReason.FINAL_TEXT_NOT_APPROVED,
        {"consent_record": consent(final_text_approved=False)},
    ),
    Case("leak-invalid", "zqxinvalidtoken", HoldReason.INVALID, {"themes": ("kindnes",)}),
)
PUBLISHED = (
    Case(
        "shown-one",
        "zqxshownonetoken",
        None,
        {
            "consent_record": consent()
            | {
                "record": "KF-zqxrecordtoken",
                "given_by": "proxy",
                "proxy_relationship": "zqxproxytoken",
            }
        },
    ),
    Case("shown-two", "zqxshowntwotoken", None, {"themes": ("kindness", "waiting")}),
)


def _write(stories: Path, case: Case) -> None:
    body = f"The text of this story mentions {case.token} in its second sentence.\n"
    write_story(
        stories,
        case.slug,
        title=f"The {case.token} title",
        summary=f"A summary that holds {case.token} for the cards.",
        body=body if case.in_body else "",
        **case.options,  # type: ignore[arg-type]
    )


def _leaks(site: Path, needles: list[str]) -> dict[str, list[str]]:
    texts = site_texts(site)
    found = {}
    for needle in needles:
        files = [name for name, text in texts.items() if needle.lower() in text.lower()]
        if files:
            found[needle] = files
    return found


@pytest.fixture(scope="module")
def anthology_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    stories = root / "stories"
    write_vocabulary(stories)
    for case in (*CASES, *PUBLISHED):
        _write(stories, case)
    write_project(root, docs={"about.md": "# About\n\nA page.\n"})
    return root


@pytest.fixture(scope="module")
def preview_site(anthology_root: Path) -> Path:
    return build_site(anthology_root, strict=False, site_dir=anthology_root / "site")


def test_every_hold_back_reason_is_covered(anthology_root: Path) -> None:
    anthology = load_anthology(anthology_root / "stories", BUILD_DATE)
    reasons = {story.slug: story.verdict.reason for story in anthology.stories}
    for case in (*CASES, *PUBLISHED):
        assert reasons[case.slug] == case.reason, case.slug
    assert {case.reason for case in CASES} == set(HoldReason)


def test_no_held_back_story_reaches_any_output_file(preview_site: Path) -> None:
    needles = [case.token for case in CASES] + [case.slug for case in CASES]
    assert _leaks(preview_site, needles) == {}


def test_published_stories_do_reach_the_output(preview_site: Path) -> None:
    found = _leaks(preview_site, [case.token for case in PUBLISHED])
    for case in PUBLISHED:
        files = found[case.token]
        assert f"stories/{case.slug}/index.html" in files
        # The search index (Pagefind: a fragment with the page's text, and its words).
        assert any(name.startswith("pagefind/fragment/") for name in files)
        assert any(name.startswith("pagefind/index/") for name in files)
        assert "feed.xml" in files
        assert "index.html" in files  # the home page's newest stories
    assert "sitemap.xml.gz" in _leaks(preview_site, ["stories/shown-one/"])["stories/shown-one/"]


def test_the_consent_record_and_proxy_relationship_are_never_published(
    preview_site: Path,
) -> None:
    assert _leaks(preview_site, ["zqxrecordtoken", "zqxproxytoken"]) == {}
    assert _leaks(preview_site, [PUBLISHED[0].token])


def test_withdrawing_a_story_removes_it_everywhere_on_the_next_build(
    anthology_root: Path, preview_site: Path, tmp_path: Path
) -> None:
    shown = PUBLISHED[1]
    assert _leaks(preview_site, [shown.token])
    root = tmp_path / "again"
    root.mkdir()
    (root / "stories").mkdir()
    for item in (anthology_root / "stories").iterdir():
        (root / "stories" / item.name).write_bytes(item.read_bytes())
    write_project(root, docs={"about.md": "# About\n\nA page.\n"})
    write_story(
        root / "stories",
        shown.slug,
        title=f"The {shown.token} title",
        summary=f"A summary that holds {shown.token} for the cards.",
        body="",
        consent_record=consent("withdrawn"),
    )
    # Build over a copy of the previous output, as a deploy folder would be reused.
    site = root / "site"
    shutil.copytree(preview_site, site)
    build_site(root, strict=False, site_dir=site)
    assert _leaks(site, [shown.token, shown.slug]) == {}
    assert _leaks(site, [PUBLISHED[0].token])
