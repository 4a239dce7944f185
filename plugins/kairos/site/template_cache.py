"""Jinja's compiled templates, kept in the build cache so a build does not compile them again.

Jinja checks each entry against its template's source; the key adds the installed packages,
Kairos' code and the whole configuration, since the compiled code also depends on the
environment the theme and plugins set up. Entries are checked like every cache entry (see
:mod:`kairos.site.build_cache`); one that cannot be read is compiled again.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket

from kairos.site.build_cache import BuildCache, digest

__all__ = ["TemplateCache"]


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self, store: BuildCache, environment_key: str) -> None:
        self._store = store
        self._environment_key = environment_key

    def _key(self, bucket: Bucket) -> str:
        return digest(self._environment_key, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = self._store.get(self._key(bucket))
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store.put(self._key(bucket), bucket.bytecode_to_string())
