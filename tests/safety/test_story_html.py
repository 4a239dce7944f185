"""Story bodies go through Markdown then ``sanitize_story_html``; nothing executable survives.

Payloads live in ``tests/fixtures/xss_payloads.txt`` so browser tests can replay the same list.
The safety checks parse the output with ``html.parser`` instead of matching substrings, so
escaped text such as ``&lt;script&gt;`` is not mistaken for markup and vice versa.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.safety.story_html import sanitize_story_html

PAYLOADS_FILE = Path(__file__).parents[1] / "fixtures" / "xss_payloads.txt"

# What a typical mkdocs-material site enables. Tables use the align attribute because the
# sanitizer drops every style attribute (and with it Python-Markdown's default alignment).
EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "footnotes",
    "admonition",
    "toc",
    "abbr",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# Independent copy of the allow-list: a change to the module must be a deliberate change here.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "class", "rel"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open", "class"}),
    "sup": frozenset({"id"}),
    "li": frozenset({"id"}),
    "div": frozenset({"class"}),
    "p": frozenset({"class"}),
    "pre": frozenset({"class"}),
    "code": frozenset({"class"}),
    "span": frozenset({"class"}),
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
    **{h: frozenset({"id"}) for h in ("h2", "h3", "h4", "h5", "h6")},
}
ALLOWED_TAGS = frozenset(ALLOWED_ATTRIBUTES) | {
    "br", "hr", "blockquote", "ul", "em", "strong", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "sub", "del", "ins", "mark", "dl", "dt", "dd", "summary",
}  # fmt: skip
FORBIDDEN_TAGS = frozenset(
    {
        "script", "iframe", "frame", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "style", "svg", "math", "meta", "base", "link", "body", "html",
        "head", "noscript", "template", "video", "audio", "source", "marquee", "isindex",
        "bgsound",
    }
)  # fmt: skip
URL_SCHEMES = {"href": {"http", "https", "mailto"}, "src": {"http", "https"}}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def load_payloads(path: Path = PAYLOADS_FILE) -> list[str]:
    """Blocks separated by a line holding only ``----``; the format browser tests also read."""
    blocks: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == "----":
            blocks.append([])
        else:
            blocks[-1].append(line)
    return [text for block in blocks if (text := "\n".join(block).strip("\n"))]


PAYLOADS = load_payloads()

_MD = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def render(body: str) -> str:
    """Markdown story body to sanitized HTML, as the site build does."""
    return sanitize_story_html(_MD.reset().convert(body))


class Collected(HTMLParser):
    """Every element, attribute and non-element node a browser-like tokenizer sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.others: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.others.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.others.append(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.others.append(f"processing instruction {data!r}")

    def unknown_decl(self, data: str) -> None:
        self.others.append(f"declaration {data!r}")


def parse(html: str) -> Collected:
    parser = Collected()
    parser.feed(html)
    parser.close()
    return parser


def url_scheme(value: str) -> str | None:
    """Scheme as a browser would read it (WHATWG: strip C0/space, drop tab/CR/LF)."""
    normalized = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE)
    match = _SCHEME.match(normalized)
    return match.group(1).lower() if match else None


def safety_problems(html: str) -> list[str]:
    problems: list[str] = []
    if "<script" in html.lower():
        problems.append("raw <script in output")
    parsed = parse(html)
    problems.extend(parsed.others)
    for tag, attrs in parsed.tags:
        if tag in FORBIDDEN_TAGS or tag not in ALLOWED_TAGS:
            problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "target"}:
                problems.append(f"<{tag} {name}=...>")
            elif name not in ALLOWED_ATTRIBUTES.get(tag, frozenset()):
                problems.append(f"attribute {name} on <{tag}>")
            if name in URL_SCHEMES and value is not None:
                scheme = url_scheme(value)
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                bad_scheme = scheme is not None and scheme not in URL_SCHEMES[name]
                if bad_scheme or squashed.startswith(("javascript:", "vbscript:", "data:")):
                    problems.append(f"<{tag} {name}={value!r}>")
            if name == "id" and (value or "").startswith("__"):
                problems.append(f"reserved id {value!r} on <{tag}>")
            if tag == "a" and name == "rel" and value != "noopener noreferrer":
                problems.append(f"rel={value!r}")
    return problems


