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


def drop_from_sitemap(site_dir: Path, drop: Collection[str]) -> None:
    """Rewrite ``sitemap.xml`` and ``sitemap.xml.gz`` in ``site_dir`` without the entries for
    ``drop`` (absolute URLs)."""
    plain = site_dir / SITEMAP
    if not drop or not plain.is_file():
        return
    before = plain.read_text(encoding="utf-8")
    xml = _URL_ENTRY.sub(
        lambda url: "" if html.unescape(url["loc"].strip()) in drop else url[0], before
    )
    if xml == before:
        return
    plain.write_text(xml, encoding="utf-8")
    packed = site_dir / f"{SITEMAP}.gz"
    if packed.is_file():
        header = packed.read_bytes()[:8]
        mtime = int.from_bytes(header[4:8], "little") if len(header) == 8 else 0
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=str(packed), mode="wb", mtime=mtime) as gz:
            gz.write(xml.encode("utf-8"))
        packed.write_bytes(buffer.getvalue())
