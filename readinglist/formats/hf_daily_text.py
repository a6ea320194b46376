"""Hugging Face *Daily Papers* page, as a user copies it from the browser.

The page text is some chrome (``Daily Papers``, ``Subscribe``, upvote counts ...), a date
line, then paper after paper: a title line and its abstract paragraph(s). There are no ids
or authors; links inside abstracts become the paper's links. The date line is the digest's
date, not the papers' (a 2021 paper may be listed in 2026): records carry no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.text_utils import find_links, parse_date_line

FORMAT = "hf-daily-text"
LABEL = "Hugging Face Daily Papers (copied page)"
EXTENSIONS = (".txt",)

_CHROME_LINES = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "load more",
    "upvote",
    "upvoted",
    "trending",
    "papers",
    "previous",
    "next",
    "daily",
    "weekly",
    "monthly",
    "search",
    "view all",
    "collections",
    "submit",
}
_CHROME_PATTERNS = re.compile(
    r"""^(?:
        [\d.,]+k?                       # upvote / comment counts
      | submitted\ by\b.*
      | published\ on\b.*
      | \d+\ authors?
      | ·.*                             # separators such as '· 3 authors'
      | (?:previous|next)\ day.*
      | search\ or\ paste\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SIGNATURE_LINES = (
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
)
_MAX_TITLE_CHARS = 300
_MAX_TITLE_WORDS = 40
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


@dataclass(slots=True)
class _Line:
    text: str
    blank_before: bool
    date: date | None = None


@dataclass(slots=True)
class _Draft:
    title: str
    paragraphs: list[list[str]] = field(default_factory=list)  # each a list of its lines


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a copied Daily Papers page (0 to 1)."""
    head = {line.strip().casefold() for line in text[:4000].split("\n")}
    if any(signature in head for signature in _SIGNATURE_LINES):
        return 0.95
    lines = [line.strip() for line in text[:200_000].split("\n") if line.strip()]
    pairs = sum(
        1
        for first, second in zip(lines, lines[1:], strict=False)
        if _looks_like_title(first) and len(second) >= 300 and not _looks_like_title(second)
    )
    if pairs >= 2 and pairs * 2 >= len(lines) * 0.6:
        return 0.5
    return 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse a copied Daily Papers page into records (one per title + abstract)."""
    lines = _content_lines(text, today)
    drafts: list[_Draft] = []
    digest_date: date | None = None
    previous: _Line | None = None
    for index, line in enumerate(lines):
        if line.date is not None:
            digest_date = digest_date or line.date
            previous = None
            continue
        draft = drafts[-1] if drafts else None
        if draft is None or _starts_new_paper(draft, line, previous, lines, index):
            drafts.append(_Draft(title=line.text))
        elif previous is not None and not line.blank_before and draft.paragraphs:
            draft.paragraphs[-1].append(line.text)  # joined once, at the end: linear
        else:
            draft.paragraphs.append([line.text])
        previous = line
    if not drafts:
        raise DigestFormatError("no papers found (expected a title line followed by its abstract)")
    records = [_to_record(draft) for draft in drafts]
    return ParsedDigest(
        format=FORMAT,
        records=records,
        date=digest_date.isoformat() if digest_date else None,
    )


def _content_lines(text: str, today: date) -> list[_Line]:
    """Non-blank, non-chrome lines, with date lines marked."""
    result: list[_Line] = []
    blank_before = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        if _is_chrome(stripped):
            continue
        parsed = parse_date_line(stripped, today)
        result.append(_Line(stripped, blank_before, parsed))
        blank_before = False
    return result


def _starts_new_paper(
    draft: _Draft, line: _Line, previous: _Line | None, lines: list[_Line], index: int
) -> bool:
    if not _looks_like_title(line.text):
        return False
    if not draft.paragraphs:
        # A title-like line right after a title is a new paper only if an abstract follows.
        following = lines[index + 1] if index + 1 < len(lines) else None
        return (
            following is not None
            and following.date is None
            and not _looks_like_title(following.text)
        )
    # Inside a paragraph a hard-wrapped line continues the sentence it follows.
    return not (previous is not None and not line.blank_before and not _ends_sentence(previous))


def _ends_sentence(line: _Line) -> bool:
    return line.text.rstrip("\"')]").endswith((".", "!", "?", ":"))


def _looks_like_title(text: str) -> bool:
    if len(text) > _MAX_TITLE_CHARS or len(text.split()) > _MAX_TITLE_WORDS:
        return False
    if text.endswith(".") or "://" in text:
        return False
    return len(_SENTENCE_BREAK.findall(text)) <= 1


def _is_chrome(line: str) -> bool:
    return line.casefold() in _CHROME_LINES or bool(_CHROME_PATTERNS.match(line))


def _to_record(draft: _Draft) -> PaperRecord:
    abstract = "\n\n".join(" ".join(lines) for lines in draft.paragraphs)
    return PaperRecord(
        title=draft.title,
        abstract=abstract,
        links=find_links(abstract),
    )
