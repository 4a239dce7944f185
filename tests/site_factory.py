"""Small helpers for site tests: write a fixture anthology and a minimal MkDocs project, build it.

Everything is written into a temporary folder: ``stories/`` (vocabulary and stories with the
consent each test needs), ``docs/`` (hand-written pages) and ``mkdocs.yml`` using the
project's own ``overrides/`` folder. Builds run in-process and quickly (a handful of stories).
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = REPO / "overrides"

BUILD_DATE = dt.date(2025, 6, 1)
SITE_URL = "https://example.org/anthology/"
PLUGIN_LOGGER = "mkdocs.plugins.kairos.site.plugin"

FULL_SCOPE = ("website", "search-engines", "feed", "teaching")

THEMES: dict[str, tuple[str, str]] = {
    "kindness": ("Kindness", "Small acts of care that mattered."),
    "waiting": ("Waiting", "The hours and days of waiting."),
    "being-heard": ("Being heard", "Being listened to and believed."),
    "hope": ("Hope", "What keeps people going."),
}
CONTENT_NOTES: dict[str, tuple[str, str]] = {
    "death": ("Death and dying", "The story describes a death."),
}


class _NoAliasDumper(yaml.SafeDumper):
    """The story loader refuses YAML anchors; never emit them for repeated objects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_vocabulary(
    stories_dir: Path,
    themes: Mapping[str, tuple[str, str]] = THEMES,
    content_notes: Mapping[str, tuple[str, str]] = CONTENT_NOTES,
) -> Path:
    stories_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "themes": {k: {"label": label, "description": d} for k, (label, d) in themes.items()},
        "content_notes": {
            k: {"label": label, "description": d} for k, (label, d) in content_notes.items()
        },
    }
    path = stories_dir / "vocabulary.yml"
    path.write_text(yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return path


def consent(
    status: str = "granted",
    *,
    scope: Sequence[str] = FULL_SCOPE,
    date: dt.date = dt.date(2025, 1, 2),
    review_by: dt.date = dt.date(2027, 1, 2),
    final_text_approved: bool = True,
    withdrawn_on: dt.date = dt.date(2025, 5, 1),
) -> dict[str, Any]:
    """A consent record; granted with every scope unless told otherwise."""
    record: dict[str, Any] = {"status": status, "record": "T-0001", "given_by": "storyteller"}
    if status == "granted":
        record |= {
            "date": date,
            "review_by": review_by,
            "scope": list(scope),
            "final_text_approved": final_text_approved,
        }
    elif status == "withdrawn":
        record["withdrawn_on"] = withdrawn_on
    return record


def write_story(
    stories_dir: Path,
    slug: str,
    *,
    title: str | None = None,
    summary: str | None = None,
    body: str = "A short account of care, told plainly.\n",
    name: str = "Sam",
    role: str = "patient",
    published: dt.date = dt.date(2025, 3, 1),
    themes: Sequence[str] = ("kindness",),
    level: str = "civil-discourse",
    content_notes: Sequence[str] = (),
    reflection: Sequence[str] | None = None,
    fictional: bool = False,
    consent_record: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``stories/<slug>.md``; ``extra`` adds (or, with None values, drops) fields."""
    data: dict[str, Any] = {
        "title": title or f"The story of {slug}",
        "summary": summary or f"A summary of the story {slug}.",
        "storyteller": {"name": name, "role": role},
        "published": published,
        "themes": list(themes),
        "framework_level": level,
        "content_notes": list(content_notes),
        "fictional": fictional,
        "consent": dict(consent_record or consent()),
    }
    if reflection is not None:
        data["reflection"] = list(reflection)
    for key, value in (extra or {}).items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    front = yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)
    path = stories_dir / f"{slug}.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def write_project(
    root: Path,
    *,
    docs: Mapping[str, str] | None = None,
    plugin: Mapping[str, Any] | None = None,
    site_url: str | None = SITE_URL,
    material_search: bool = False,
) -> Path:
    """A minimal mkdocs.yml (material, kairos) and docs/; return mkdocs.yml's path.

    Site search is the kairos plugin's (Pagefind) unless ``plugin`` says ``search: none``;
    ``material_search`` adds mkdocs-material's search plugin (with ``search: none``).
    """
    pages = {"index.md": "# Welcome\n\nStories of care.\n\n<!-- kairos:home -->\n"}
    pages.update(docs or {})
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    options: dict[str, Any] = {"build_date": BUILD_DATE.isoformat(), **(plugin or {})}
    if material_search:
        options.setdefault("search", "none")
    config: dict[str, Any] = {
        "site_name": "Test anthology",
        "theme": {"name": "material", "custom_dir": str(OVERRIDES), "font": False},
        "plugins": [*(["search"] if material_search else []), {"kairos": options}],
        "markdown_extensions": [{"toc": {"permalink": True}}, "admonition", "attr_list"],
        "extra_css": ["assets/stylesheets/kairos.css", "assets/stylesheets/search.css"],
        "nav": [
            {"Home": "index.md"},
            {"Stories": "stories/index.md"},
            {"Themes": "themes/index.md"},
            {"Levels": "levels/index.md"},
            {"Storytellers": "roles/index.md"},
        ],
    }
    if site_url:
        config["site_url"] = site_url
    path = root / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Built:
    """A site built once for a test module, with the log records of its build."""

    root: Path
    site: Path
    logs: list[logging.LogRecord]

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def build_site(root: Path, *, strict: bool = True, site_dir: Path | None = None) -> Path:
    """Build ``root/mkdocs.yml`` in-process into ``site_dir`` (default ``root/site``)."""
    target = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), strict=strict, site_dir=str(target))
    build(config)
    return target


@contextmanager
def captured_logs(name: str = "mkdocs") -> Iterator[list[logging.LogRecord]]:
    """Collect records of logger ``name`` (for module-scoped builds, where caplog is absent)."""
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = _Collect(logging.DEBUG)
    logger = logging.getLogger(name)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


#: Pagefind's index files: gzip, then a signature, then JSON (fragments) or CBOR (the rest).
PAGEFIND_SUFFIXES = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def site_texts(site_dir: Path) -> dict[str, str]:
    """Every output file as text, ``.gz`` and Pagefind's files decompressed; binary skipped.

    Pagefind's CBOR files are decoded leniently (bytes that are not UTF-8 dropped), so every
    word they hold can still be found as a substring.
    """
    texts = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        name = path.relative_to(site_dir).as_posix()
        if path.suffix in PAGEFIND_SUFFIXES:
            data = gzip.decompress(data)
            assert data.startswith(PAGEFIND_SIGNATURE), name
            texts[name] = data.decode("utf-8", errors="ignore")
            continue
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts


def files_containing(site_dir: Path, needle: str) -> list[str]:
    """Output files holding ``needle`` (case-insensitive)."""
    lowered = needle.lower()
    return [name for name, text in site_texts(site_dir).items() if lowered in text.lower()]
