"""Small text helpers shared by readers: links in prose, whitespace, and dates as digests
write them. Each runs in time linear in its input, whatever the input."""

from __future__ import annotations

import re
from datetime import date

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\"*_"
_BRACKETS = {")": "(", "]": "[", "}": "{", ">": "<"}
_SPACE = re.compile(r"\s")  # what str.split() splits on
_CHUNK = 65_536

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$"),
)


def find_links(text: str) -> list[str]:
    """The http(s) links in prose, in order, without trailing punctuation or brackets."""
    links: list[str] = []
    if "://" not in text:  # a fast scan; the pattern is tried at every position
        return links
    seen: set[str] = set()
    for match in _URL.finditer(text):
        link = _trim_link(match.group(0))
        if link not in seen and len(link) > len("https://"):
            seen.add(link)
            links.append(link)
    return links


def _trim_link(link: str) -> str:
    """``link`` without trailing punctuation, nor closing brackets it does not open.

    One pass from the end with bracket counts kept up to date: linear in the link's length.
    """
    opened = {close: link.count(open_) for close, open_ in _BRACKETS.items()}
    closed = {close: link.count(close) for close in _BRACKETS}
    end = len(link)
    while end:
        last = link[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last in _BRACKETS and opened[last] < closed[last]:
            closed[last] -= 1
            end -= 1
        else:
            break
    return link[:end]


def collapse_whitespace(text: str) -> str:
    """``" ".join(text.split())`` without a list of every word at once.

    Whitespace runs become one space and the ends are trimmed. A long text is done a chunk
    at a time (cut at whitespace), so a 50 MB abstract costs about its own size again, not
    ten times it in word objects.
    """
    if len(text) <= _CHUNK:
        return " ".join(text.split())
    pieces: list[str] = []
    start = 0
    while start < len(text):
        boundary = _SPACE.search(text, start + _CHUNK)
        stop = boundary.start() if boundary else len(text)
        piece = " ".join(text[start:stop].split())
        if piece:
            pieces.append(piece)
        start = stop
    return " ".join(pieces)


def parse_date_line(line: str, today: date) -> date | None:
    """Read a line that is only a date (``Sep 9``, ``September 9, 2025``, ``2025-09-09``).

    A date without a year is the latest such day not after ``today``.
    """
    text = line.strip()
    if len(text) > 40:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"].lower(), 0)
        if not month:
            return None
        day = int(parts["day"])
        if parts.get("year"):
            try:
                return date(int(parts["year"]), month, day)
            except ValueError:
                return None
        return _latest_not_after(month, day, today)
    return None


def _latest_not_after(month: int, day: int, today: date) -> date | None:
    for year in range(today.year, today.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None
