"""The ``kairos`` plugin's options in ``mkdocs.yml`` (``plugins: - kairos: {...}``)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class PrivacyConfig(base.Config):  # type: ignore[no-untyped-call]
    """The organisation's own privacy wording, shown where a page holds ``<!-- kairos:privacy -->``.

    Plain text, one or a few sentences each. The sample mkdocs.yml holds bracketed placeholders
    (``[Your organisation]``): ``kairos check`` warns while any is unset or still bracketed, and
    the wording must be reviewed by the organisation's own data protection lead.
    """

    #: Who decides how storytellers' information is used (the data controller), e.g. "The
    #: Kairos Trust, registered charity 123456". Unset: the ``organisation``.
    data_controller = c.Optional(c.Type(str))

    #: How to reach whoever answers questions about personal data (the data protection lead):
    #: an e-mail address or ``https://`` address (shown as a link) or a postal address. Unset:
    #: the ``contact``.
    contact = c.Optional(c.Type(str))

    #: The legal basis for keeping and publishing the stories, in plain words (e.g. the
    #: storyteller's consent, under the law that applies). Unset: readers are told to ask.
    legal_basis = c.Optional(c.Type(str))

    #: How long stories, consent forms and withdrawal forms are kept, and what happens after.
    #: Unset: readers are told to ask.
    retention = c.Optional(c.Type(str))

    #: How a storyteller withdraws consent and how soon the story comes down. Unset: a general
    #: sentence (at any time, without a reason, through the contact above).
    withdrawal = c.Optional(c.Type(str))


_REMOVED = (
    "kairos: the option '{}' is ignored: Kairos no longer keeps a build cache; remove it from "
    "the kairos plugin's options in mkdocs.yml (a '.cache/kairos' folder can be deleted)"
)


class KairosConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the Kairos MkDocs plugin; every one has a default."""

    #: The stories folder, relative to the folder holding mkdocs.yml (or absolute). It sits
    #: beside docs/, never inside it, so MkDocs never reads a story file by itself.
    stories_dir = c.Type(str, default="stories")

    #: The build date D for the publishing rule, written YYYY-MM-DD. Unset: the UTC date of
    #: SOURCE_DATE_EPOCH when that variable is set, else today's date in UTC. For previewing
    #: another day only: ``kairos check`` warns while it is set, and ``kairos deploy-build``
    #: ignores it (and SOURCE_DATE_EPOCH) and judges on today's date.
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

    #: The name of the organisation that runs the site, as readers should see it: in the
    #: footer ("This anthology is run by ..."), the 404 page and the sharing metadata
    #: (og:site_name). Unset: the site_name.
    organisation = c.Optional(c.Type(str))

    #: How readers reach the organisation: an e-mail address (``stories@example.org``) or a
    #: web address starting with ``https://`` (a contact page). Shown in the footer and on the
    #: "page not found" page. Unset: the footer points to the page about sharing a story.
    contact = c.Optional(c.Type(str))

    #: One plain sentence telling readers where to find support if a story upsets them, e.g.
    #: "Samaritans are there day or night on 116 123 (UK and Ireland), free." It is shown
    #: beside every story's content notes, in the footer and where a hand-written page holds
    #: ``<!-- kairos:support -->`` (the home page's "If a story upsets you"). Unset: a general
    #: line suggesting a GP, a trusted person or the local emergency services.
    support = c.Optional(c.Type(str))

    #: A web address (``https://...``) or phone link (``tel:+44...``) for the support line;
    #: the support sentence becomes a link to it. Needs ``support``.
    support_url = c.Optional(c.Type(str))

    #: The organisation's privacy wording (data controller, contact, legal basis, retention,
    #: withdrawal; see ``PrivacyConfig``), shown where a hand-written page holds
    #: ``<!-- kairos:privacy -->`` (the page consent-and-privacy.md). ``kairos check`` warns
    #: while any is unset or a bracketed placeholder; the build only notes it (INFO).
    privacy = c.SubConfig(PrivacyConfig)

    #: The organisation's logo in the header, a path relative to docs/ or to the theme's
    #: custom_dir (``assets/images/logo.svg``); SVG, PNG, JPEG or WebP. Unset: Kairos' own
    #: logo (an open book), unless the theme's own ``logo`` is set.
    logo = c.Optional(c.Type(str))

    #: The icon browsers show in tabs and bookmarks, a path like ``logo``; SVG, PNG or ICO.
    #: Unset: Kairos' own icon, never mkdocs-material's stock one.
    favicon = c.Optional(c.Type(str))

    #: The site's main colour, written #rrggbb: the header and links (default #00695c, a dark
    #: teal). White text on it, and it on white, must reach 4.5:1 (WCAG AA); a colour that
    #: does not is refused, naming the ratio. The dark palette's links are made from it.
    primary_color = c.Optional(c.Type(str))

    #: The accent colour, written #rrggbb: links under the pointer and focus rings (default
    #: #b3400a, a burnt orange). It must reach 4.5:1 on white.
    accent_color = c.Optional(c.Type(str))

    #: Removed: Kairos no longer keeps a build cache (every build is a full one, as CI and
    #: deploys always ran). ``cache`` and ``cache_dir`` are accepted with a warning so that an
    #: older mkdocs.yml still builds, and says what to delete (a strict build stops on it).
    cache = c.Deprecated(message=_REMOVED)

    #: Removed with ``cache`` (see there): accepted with a warning.
    cache_dir = c.Deprecated(message=_REMOVED)
