"""Sanitize rendered story bodies before they reach readers.

Story Markdown is written by editors and may be pasted from anywhere (mail, word processors,
web pages), and Python-Markdown passes raw HTML straight through. So the HTML that MkDocs
renders for a story is treated as untrusted and cleaned with nh3 (Ammonia) against an explicit
allow-list of what the Markdown extensions we use actually emit for prose.

Decisions worth knowing:

* URL schemes: ``http``, ``https``, ``mailto`` and relative URLs. ``mailto`` stays because
  stories link to support groups and contacts; it cannot run script. Images accept only
  relative URLs: a remote image would tell another host who read which story.
* ``data:`` URLs are refused everywhere, including images. Ammonia filters by scheme only, so
  allowing ``data:`` for ``img`` would also admit ``data:image/svg+xml`` and ``data:text/html``
  documents (dangerous when opened directly, and historically in old browsers); inline base64
  also bloats pages and lets pasted images skip the asset and consent review.
* ``svg`` and ``math`` are removed together with their content. They switch the HTML parser
  into foreign-content mode, where ``<style>``, CDATA and ``xlink:href``/``<animate>`` rules
  differ from HTML; that namespace confusion is the source of most mutation-XSS bypasses, and
  story prose does not need either.
* No ``style`` attribute anywhere (CSS overlays can fake site chrome for phishing). Because of
  that, Python-Markdown's table alignment only survives with the ``tables`` extension option
  ``use_align_attribute: true``, which emits ``align`` (allowed here: left/center/right).
* ``class`` is filtered token by token to what admonitions, details, footnotes, code
  highlighting and Material buttons use, so a story cannot borrow theme layout classes.
* ``id`` is kept for TOC anchors and footnotes, but ids starting with ``__`` are refused:
  mkdocs-material reads ``#__config`` and other ``__*`` elements with ``querySelector``, and a
  story element earlier in the document would shadow them (DOM clobbering).
"""

from __future__ import annotations

import re

import nh3
from pygments.token import STANDARD_TYPES

#: Admonition / details types styled by mkdocs-material; extend here for custom types.
ADMONITION_TYPES: frozenset[str] = frozenset(
    {
        "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
        "success", "check", "done", "question", "help", "faq", "warning", "caution",
        "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
        "quote", "cite",
    }
)  # fmt: skip

# Classes Pygments puts on <span> in highlighted code: its token types' short names, line
# numbers and titles.
_PYGMENTS_CLASSES = frozenset(STANDARD_TYPES.values()) - {""}
_PYGMENTS_CLASSES |= {"filename", "hll", "linenos", "normal", "special"}

_CLASSES_BY_TAG: dict[str, frozenset[str]] = {
    "div": ADMONITION_TYPES | {"admonition", "footnote", "highlight"},
    "details": ADMONITION_TYPES,
    "p": frozenset({"admonition-title"}),
    "a": frozenset(
        {"footnote-ref", "footnote-backref", "headerlink", "md-button", "md-button--primary"}
    ),
    "pre": frozenset({"highlight"}),
    "code": frozenset({"highlight"}),
    "span": _PYGMENTS_CLASSES,
}

# ``language-*`` classes come from fenced code blocks; the name is free-form but harmless.
_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9_+#.-]{1,40}")
_LANGUAGE_TAGS = frozenset({"div", "pre", "code"})

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")

_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", *_HEADINGS, "blockquote", "ul", "ol", "li", "em", "strong", "code",
        "pre", "span", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr",
        "th", "td", "abbr", "sup", "sub", "del", "ins", "mark", "dl", "dt", "dd", "details",
        "summary", "div",
    }
)  # fmt: skip

# Removed with everything inside them: their content is code, markup or widget state, never
# prose, and leaving it as text would show readers raw payloads.
_CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "noframes", "object", "embed",
        "applet", "noscript", "noembed", "template", "svg", "math", "xmp", "plaintext",
        "textarea", "select", "option", "button", "title",
    }
)  # fmt: skip

_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),  # drop Ammonia's default generic attributes (lang, title)
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "details": {"open", "class"},
    "sup": {"id"},  # footnote references
    "li": {"id"},  # footnote bodies
    **{tag: {"class"} for tag in ("div", "p", "pre", "code", "span")},
    **{h: {"id"} for h in _HEADINGS},
}

_DIGITS = re.compile(r"[0-9]{1,5}")
# Anchor-ish ids: what toc slugs and footnotes produce (unicode letters allowed), no spaces.
_SAFE_ID = re.compile(r"[^\s\"'<>`]{1,128}")
# Mirrors the WHATWG URL parser: tab/newline are removed anywhere, C0/space trimmed.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Value-level rules Ammonia cannot express. Must never raise (nh3 would swallow it)."""
    if attr == "class":
        allowed, language = _CLASSES_BY_TAG.get(tag, frozenset()), tag in _LANGUAGE_TAGS
        kept = (
            c for c in value.split() if c in allowed or (language and _LANGUAGE_CLASS.fullmatch(c))
        )
        return " ".join(dict.fromkeys(kept)) or None
    if attr == "id":
        return value if _SAFE_ID.fullmatch(value) and not value.startswith("__") else None
    if attr in ("width", "height", "start"):
        return value.strip() if _DIGITS.fullmatch(value.strip()) else None
    if attr == "open":
        return "open"
    if tag == "img" and attr == "src":  # the site's own files: no scheme, no //host
        url = _URL_IGNORED.sub("", value).lstrip(_C0_AND_SPACE).replace("\\", "/")
        return None if url.startswith("//") or _HAS_SCHEME.match(url) else value
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_CLEAN_CONTENT_TAGS,
    attributes=_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel="noopener noreferrer",
    tag_attribute_values={tag: {"align": {"left", "center", "right"}} for tag in ("th", "td")},
    url_schemes={"http", "https", "mailto"},
    url_relative="pass_through",
)


def sanitize_story_html(html: str) -> str:
    """Return ``html`` (a rendered story body fragment) reduced to the prose allow-list.

    Safe to call on already-sanitized output. Never raises on malformed markup: the input is
    parsed the way a browser would (html5ever) and re-serialized.
    """
    return _CLEANER.clean(html)
