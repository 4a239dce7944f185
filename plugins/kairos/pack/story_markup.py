"""A story's Markdown body as Typst markup, for the pack.

The body goes the way it goes to the site: Python-Markdown, then the same sanitizer
(:func:`~kairos.safety.story_html.sanitize_story_html`), so that the pack prints what the
page shows, review comments and raw HTML's tricks removed. The sanitized HTML is then walked
element by element into Typst markup, every piece of text escaped
(:func:`~kairos.pack.typst_text.escape_markup`). Photographs are described by their alt text
rather than embedded: the pack stays small, and a photo's consent is the site's to decide.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from kairos.pack.typst_text import escape_markup, markup_text, string_literal
from kairos.safety.story_html import sanitize_story_html

_EXTENSIONS = ["extra", "admonition", "smarty", "sane_lists"]
#: Elements whose content becomes a block of its own in Typst.
_INLINE_WRAP = {"em": "emph", "i": "emph", "strong": "strong", "b": "strong"}
_SKIPPED = {"script", "style", "sup"}  # (footnote marks: the notes follow as a list)


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
            return
        if tag == "br":
            self.out.append(" #linebreak() ")
        elif tag == "hr":
            self.out.append("\n\n#line(length: 100%, stroke: 0.5pt + gray)\n\n")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            shown = f"[Photograph: {alt}]" if alt.strip() else "[Photograph]"
            self.out.append(f" #emph[{markup_text(shown)}] ")
        else:
            self.stack.append((tag, [], dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "hr", "img"} and tag not in _SKIPPED:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if len(self.stack) < 2 or tag in {"br", "hr", "img"}:
            return
        # Close everything opened inside ``tag`` that the HTML left open.
        while len(self.stack) > 1:
            open_tag, parts, attrs = self.stack.pop()
            self.out.append(self._wrapped(open_tag, "".join(parts).strip(), attrs))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape_markup(data))

    def _wrapped(self, tag: str, content: str, attrs: dict[str, str | None]) -> str:
        if tag in _INLINE_WRAP:
            return f"#{_INLINE_WRAP[tag]}[{content}]" if content else ""
        if tag == "a":
            href = attrs.get("href") or ""
            if href.startswith(("https://", "http://", "mailto:")):
                return f"#link({string_literal(href)})[{content}]"
            return content
        if tag == "code":
            return f"#raw({string_literal(_plain(content))})"
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            # A level is never skipped (PDF/UA): ``###`` straight after the title is a level
            # below the title's, as ``##`` is.
            wanted = self.heading_level + int(tag[1]) - 2
            level = max(self.heading_level, min(wanted, self.last_level + 1, 6))
            self.last_level = level
            return f"\n\n#heading(level: {level})[{content}]\n\n"
        if tag == "li":
            return f"[{content}], "
        if tag == "ul":
            return f"\n\n#list({content})\n\n"
        if tag == "ol":
            return f"\n\n#enum({content})\n\n"
        if tag == "blockquote":
            return f"\n\n#quote(block: true)[{content}]\n\n"
        if tag in {"p", "div", "details", "summary", "pre", "table", "tr", "dd", "dt"}:
            return f"\n\n{content}\n\n"
        if tag in {"td", "th"}:
            return f"{content} "
        return content


def _plain(escaped: str) -> str:
    """Escaped markup text back to the text (for code, shown raw)."""
    out, index = [], 0
    while index < len(escaped):
        if escaped[index] == "\\" and index + 1 < len(escaped):
            index += 1
        out.append(escaped[index])
        index += 1
    return "".join(out)


def markdown_to_typst(body: str, heading_level: int) -> str:
    """``body`` (a story's Markdown) as Typst markup; its ``##`` headings become headings of
    ``heading_level``, below the pack's own, and deeper ones follow without skipping a level."""
    html = sanitize_story_html(markdown.markdown(body, extensions=_EXTENSIONS))
    writer = _TypstWriter(heading_level)
    writer.feed(html)
    writer.close()
    while len(writer.stack) > 1:
        writer.handle_endtag(writer.stack[-1][0])
    text = "".join(writer.out)
    paragraphs = [" ".join(part.split(" ")).strip() for part in text.split("\n\n")]
    return "\n\n".join(part for part in paragraphs if part) + "\n"
