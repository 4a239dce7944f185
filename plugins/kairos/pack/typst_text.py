"""Editors' text as Typst source: nothing they write can become Typst markup or code.

Typst markup gives meaning to most ASCII punctuation (``*strong*``, ``_emph_``, ``#code``,
``$math$``, ``= heading`` and ``- list`` at a line's start, ``//`` comments, ``<label>``,
``@ref``, ``https://`` links, ``1.`` numbered lists), and to any ``(`` ``[`` or ``.`` right after
a function call. Every such character is escaped with a backslash, which Typst accepts before
any character; only straight quotes stay as written, so that Typst sets them as typographic
quotes in the document's language.

A story's Markdown body (:func:`markdown_to_typst`) goes the way it goes to the site:
Python-Markdown, then the same sanitizer (:func:`~kairos.safety.story_html.sanitize_story_html`),
so that the pack prints what the page shows, review comments and raw HTML's tricks removed. The
sanitized HTML is then walked element by element into Typst markup, every piece of text escaped.
Photographs are described by their alt text rather than embedded: the pack stays small, and a
photo's consent is the site's to decide.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from kairos.safety.story_html import sanitize_story_html

_SPECIAL = re.compile(r"""([\\*_#$`<>@\[\]~/=+\-().{}:])""")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def escape_markup(text: str) -> str:
    """``text`` as Typst markup; each run of white space becomes one space (kept at the edges,
    where it separates ``text`` from the markup around it)."""
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", _CONTROL.sub(" ", text)))


def markup_text(text: str) -> str:
    """``text`` as Typst markup showing exactly that text, trimmed, its white space collapsed."""
    return escape_markup(text.strip())


def string_literal(text: str) -> str:
    """``text`` as a Typst string literal, on one line (for metadata and arguments)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_EXTENSIONS = ["extra", "admonition", "smarty", "sane_lists"]
_SKIPPED = {"script", "style", "sup"}  # (footnote marks: the notes follow as a list)
_EMPTY = {"br": " #linebreak() ", "hr": "\n\n#line(length: 100%, stroke: 0.5pt + gray)\n\n"}
#: How an element's content is written, for elements that are more than their content.
_WRAPS = {
    **dict.fromkeys(("em", "i"), "#emph[{}]"),
    **dict.fromkeys(("strong", "b"), "#strong[{}]"),
    **dict.fromkeys(("td", "th"), "{} "),
    "li": "[{}], ",
    "ul": "\n\n#list({})\n\n",
    "ol": "\n\n#enum({})\n\n",
    "blockquote": "\n\n#quote(block: true)[{}]\n\n",
    **dict.fromkeys(
        ("p", "div", "details", "summary", "pre", "table", "tr", "dd", "dt"), "\n\n{}\n\n"
    ),
}


class _TypstWriter(HTMLParser):
    def __init__(self, heading_level: int) -> None:
        super().__init__(convert_charrefs=True)
        self.heading_level = heading_level
        self.last_level = heading_level - 1
        self.stack: list[tuple[str, list[str], dict[str, str | None]]] = [("", [], {})]
        self.skipping = 0

    @property
    def out(self) -> list[str]:
        return self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _EMPTY:
            self.out.append(_EMPTY[tag])
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            shown = f"[Photograph: {alt}]" if alt.strip() else "[Photograph]"
            self.out.append(f" #emph[{markup_text(shown)}] ")
        else:
            self.stack.append((tag, [], dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if len(self.stack) < 2 or tag in _EMPTY or tag == "img":
            return
        # Close everything opened inside ``tag`` that the HTML left open.
        while len(self.stack) > 1:
            open_tag, parts, attrs = self.stack.pop()
            self.out.append(self._wrapped(open_tag, "".join(parts).strip(), attrs))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Code is shown raw (a string literal), everything else as escaped markup.
            self.out.append(data if self.stack[-1][0] == "code" else escape_markup(data))

    def _wrapped(self, tag: str, content: str, attrs: dict[str, str | None]) -> str:
        if tag == "a":
            href = attrs.get("href") or ""
            if href.startswith(("https://", "http://", "mailto:")):
                return f"#link({string_literal(href)})[{content}]"
            return content
        if tag == "code":
            return f"#raw({string_literal(content)})"
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            # A level is never skipped (PDF/UA): ``###`` straight after the title is a level
            # below the title's, as ``##`` is.
            wanted = self.heading_level + int(tag[1]) - 2
            level = max(self.heading_level, min(wanted, self.last_level + 1, 6))
            self.last_level = level
            return f"\n\n#heading(level: {level})[{content}]\n\n"
        if tag in {"em", "i", "strong", "b"} and not content:
            return ""
        return _WRAPS[tag].format(content) if tag in _WRAPS else content


def markdown_to_typst(body: str, heading_level: int) -> str:
    """``body`` (a story's Markdown) as Typst markup; its ``##`` headings become headings of
    ``heading_level``, below the pack's own, and deeper ones follow without skipping a level."""
    html = sanitize_story_html(markdown.markdown(body, extensions=_EXTENSIONS))
    writer = _TypstWriter(heading_level)
    writer.feed(html)
    writer.close()
    while len(writer.stack) > 1:
        writer.handle_endtag(writer.stack[-1][0])
    paragraphs = (part.strip() for part in "".join(writer.out).split("\n\n"))
    return "\n\n".join(part for part in paragraphs if part) + "\n"