def test_fixture_has_enough_payloads() -> None:
    assert len(PAYLOADS) >= 35
    assert len(set(PAYLOADS)) == len(PAYLOADS), "duplicate payloads"


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_is_neutralized(payload: str) -> None:
    html = render(payload)
    assert safety_problems(html) == [], html


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_is_neutralized_without_markdown(payload: str) -> None:
    """The sanitizer must not rely on Markdown having escaped anything first."""
    html = sanitize_story_html(payload)
    assert safety_problems(html) == [], html


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('xss-marker')</script>",
        "<style>body{background:url('xss-marker')}</style>",
        "<svg><text>xss-marker</text></svg>",
        "<math><mi>xss-marker</mi></math>",
        "<iframe>xss-marker</iframe>",
        "<noscript>xss-marker</noscript>",
        "<template><p>xss-marker</p></template>",
        "<textarea>xss-marker</textarea>",
    ],
)
def test_dangerous_element_content_is_dropped_not_escaped(body: str) -> None:
    assert "xss-marker" not in render(f"Before.\n\n{body}\n\nAfter.")


@pytest.mark.parametrize(
    "body",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
    ],
)
def test_markdown_link_tricks_lose_href_but_keep_text(body: str) -> None:
    parsed = parse(render(body))
    links = [dict(attrs) for tag, attrs in parsed.tags if tag == "a"]
    assert links and all("href" not in link for link in links)


def test_markdown_autolink_with_javascript_scheme_is_not_a_link() -> None:
    assert not [tag for tag, _ in parse(render("<javascript:alert(1)>")).tags if tag == "a"]


def test_dangerous_image_sources_are_dropped() -> None:
    for body in ("![x](javascript:alert(1))", "![x](data:image/png;base64,iVBORw0KGgo=)"):
        images = [dict(attrs) for tag, attrs in parse(render(body)).tags if tag == "img"]
        assert images == [{"alt": "x"}]


def test_mailto_links_survive_but_not_as_image_sources() -> None:
    html = render("[Write to us](mailto:stories@example.org) ![x](mailto:stories@example.org)")
    tags = parse(html).tags
    assert ("a", [("href", "mailto:stories@example.org"), ("rel", "noopener noreferrer")]) in tags
    assert ("img", [("alt", "x")]) in tags


def test_links_get_rel_and_never_target() -> None:
    html = render('<a href="https://example.org" target="_blank" rel="opener">x</a>')
    assert parse(html).tags == [
        ("p", []),
        ("a", [("href", "https://example.org"), ("rel", "noopener noreferrer")]),
    ]


def test_classes_are_limited_to_known_safe_tokens() -> None:
    body = (
        '<div class="admonition note md-header md-dialog">x</div>\n\n'
        '<p class="md-sidebar admonition-title">t</p>\n\n'
        "```python\nprint(1)\n```\n\n"
        "[Join](https://example.org){ .md-button .md-header }\n"
    )
    classes = {
        (tag, value) for tag, attrs in parse(render(body)).tags for name, value in attrs
        if name == "class"
    }  # fmt: skip
    assert ("div", "admonition note") in classes
    assert ("p", "admonition-title") in classes
    assert ("a", "md-button") in classes
    assert not [value for _, value in classes if value and "md-header" in value]
    assert not [value for _, value in classes if value and "md-dialog" in value]
    assert sanitize_story_html('<code class="language-python evil">x</code>') == (
        '<code class="language-python">x</code>'
    )


def test_reserved_ids_are_dropped_but_anchor_ids_kept() -> None:
    html = render("## Living with it { #__config }\n\n## Getting help\n")
    headings = [(tag, dict(attrs)) for tag, attrs in parse(html).tags if tag == "h2"]
    assert headings == [("h2", {}), ("h2", {"id": "getting-help"})]


BENIGN_STORY = """\
## First visit

It was *raining* and **cold** when I met [my nurse](https://example.org/nurses "Nurses").
Later I read the [leaflet](../leaflets/asthma/) and wrote to [the ward](mailto:ward@example.org).

> She held my hand.

- bread
- milk

Every morning:

1. wake up
2. breathe

| Day | Peak flow |
|:----|----------:|
| Mon | 410 |

![A hospital corridor at night](images/corridor.jpg){ width="640" height="480" }

!!! note "Why I share this"
    So others feel less alone.

??? tip "Resources"
    Ask for the *asthma nurse*.

The doctor said it was benign.[^1] Ask about the PEF.

*[PEF]: Peak expiratory flow

[^1]: It was not cancer.

```python
print("hi")
```

<figure markdown>
  ![Mum's hands](images/hands.jpg)
  <figcaption>Mum's hands</figcaption>
</figure>
"""


