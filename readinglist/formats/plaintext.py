"""Plain-text paper lists: ``Title:``/``PDF:``/``Summary:`` blocks, bare arXiv ids, bare titles.

The module holds three readers, one class each: :class:`TextBlocks` (``text-blocks``),
:class:`ArxivIds` (``arxiv-ids``) and :class:`TitleList` (``title-list``). A class is only a
namespace with the attributes a reader module has elsewhere (``FORMAT``, ``LABEL``,
``EXTENSIONS``) and static ``sniff`` / ``read`` functions, so the registry wires
``TextBlocks.sniff`` exactly like ``hf_daily_text.sniff``; :data:`READERS` lists all three.
They share one module because they share its line helpers (comments, list markers, ids).

``TitleList`` is the fallback for any short list of lines, so its sniff never says more
than 0.25 and says 0 as soon as the text looks like prose or structured data.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import normalize_arxiv_id
from readinglist.domain.links import ARXIV_ID, arxiv_id_in_url
from readinglist.formats.text_utils import collapse_whitespace

_SNIFF_CHARS = 64_000
_MAX_TITLE = 300
_LIST_MARKER = re.compile(r"^(?:[-*+•]|\d{1,4}[.)]|\[\d{1,4}\])\s+")
_FIELD = re.compile(
    r"^(title|pdf|summary|abstract|authors?|url|link|date|published)\s*:\s?(.*)$", re.IGNORECASE
)
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|={3,}|\*{3,})\s*$")
_ID_LINE = re.compile(
    rf"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    rf"|(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.)?({ARXIV_ID})(?:\.pdf)?/?(?:\s+#.*)?$",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;]|\band\b)\s*")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
# Lines that show the text is structured data or a mailing, not a list of titles.
_NOT_A_TITLE = re.compile(
    r"""^(?:
        [A-Z][A-Z0-9]\s{1,2}-(?:\s|$)              # RIS tag
      | @\w+\s*[{(]                                # BibTeX entry
      | [{}\]<\\%] | "[^"]*"\s*:                   # JSON, XML/HTML, TeX, comments
      | (?:title|authors?|abstract|summary|pdf|url|link|comments?|categories|journal-ref
          |doi|date|from|subjects?|report-no|msc-class|acm-class|arxiv|keywords|published
          |subject|to|received|revised)\s*:
      | [\W_]+$                                    # only punctuation: a rule or separator
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FIELD_MARKS = re.compile(r"[:/=|;,\t]")
_TITLE_WORDS = 3  # a title list holds at least one line of this many words
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_PROSE_START = {"the", "a", "an", "and", "of", "in", "to", "with", "for", "we", "is", "that"}


def _content_lines(text: str) -> list[str]:
    """Non-blank lines without ``#`` comments, list markers or surrounding spaces."""
    lines = []
    for raw in text.replace("\x00", "").split("\n"):
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(_LIST_MARKER.sub("", line, count=1) if len(line) < 5000 else line)
    return lines


def _head(text: str) -> str:
    """The first few KB of ``text``, cut at a line end."""
    if len(text) <= _SNIFF_CHARS:
        return text
    return text[: text.rfind("\n", 0, _SNIFF_CHARS) + 1] or text[:_SNIFF_CHARS]


def _arxiv_id(line: str) -> str | None:
    """The arXiv id when the whole line is one (bare, ``arXiv:``, URL or arXiv DOI)."""
    match = _ID_LINE.match(line) if len(line) < 300 else None
    return normalize_arxiv_id(match.group(1)) if match else None


class TextBlocks:
    """``Title:`` / ``PDF:`` / ``Summary:`` blocks separated by ``---`` lines."""

    FORMAT: ClassVar[str] = "text-blocks"
    LABEL: ClassVar[str] = "Text blocks (Title: / PDF: / Summary:)"
    EXTENSIONS: ClassVar[tuple[str, ...]] = (".txt",)

    @staticmethod
    def sniff(text: str, filename: str) -> float:
        """How sure we are that ``text`` is made of ``Title:`` blocks (0 to 1)."""
        titles = others = 0
        for line in _head(text).split("\n"):
            field = _FIELD.match(line)
            if field:
                name = field.group(1).lower()
                titles += name == "title"
                others += name in ("pdf", "summary")
        if titles >= 2 and others >= 2:
            return 0.9
        return 0.7 if titles and others else 0.0

    @staticmethod
    def read(text: str, today: date) -> ParsedDigest:
        """One record per block: title, PDF link (and arXiv id), summary, authors, date."""
        records: list[PaperRecord] = []  # each block becomes a record as soon as it ends
        titled = False
        block: dict[str, list[str]] = {}
        current: list[str] | None = None
        for raw in [*text.replace("\x00", "").split("\n"), "---"]:
            field = _FIELD.match(raw.strip()) if len(raw) < 100_000 else None
            if _SEPARATOR.match(raw) or (
                field and field.group(1).lower() == "title" and "title" in block
            ):
                if any(part for parts in block.values() for part in parts):
                    titled = titled or "title" in block
                    records.append(_block_record(block))
                block, current = {}, None
            if field:
                name = field.group(1).lower().rstrip("s")
                current = block.setdefault(name, [])
                current.append(field.group(2).strip())
            elif current is not None and not _SEPARATOR.match(raw):
                current.append(raw.strip())
        if not titled:
            raise DigestFormatError(
                "no 'Title:' lines found (expected Title:/PDF:/Summary: blocks)"
            )
        kept = [r for r in records if r.has_identity()]
        return ParsedDigest(TextBlocks.FORMAT, kept, skipped=len(records) - len(kept))


def _block_record(block: dict[str, list[str]]) -> PaperRecord:
    def joined(name: str, separator: str = " ") -> str:
        return separator.join(block.get(name, [])).strip()

    link = next((v for n in ("pdf", "url", "link") if (v := joined(n))), "")
    arxiv_id = normalize_arxiv_id(arxiv_id_in_url(link))
    summary = joined("summary", "\n") or joined("abstract", "\n")
    paragraphs = re.split(r"\n\s*\n", summary)
    date_match = _ISO_DATE.match(joined("date") or joined("published"))
    authors = joined("author")
    return PaperRecord(
        title=collapse_whitespace(joined("title")),
        abstract="\n\n".join(collapse_whitespace(p) for p in paragraphs if p.strip()),
        authors=[a for a in _AUTHOR_SPLIT.split(authors) if a] if authors else [],
        arxiv_id=arxiv_id,
        url=link if link and not arxiv_id else None,
        links=[link] if link else [],
        published=date_match.group(0) if date_match else None,
    )


class ArxivIds:
    """A bare list of arXiv ids, one per line; ``#`` comments and blank lines ignored."""

    FORMAT: ClassVar[str] = "arxiv-ids"
    LABEL: ClassVar[str] = "List of arXiv ids"
    EXTENSIONS: ClassVar[tuple[str, ...]] = (".txt",)

    @staticmethod
    def sniff(text: str, filename: str) -> float:
        """0.95 when at least 80% of the (first few KB of) lines are arXiv ids."""
        lines = _content_lines(_head(text))
        ids = sum(1 for line in lines if _arxiv_id(line))
        return 0.95 if ids and ids * 5 >= len(lines) * 4 else 0.0

    @staticmethod
    def read(text: str, today: date) -> ParsedDigest:
        """One id-only record per id line; other lines are skipped if ids are the majority."""
        lines = _content_lines(text)
        ids = [found for line in lines if (found := _arxiv_id(line))]
        if not ids or len(ids) * 2 <= len(lines):
            raise DigestFormatError("not a list of arXiv ids (most lines are not arXiv ids)")
        records = [PaperRecord(arxiv_id=arxiv_id) for arxiv_id in ids]
        return ParsedDigest(ArxivIds.FORMAT, records, skipped=len(lines) - len(ids))


class TitleList:
    """A plain list of titles, one per line: the fallback when nothing else fits."""

    FORMAT: ClassVar[str] = "title-list"
    LABEL: ClassVar[str] = "List of titles (one per line)"
    EXTENSIONS: ClassVar[tuple[str, ...]] = (".txt",)

    @staticmethod
    def sniff(text: str, filename: str) -> float:
        """0.25 when every line could be a title; 0 for prose or structured data."""
        head = _head(text)
        if head.lstrip()[:1] in ("{", "[", "<", "@") or len(head) < len(text):
            return 0.0
        lines = _content_lines(head)
        if not lines or any(_hard_violation(line) for line in lines):
            return 0.0
        if all(len(line.split()) < _TITLE_WORDS for line in lines):
            return 0.0  # a word list, names or settings: a list of titles has some titles
        doubtful = sum(1 for line in lines if _doubtful(line))
        return 0.25 if doubtful * 10 <= len(lines) else 0.0

    @staticmethod
    def read(text: str, today: date) -> ParsedDigest:
        """One title-only record per line; list markers and ``#`` comments are dropped."""
        lines = _content_lines(text)
        for number, line in enumerate(lines, start=1):
            if len(line) > _MAX_TITLE:
                raise DigestFormatError(
                    f"line {number} is too long for a title: not a list of titles"
                )
        titles = [line for line in lines if any(c.isalnum() for c in line)]
        if not titles:
            raise DigestFormatError("no titles found (expected one title per line)")
        records = [PaperRecord(title=title) for title in titles]
        return ParsedDigest(TitleList.FORMAT, records, skipped=len(lines) - len(titles))


def _hard_violation(line: str) -> bool:
    """True for a line no title list has: long, structured, a URL or an id, or one token
    of fields (``root:x:0:0:/root``, ``HOME=/home/ada``)."""
    return (
        len(line) > _MAX_TITLE
        or "://" in line
        or (" " not in line and bool(_FIELD_MARKS.search(line)))
        or bool(_NOT_A_TITLE.match(line))
        or _arxiv_id(line) is not None
    )


def _doubtful(line: str) -> bool:
    """True for a line that reads like wrapped prose rather than a title."""
    words = line.split()
    return (
        len(words) > 40
        or len(_SENTENCE_BREAK.findall(line)) > 1
        or line.endswith((",", ";", "-"))
        or (line.endswith(".") and not line.endswith("..."))
        or words[0] in _PROSE_START
    )


READERS = (TextBlocks, ArxivIds, TitleList)
