"""Write each teaching collection's public pack into the built site.

A collection is on the site when it is valid and at least one of its stories may be taught
from (:func:`~kairos.core.teaching.teaching_collections`); its pack holds only the stories
that are published and allow teaching, and is written as ``teaching/<slug>/<slug>.pdf`` before
the audit reads the site, so a pack that printed a held-back story would fail the build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from kairos.core.anthology import Anthology
from kairos.core.teaching import teaching_collections
from kairos.pack.pack_document import PackSettings, pack_source
from kairos.pack.pack_pdf import compile_pack
from kairos.site.pages.site_identity import SiteIdentity
from kairos.site.pages.site_urls import pack_path


def write_teaching_packs(
    anthology: Anthology, identity: SiteIdentity, config: MkDocsConfig
) -> list[str]:
    """Write every public pack into ``site_dir``; return their paths in the site."""
    language = config.theme.get("language")
    settings = PackSettings(
        site_name=config.site_name,
        organisation=identity.organisation,
        support=identity.support,
        support_url=identity.support_url,
        build_date=anthology.build_date,
        site_url=config.site_url or None,
        language=language if language and isinstance(language, str) else "en",
    )
    written = []
    for collection in teaching_collections(anthology):
        target = Path(config.site_dir) / pack_path(collection.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            compile_pack(
                pack_source(collection, anthology.vocabulary, settings), settings.build_date
            )
        )
        written.append(pack_path(collection.slug))
    return written
