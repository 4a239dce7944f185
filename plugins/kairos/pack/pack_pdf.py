"""Compile a pack's Typst source into a tagged PDF, with the fonts Typst embeds.

Typst (the ``typst`` wheel bundles its compiler: no browser, no system library, nothing for
``make serve`` to install) writes tagged PDF with the document's title and language; PDF/UA-1
makes it check what that standard requires (a title, alt text, no skipped heading levels)
and fail rather than write a pack that is not accessible. System fonts are ignored, so that
the same source gives the same pack on every machine.
"""

from __future__ import annotations

import datetime as dt

import typst


class PackCompileError(RuntimeError):
    """Typst refused the source (a bug in the pack's markup: every editor's string is escaped)."""


def compile_pack(source: str, build_date: dt.date) -> bytes:
    """The PDF of ``source``, dated ``build_date`` (so a rebuild on the same day is identical)."""
    stamp = int(dt.datetime.combine(build_date, dt.time(), dt.UTC).timestamp())
    try:
        pdf = typst.compile(
            source.encode("utf-8"),
            format="pdf",
            ignore_system_fonts=True,
            pdf_standards="ua-1",
            timestamp=stamp,
        )
    except Exception as error:  # typst raises its own error types, not exported
        raise PackCompileError(f"Typst could not build the pack: {error}") from error
    assert isinstance(pdf, bytes)
    return pdf
