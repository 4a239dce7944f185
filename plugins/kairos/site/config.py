"""The ``kairos`` plugin's options in ``mkdocs.yml`` (``plugins: - kairos: {...}``)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["KairosConfig"]


class KairosConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the Kairos MkDocs plugin; every one has a default."""

    #: The stories folder, relative to the folder holding mkdocs.yml (or absolute). It sits
    #: beside docs/, never inside it, so MkDocs never reads a story file by itself.
    stories_dir = c.Type(str, default="stories")

    #: The build date D for the publishing rule, written YYYY-MM-DD. Unset: the UTC date of
    #: SOURCE_DATE_EPOCH when that variable is set, else today's date in UTC.
    build_date = c.Optional(c.Type((str, dt.date)))

    #: The most stories one list page shows (all stories, a theme, level or role); 1 to 50.
    stories_per_page = c.Type(int, default=50)

    #: How many related stories a story page shows (0 for none).
    related_stories = c.Type(int, default=3)

    #: Write the Atom feed feed.xml of published stories whose consent scope includes "feed".
    #: It needs site_url for absolute links; without site_url the feed is skipped with a warning.
    feed = c.Type(bool, default=True)

    #: Site search. ``pagefind`` (the default): after the pages are written, Pagefind indexes
    #: the published stories and the hand-written pages (never list pages or the home page)
    #: into ``pagefind/``, the page ``search/`` hosts the search with filters by theme, level
    #: of partnership and storyteller, and the header gets a search box that leads to it. The
    #: audit then scans the index too. ``none``: no index, no search page, no header search
    #: box (for example to use mkdocs-material's own ``search`` plugin instead).
    search = c.Choice(("pagefind", "none"), default="pagefind")

    #: What a strict build does with a story that has a problem (an error, or a warning such as
    #: a possible identifier). ``fail`` (the default): stop before writing anything and list
    #: every problem. ``hold-back``: hold back every story that has any problem, log each
    #: problem at INFO level, and build the site from the other stories; this is what the
    #: deploy's fall-back build uses (``kairos deploy-build``), so that one broken story never
    #: keeps the site, and the stories that must come down, from being deployed.
    invalid_stories = c.Choice(("fail", "hold-back"), default="fail")

    #: After the build, scan every output file for any story that is not published and fail
    #: the build if one is found (the same check as "kairos audit SITE_DIR").
    audit = c.Type(bool, default=True)
