"""Mark a query's words in a text, fast enough for every visible result while typing.

A regular expression per query term (the analyzed stem or the typed prefix matches the
start of a word: ``transform`` marks "Transformers"); the text around the marks is HTML-
escaped, so the result is safe to show as rich text and imported text never becomes markup.
The work is bounded whatever the text: only its first ``SCAN_CHARS`` are searched for a
first mark, a text longer than ``MAX_WHOLE_CHARS`` is always cut to an excerpt, and only
the marks inside what is shown are looked for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
WHOLE_TEXT_CHARS = 300  # shorter texts are shown whole; longer ones as one excerpt
EXCERPT_CHARS = 240
_LEAD_CHARS = 60  # context kept before the first mark of an excerpt
MAX_WHOLE_CHARS = 100_000  # a longer text is shown as an excerpt even when asked whole
SCAN_CHARS = 1_000_000  # a mark further into a (50 MB) note is not looked for
_WORD_SLACK = 200  # how far past an excerpt a word it cuts may reach


def mark_terms(text: str, terms: Iterable[str], *, whole: bool = False) -> str | None:
    """``text`` escaped, with words starting with any of ``terms`` in <mark>; None when
    no term occurs in the text's first ``SCAN_CHARS``. Long texts are cut to an excerpt
    around the first mark."""
    words = sorted({t.lower() for t in terms if t and len(t) >= 2}, key=len, reverse=True)
    if not text or not words:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    first = pattern.search(text, 0, SCAN_CHARS)
    if first is None:
        return None
    start, end = 0, len(text)
    if len(text) > MAX_WHOLE_CHARS or (not whole and len(text) > WHOLE_TEXT_CHARS):
        start = max(0, first.start() - _LEAD_CHARS)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + EXCERPT_CHARS)
        end = text.rfind(" ", start, end) if end < len(text) else end
        end = end if end > first.end() else first.end()
    parts = ["…" if start else ""]
    position = start
    for match in pattern.finditer(text, start, min(len(text), end + _WORD_SLACK)):
        if match.end() > end:
            break
        parts.append(html.escape(text[position : match.start()]))
        parts.append(MARK_OPEN + html.escape(match.group()) + MARK_CLOSE)
        position = match.end()
    parts.append(html.escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)
