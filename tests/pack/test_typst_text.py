"""Editors' text and a story's Markdown as Typst markup: what the page shows, escaped, headings
without gaps."""

from __future__ import annotations

from kairos.pack.typst_text import markdown_to_typst, markup_text, string_literal


def test_headings_follow_the_pack_and_never_skip_a_level() -> None:
    typst = markdown_to_typst("#### Deep first\n\ntext\n\n## Back up\n\n### Below", 3)
    assert typst.splitlines()[0] == "#heading(level: 3)[Deep first]"
    assert "#heading(level: 3)[Back up]" in typst
    assert "#heading(level: 4)[Below]" in typst


def test_what_the_sanitizer_removes_never_reaches_the_pack() -> None:
    body = (
        "Before.\n\n<script>alert(1)</script>\n\n<!-- kairos: reviewed 07700 900321 -->\n\n"
        '<a href="javascript:alert(1)">a link</a> after.'
    )
    typst = markdown_to_typst(body, 3)
    assert "alert" not in typst
    assert "07700" not in typst
    assert "javascript" not in typst
    assert "a link after\\." in typst


def test_emphasis_links_lists_and_photos() -> None:
    body = (
        "She said *no* and **meant it**, [see](https://example.org/a).\n\n- one\n- two\n\n"
        "![A door with a paper butterfly](door.jpg)\n\n[a page](../other/)"
    )
    typst = markdown_to_typst(body, 3)
    assert "#emph[no]" in typst
    assert "#strong[meant it]" in typst
    assert '#link("https://example.org/a")[see]' in typst
    assert "#list([one], [two],)" in " ".join(typst.split())
    assert "#emph[\\[Photograph\\: A door with a paper butterfly\\]]" in typst
    assert "a page" in typst
    assert "../other" not in typst  # a link inside the site means nothing on paper


def test_markup_text_escapes_and_string_literals_quote() -> None:
    assert markup_text(" a *b*  #c\n1. ") == "a \\*b\\* \\#c 1\\."
    assert string_literal('say "hi" \\ now\n') == '"say \\"hi\\" \\\\ now"'


def test_code_quotes_and_line_breaks() -> None:
    typst = markdown_to_typst("Type `a *b*  \\ c` now.\n\n> She  said  \nno.\n\n***", 3)
    assert '#raw("a *b* \\\\ c")' in typst  # shown as typed, the backslash quoted
    assert "#quote(block: true)[She said #linebreak() no\\.]" in " ".join(typst.split())
    assert "#line(length: 100%" in typst
