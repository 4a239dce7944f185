"""The build cache of earlier Kairos versions, taken away on the first build after an upgrade.

Kairos 0.1 kept an SQLite cache in ``.cache/kairos/`` beside ``mkdocs.yml``, holding the words
of the stories the last build held back. Kairos keeps no cache now, so nothing would ever
delete it: every build deletes that database while the folder still carries the marks only
that cache wrote (its ``CACHEDIR.TAG`` and ``.gitignore``), and nothing else of the folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: Where the old cache lived, relative to the folder holding mkdocs.yml.
OLD_CACHE_DIR = Path(".cache") / "kairos"


def remove_old_cache(project_root: Path) -> list[str]:
    """Delete the old cache's database files; return the paths deleted (for the build log)."""
    folder = project_root / OLD_CACHE_DIR
    if not (folder / "CACHEDIR.TAG").is_file():
        return []
    removed = []
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = folder / f"cache.sqlite{suffix}"
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append((OLD_CACHE_DIR / path.name).as_posix())
    if removed and all(entry.name in ("CACHEDIR.TAG", ".gitignore") for entry in folder.iterdir()):
        shutil.rmtree(folder)
    return removed
