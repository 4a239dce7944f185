"""Pagefind's search index files as text.

Pagefind's index files (``.pf_fragment``, ``.pf_index``, ``.pf_meta``, ``.pf_filter``) are
gzip-compressed, and start with the signature ``pagefind_dcd`` once decompressed. A fragment is
then JSON (a page's URL, title, metadata, filters and whole text); the others are CBOR (words,
filter values, page hashes), whose text strings are read out one per line. A Pagefind file
that cannot be decoded is read as text with undecodable bytes dropped, never skipped.
"""

from __future__ import annotations

PAGEFIND_SUFFIXES = frozenset({".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"})
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _cbor_strings(data: bytes) -> list[str]:
    """Every text string of a CBOR document, in order (RFC 8949).

    CBOR writes a container's header before its items, so one pass over the item headers,
    skipping the bytes of each byte string, meets every text string.
    """
    strings: list[str] = []
    position = 0
    while position < len(data):
        major, info = data[position] >> 5, data[position] & 0x1F
        position += 1
        size = 1 << (info - 24) if 24 <= info <= 27 else 0
        argument = int.from_bytes(data[position : position + size]) if size else info
        position += size
        if info == 31 and major in (2, 3, 4, 5, 7):
            continue  # indefinite length (chunks follow) or "break"
        if info > 27:
            raise ValueError(f"reserved additional information {info}")
        if major in (2, 3):
            if major == 3:
                strings.append(data[position : position + argument].decode("utf-8", "replace"))
            position += argument
    if position > len(data):
        raise ValueError("truncated")
    return strings


def pagefind_text(data: bytes, suffix: str) -> str:
    """A decompressed Pagefind file (signature first) as text the audit can search."""
    body = data.removeprefix(PAGEFIND_SIGNATURE)
    if suffix == ".pf_fragment":
        return body.decode("utf-8", "replace")
    try:
        return "\n".join(_cbor_strings(body))
    except ValueError:
        return body.decode("utf-8", "ignore")
