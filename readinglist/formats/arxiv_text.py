"""Text conventions shared by the arXiv readers (feeds and mailings): author lists with
affiliations and TeX accents, dates as arXiv writes them, and the month an id was issued."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from email.utils import parsedate_tz

_PARENTHESISED = re.compile(r"\([^()]*\)")
_AUTHOR_SEPARATOR = re.compile(r",|;|\s+and\s+|\s+&\s+")
_NOT_NAMES = {"et al", "et al.", "others", "and others"}
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_LETTERS = {
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
}
_TEX_ACCENT = re.compile(
    r"""\{?\\(?:([`'^"~=.])\s*|([uvHckr])(?:\s+|(?=\{)))\{?\\?([A-Za-z])\}?\}?"""
)
_TEX_LETTER = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i)(?![A-Za-z])\}? ?")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_NEW_STYLE_MONTH = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_OLD_STYLE_MONTH = re.compile(r"/(\d{2})(\d{2})\d{3}$")


def split_authors(raw_authors: list[str]) -> list[str]:
    """Names from author strings: lists split on commas and ``and``, affiliations in
    parentheses dropped, ``et al.`` dropped, TeX accents decoded."""
    names: list[str] = []
    for raw in raw_authors:
        text = raw
        previous = None
        while previous != text:  # innermost parentheses first, so nested ones go too
            previous, text = text, _PARENTHESISED.sub(" ", text)
        text = text.split("(", 1)[0].replace(")", " ")
        if "\\" in text:
            text = decode_tex_accents(text)
        for part in _AUTHOR_SEPARATOR.split(text):
            name = " ".join(part.replace("{", "").replace("}", "").split())
            if name and name.casefold() not in _NOT_NAMES:
                names.append(name)
    return names


def decode_tex_accents(text: str) -> str:
    """Turn TeX accents and special letters (``Garc\\'ia``, ``{\\o}``) into Unicode."""

    def accent(match: re.Match[str]) -> str:
        mark = _ACCENTS[match.group(1) or match.group(2)]
        return unicodedata.normalize("NFC", match.group(3) + mark)

    text = _TEX_ACCENT.sub(accent, text)
    return _TEX_LETTER.sub(lambda m: _LETTERS[m.group(1)], text)


def date_text_day(text: str | None) -> str | None:
    """The calendar day an ISO or e-mail style date names, as written (its own time zone)."""
    if not text:
        return None
    iso = _ISO_DAY.match(text)
    if iso:
        parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    else:
        try:
            parsed = parsedate_tz(text.strip())
        except (ValueError, TypeError, IndexError, OverflowError):
            return None
        if parsed is None:
            return None
        parts = (parsed[0], parsed[1], parsed[2])
    try:
        return date(*parts).isoformat()
    except (ValueError, OverflowError):
        return None


def submission_month(arxiv_id: str | None) -> str | None:
    """``YYYY-MM`` an arXiv id was issued in (``2303.01234`` and ``hep-th/0301001`` give
    ``2023-03``): the best date for a replaced paper, whose listed date is the revision's."""
    if not arxiv_id:
        return None
    new_style = _NEW_STYLE_MONTH.match(arxiv_id)
    match = new_style or _OLD_STYLE_MONTH.search(arxiv_id)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    year = int(match.group(1))
    # New-style ids began in 2007; old-style ones ran from 1991 to 2007.
    century = 2000 if new_style or year < 91 else 1900
    return f"{century + year}-{match.group(2)}"
