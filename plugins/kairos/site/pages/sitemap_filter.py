"""Leave stories that search engines may not index out of ``sitemap.xml`` and its gzip copy.

MkDocs writes both files from every page before ``on_post_build``; this rewrites them without
the ``<url>`` entries whose ``<loc>`` is one of the given addresses. The gzip copy is rebuilt
from the filtered XML and keeps the timestamp MkDocs gave it, so builds stay reproducible.
"""

from __future__ import annotations

import gzip
import html
import io
import re
from collections.abc import Collection
from pathlib import Path

SITEMAP = "sitemap.xml"

_URL_ENTRY = re.compile(r"[ \t]*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>[ \t]*\n?", re.DOTALL)


def filter_sitemap_xml(xml: str, drop: Collection[str]) -> tuple[str, int]:
    """``xml`` without the entries for ``drop`` (absolute URLs), and how many went."""
    removed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal removed
        if html.unescape(match.group("loc").strip()) in drop:
            removed += 1
            return ""
        return match.group(0)

    return _URL_ENTRY.sub(replace, xml), removed


def drop_from_sitemap(site_dir: Path, drop: Collection[str]) -> int:
    """Rewrite ``sitemap.xml`` and ``sitemap.xml.gz`` in ``site_dir``; return entries removed."""
    plain = site_dir / SITEMAP
    if not drop or not plain.is_file():
        return 0
    xml, removed = filter_sitemap_xml(plain.read_text(encoding="utf-8"), drop)
    if not removed:
        return 0
    plain.write_text(xml, encoding="utf-8")
    packed = site_dir / f"{SITEMAP}.gz"
    if packed.is_file():
        header = packed.read_bytes()[:8]
        mtime = int.from_bytes(header[4:8], "little") if len(header) == 8 else 0
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=str(packed), mode="wb", mtime=mtime) as gz:
            gz.write(xml.encode("utf-8"))
        packed.write_bytes(buffer.getvalue())
    return removed
