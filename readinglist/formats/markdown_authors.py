"""Author lists as Markdown digests write them: ``A, B and C``, ``*A,B,C*``, ``A et al.``."""

from __future__ import annotations

import re

from readinglist.formats.markdown_inline import inline_text

_AUTHOR_PREFIX = re.compile(r"^(?:by\b|authors?\s*[:：])\s*", re.IGNORECASE)
_ET_AL = re.compile(r"\s*,?\s*\b(?:et\.?\s*al\b\.?|and\s+others\b)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&，、]|\band\b)\s*")
# Lower-case words that may sit inside a name ("Ludwig van Beethoven", "Vincent de Paul").
_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "le", "la",
    "bin", "al", "ter", "ten", "zu", "y", "e",
})  # fmt: skip


def parse_authors(
    segment: str, *, trusted: bool = False, whole: bool = False
) -> tuple[list[str], bool]:
    """Names in ``segment`` and whether it ended in ``et al.``.

    ``trusted`` says the segment is marked as authors (an italic span or an ``Authors:``
    field), so digits (affiliation marks) are tolerated; otherwise the text must look like
    a list of names, not prose or a venue. ``whole``: our own export's complete list, read
    whatever its length and however long a name (a collaboration's 3,000 authors).
    """
    text = _AUTHOR_PREFIX.sub("", inline_text(segment).strip(" ,;:|-–—.*_"))
    if not text or (len(text) > 5000 and not whole) or "://" in text:
        return [], False
    if not trusted and _DIGIT.search(text):
        return [], False
    more = bool(_ET_AL.search(text))
    names = [n.strip(" ,;.") for n in _AUTHOR_SPLIT.split(_ET_AL.sub("", text))]
    names = [n for n in names if n and any(c.isalpha() for c in n)]
    if not names or (not whole and any(len(n) > 80 or len(n.split()) > 6 for n in names)):
        return [], False
    if not trusted and not all(_looks_like_name(n) for n in names):
        return [], False
    return names, more


def _looks_like_name(name: str) -> bool:
    """Every word starts with a capital, bar name particles; a name in a script without
    capitals (Chinese, Korean ...) is one or two words, not a phrase."""
    words = name.split()
    if not (words[0][0].isupper() or words[0][0].islower()):
        return len(words) <= 2
    return all(not word[0].islower() or word in _PARTICLES for word in words)
