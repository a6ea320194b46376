"""The last resort for a Markdown file that names no paper: plain bullets as titles.

``- A title`` lists are read as papers only when every such bullet looks like a title —
a few words to a long line, no sentence (no ``. `` inside, no final ``.``/``!``), no link
(only links to papers would have made it a paper already), no badge or image, no
``Label: 30`` statistic and not starting in lower case. A file with one bullet of prose,
navigation or chrome is refused ("no papers found"): a wrong import is worse than none.
"""

from __future__ import annotations

import re

_MAX_TITLE = 300
_MIN_TITLE = 4
_SENTENCE = re.compile(r"[.!;]\s+\S")
_STATISTIC = re.compile(r"[:：]\s*[\d,.]+\s*$")
_MARKUP = ("](", "![", "<", "http://", "https://", "www.", "`")


def title_from_bullet(body: str) -> str | None:
    """The title a plain bullet holds, or ``None`` when it is anything but a title."""
    text = " ".join(body.split())
    if text.startswith(("[ ] ", "[x] ", "[X] ")):
        text = text[4:]
    if any(mark in text for mark in _MARKUP):
        return None
    text = text.replace("**", "").replace("__", "").strip()
    if not _MIN_TITLE <= len(text) <= _MAX_TITLE or text[0].islower():
        return None
    if text.endswith((".", "!", ":", ";", ",")) or _SENTENCE.search(text):
        return None
    if _STATISTIC.search(text) or not any(c.isalpha() for c in text):
        return None
    return text