def test_benign_story_survives() -> None:
    html = render(BENIGN_STORY)
    assert safety_problems(html) == [], html
    tags = parse(html).tags
    names = [tag for tag, _ in tags]
    for expected in (
        "p", "em", "strong", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "th",
        "td", "img", "details", "summary", "sup", "abbr", "pre", "code", "figure",
        "figcaption",
    ):  # fmt: skip
        assert expected in names, expected
    assert ("h2", [("id", "first-visit")]) in tags
    assert (
        "a",
        [
            ("href", "https://example.org/nurses"),
            ("title", "Nurses"),
            ("rel", "noopener noreferrer"),
        ],
    ) in tags
    assert ("a", [("href", "../leaflets/asthma/"), ("rel", "noopener noreferrer")]) in tags
    assert {
        "alt": "A hospital corridor at night",
        "src": "images/corridor.jpg",
        "width": "640",
        "height": "480",
    } in [dict(attrs) for tag, attrs in tags if tag == "img"]
    assert ("div", [("class", "admonition note")]) in tags
    assert ("p", [("class", "admonition-title")]) in tags
    assert ("details", [("class", "tip")]) in tags
    assert ("th", [("align", "right")]) in tags
    assert ("sup", [("id", "fnref:1")]) in tags
    assert ("li", [("id", "fn:1")]) in tags
    assert ("abbr", [("title", "Peak expiratory flow")]) in tags
    assert ("ol", []) in tags[: names.index("div")], "ordered list outside the footnotes"
    assert "She held my hand." in html
    assert "Why I share this" in html


def test_sanitizing_is_idempotent_on_benign_output() -> None:
    once = render(BENIGN_STORY)
    assert sanitize_story_html(once) == once


# Pieces of known attacks, so generated text reaches the interesting parser states far more
# often than uniformly random characters would.
_FRAGMENTS = [
    "<", ">", "</", "/>", '"', "'", "`", "=", " ", "\n", "\n\n", "\t", "&#", "&#x", ";",
    "script", "SCRIPT", "svg", "math", "img", "iframe", "style", "a", "href", "src",
    " onerror=", " onload=", "onclick", "javascript:", "JaVaScRiPt:", "vbscript:", "data:",
    "&#106;", "&#x09;", "&colon;", "alert(1)", "<!--", "-->", "<![CDATA[", "]]>", "[x](",
    "![x](", ")", "[r]: ", "{ ", " }", "#__config", ".md-header", "!!! note\n    ",
    "??? tip\n    ", "```\n", "| a |\n|---|\n", "[^1]", "<div markdown>", "</div>",
    "<details open ontoggle=", "<noscript>", "<template>", "<table>", "<mglyph>",
]  # fmt: skip

_attack_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_yields_dangerous_markup(body: str) -> None:
    html = render(body)
    assert safety_problems(html) == [], html


@settings(max_examples=500, deadline=None)
@given(_attack_text)
def test_attack_fragments_never_yield_dangerous_markup(body: str) -> None:
    html = render(body)
    assert safety_problems(html) == [], html
    raw = sanitize_story_html(body)
    assert safety_problems(raw) == [], raw


@pytest.mark.parametrize(
    "source",
    [
        "https://ok.example/a.png",
        "http://ok.example/a.png",
        "//ok.example/a.png",
        "HTTPS://ok.example/a.png",
        " https://ok.example/a.png",
        "\\\\ok.example/a.png",
        "mailto:someone@example.org",
    ],
)
def test_story_images_are_never_fetched_from_another_host(source: str) -> None:
    html = sanitize_story_html(f'<p><img src="{source}" alt="a corridor"></p>')
    assert "ok.example" not in html and "mailto" not in html
    assert 'alt="a corridor"' in html


def test_story_images_from_the_site_itself_are_kept() -> None:
    html = sanitize_story_html('<img src="../images/corridor.jpg" alt="a corridor">')
    assert 'src="../images/corridor.jpg"' in html
