"""The site deployed when no build of the anthology succeeds: one page, and no story at all.

Publishing it replaces the whole deployed site, so every story comes down, including any whose
consent has lapsed since the last deploy. It is written without MkDocs, which may be what
failed, and loads nothing from anywhere (no style sheet, script, font or image).
"""

from __future__ import annotations

import html
from pathlib import Path

from kairos.editors import editors_template

MAINTENANCE_MESSAGE = (
    "The stories are being updated and will be back soon. Thank you for your patience."
)


def write_maintenance_site(site_dir: Path, site_name: str) -> list[Path]:
    """Write ``index.html`` and ``404.html`` into ``site_dir`` (created); return the files."""
    site_dir.mkdir(parents=True, exist_ok=True)
    name = html.escape(site_name or "Stories")
    page = editors_template("maintenance.html.tmpl").substitute(
        title=f"{name}: back soon", site_name=name, message=html.escape(MAINTENANCE_MESSAGE)
    )
    written = []
    for file_name in ("index.html", "404.html"):
        path = site_dir / file_name
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written
