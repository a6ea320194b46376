"""Markdown paper digests: one paper per list item or table row, under section headings.

Generators such as cv-arxiv-daily write lines like::

    - 2022-11-30, **Title**, First Author et.al., Paper: [http://arxiv.org/abs/ID](...), Code: ...
    |**2022-11-30**|**Title**|First Author et.al.|[ID](http://arxiv.org/abs/ID)|null|

and hand-written lists are simpler (``- [Title](https://arxiv.org/abs/ID)``,
``* **Title** — https://arxiv.org/abs/ID``). The title is the first bold text or link text
that is not a date or a label such as ``PDF``; the text after it, up to the next link, is
the author list (``et al.`` sets ``extra["more_authors"]``); arXiv links give the id and
other links (code, project pages) become ``links``. The heading above an item becomes
``extra["section"]``. Every item is one record, even when a paper is listed in two sections.
A file with no such items but plain bullets (``- A title``) is read as a list of titles.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from readinglist.core.entities import PaperRecord, ParsedDigest
from readinglist.core.errors import DigestFormatError
from readinglist.core.identity import normalize_arxiv_id, normalize_doi
from readinglist.formats.text_utils import find_links

FORMAT = "markdown"
LABEL = "Markdown paper list"
EXTENSIONS = (".md", ".markdown")

_MAX_LINE = 20_000
_MAX_TITLE = 300
_SNIFF_CHARS = 64_000
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,4}[.)])\s+(\S.*)$")
_RULE_CHARS = frozenset("|:- \t")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LINK = re.compile(
    r"!?\[((?:\\.|[^\[\]\n\\]){0,2000})\]\(\s*<?(https?://[^\s)<>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_DATE = re.compile(r"(?<![\d.])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d.])")
_UPDATED = re.compile(r"updated\s+on\s+(\d{4})[-./](\d{1,2})[-./](\d{1,2})", re.IGNORECASE)
_LABEL_COLON = re.compile(
    r"\b(?:paper|pdf|code|arxiv|project(?:\s+page)?|github|link|url|website|homepage)\s*:",
    re.IGNORECASE,
)
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^?#\s]+)", re.IGNORECASE)
_ARXIV_TEXT = re.compile(r"\barXiv:\s*(\S+)", re.IGNORECASE)
_ID_TEXT = re.compile(
    r"^(?:arxiv:\s*)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE
)
_ESCAPE = re.compile(r"\\([\\`*_|\[\]#<>&])")  # what our own Markdown export escapes
_KEPT = re.compile("\x00(\\d+)\x00")
_AUTHOR_PREFIX = re.compile(r"^(?:by\b|authors?\s*:)\s*", re.IGNORECASE)
_ET_AL = re.compile(r"\s*,?\s*\b(?:et\.?\s*al\b\.?|and\s+others\b)", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_PAPER_HOSTS = (
    "arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "huggingface.co/papers/",
)  # fmt: skip
_LABEL_WORDS = {
    "pdf", "paper", "code", "link", "arxiv", "project", "project page", "github", "abs", "html",
    "website", "homepage", "null", "none", "n/a", "demo", "video", "slides", "blog", "data",
    "dataset", "model", "hf", "huggingface", "-",
}  # fmt: skip


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a Markdown paper list (0 to 1)."""
    lines = text[:_SNIFF_CHARS].split("\n")
    papers = headings = items = 0
    for line in lines[:3000]:
        stripped = line.strip()
        if len(line) > _MAX_LINE:
            continue
        if _HEADING.match(line):
            headings += 1
        elif stripped.startswith("|") or _BULLET.match(line):
            items += 1
            if not (_BOLD.search(stripped) or "arxiv" in stripped.lower()):
                continue
            if stripped.startswith("|"):
                found = _row_record(_cells(stripped), None)
            else:
                found = _item_record(_BULLET.sub(r"\2", line))
            papers += found is not None
            if papers >= 2:
                break
    if papers >= 2:
        return 0.85
    if papers == 1:
        return 0.6
    if headings and (items or filename.lower().endswith(EXTENSIONS)):
        return 0.3
    return 0.15 if headings else 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse a Markdown digest into one record per paper item or table row."""
    lines = text.replace("\x00", "").split("\n")
    records: list[PaperRecord] = []
    plain: list[PaperRecord] = []  # plain bullets, used only when no item names a paper
    section: str | None = None
    columns: dict[str, int] | None = None
    fenced = False
    index = 0
    while index < len(lines):
        raw, index = lines[index], index + 1
        stripped = raw.strip()
        heading = _HEADING.match(raw)
        if not stripped.startswith("|") or heading or len(raw) > _MAX_LINE:
            columns = None
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or stripped.startswith(("```", "~~~")) or len(raw) > _MAX_LINE:
            continue
        if heading:
            section = _heading_text(heading.group(2) or "") or None
            continue
        if stripped.startswith("|"):
            following = lines[index] if index < len(lines) else ""
            if _is_rule(stripped):
                continue
            if len(following) < _MAX_LINE and _is_rule(following.strip()):
                columns = _header_columns(_cells(stripped))
                continue
            record = _row_record(_cells(stripped), columns)
        elif bullet := _BULLET.match(raw):
            parts = [bullet.group(2)]
            # Lines indented under the item (wrapped text, sub-items) belong to it.
            while index < len(lines) and _continues(lines[index], len(bullet.group(1))):
                parts.append(lines[index].strip())
                index += 1
            body = " ".join(parts)  # joined once: adding line by line was quadratic
            record = _item_record(body)
            title = _inline_text(body)
            if record is None and title and len(title) <= _MAX_TITLE and "](#" not in body:
                plain.append(_with_section(PaperRecord(title=title), section))
        else:
            continue
        if record is not None:
            records.append(_with_section(record, section))
    if not records and not plain:
        raise DigestFormatError(
            "no papers found (expected list items or table rows with a bold title or an arXiv link)"
        )
    return ParsedDigest(format=FORMAT, records=records or plain, date=_digest_date(text))


def _heading_text(text: str) -> str:
    """A heading's text without its optional closing ``#`` sequence."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare
    return _inline_text(text)


def _is_rule(line: str) -> bool:
    """A table's header rule, such as ``|:---|---|``."""
    return "-" in line and "|" in line and set(line) <= _RULE_CHARS


def _continues(line: str, indent: int) -> bool:
    stripped = line.strip()
    if not stripped or len(line) > _MAX_LINE:
        return False
    return len(line) - len(line.lstrip()) > indent and not _HEADING.match(line)


def _with_section(record: PaperRecord, section: str | None) -> PaperRecord:
    if section:
        record.extra["section"] = section
    return record


def _digest_date(text: str) -> str | None:
    match = _UPDATED.search(text[:4000])
    return _iso_date(match) if match else None


def _iso_date(match: re.Match[str]) -> str | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def _inline_text(text: str) -> str:
    """Markdown inline markup reduced to its text: links to their text, no bold or code."""
    text = _LINK.sub(lambda m: m.group(1), text.replace("\x00", ""))
    escaped: list[str] = []  # escaped characters are text: set aside before markup goes

    def set_aside(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE.sub(set_aside, text)
    text = text.replace("**", "").replace("`", "")
    text = _KEPT.sub(lambda m: escaped[int(m.group(1))], text)
    return " ".join(text.split())


def _is_label(text: str) -> bool:
    plain = text.strip().strip(":").casefold()
    return plain in _LABEL_WORDS or bool(_ID_TEXT.match(plain)) or "://" in plain


def _is_date(text: str) -> bool:
    match = _DATE.search(text)
    return match is not None and len(text.strip(" *_,")) == len(match.group(0))


def _urls(text: str) -> list[str]:
    """Link targets first, then bare URLs, without duplicates."""
    urls = [m.group(2) for m in _LINK.finditer(text)]
    bare = find_links(_LINK.sub(" ", text))
    return list(dict.fromkeys(urls + bare))


def _title_from(fragment: str) -> tuple[str, str | None]:
    """The title in a bold span or cell, and the URL it links to (if any)."""
    link = _LINK.search(fragment)
    title = _inline_text(fragment)
    if _is_label(title) or _is_date(title):
        return "", None
    return title, link.group(2) if link else None


def _item_record(body: str) -> PaperRecord | None:
    """The paper in one list item, or ``None`` when the item names no paper."""
    title, title_url, span = "", None, (0, 0)
    for bold in _BOLD.finditer(body):
        title, title_url = _title_from(bold.group(1))
        if title:
            span = bold.span()
            break
    if not title:
        for link in _LINK.finditer(body):
            if not _is_label(link.group(1)):
                title, title_url, span = _inline_text(link.group(1)), link.group(2), link.span()
                break
    marked = bool(title)
    cut = _first_reference(body, span[1])
    if not title:
        before = body[:cut].strip()
        date_match = _DATE.match(before)
        title = _inline_text(before[date_match.end() :] if date_match else before)
        title = title.strip(" ,;:|-–—")
        span = (0, cut)
    authors = body[span[1] : cut] if marked else ""
    dated = body[: span[0]] + " " + body[span[1] :] if marked else body
    return _record(title, title_url, authors, dated, body, "marked" if marked else "id")


def _first_reference(body: str, start: int) -> int:
    """Where the first link, URL or ``Paper:``-style label after ``start`` begins."""
    positions = [len(body)]
    for pattern in (_LINK, _LABEL_COLON, _URL_START):
        match = pattern.search(body, start)
        if match:
            positions.append(match.start())
    return min(positions)


def _record(
    title: str,
    title_url: str | None,
    authors_text: str,
    dated: str,
    whole: str,
    accept: Literal["title", "marked", "id"],
) -> PaperRecord | None:
    """Build a record, or ``None`` when the item names no paper.

    ``accept`` says what suffices besides an id or a paper link: a title alone (table with
    a title column), a bold or linked title next to any link, or nothing else.
    """
    urls = _urls(whole)
    arxiv_id = next((_arxiv_from_url(u) for u in urls if _is_arxiv_url(u)), None)
    for match in _ARXIV_TEXT.finditer(whole):
        arxiv_id = arxiv_id or normalize_arxiv_id(match.group(1))
    doi = next((normalize_doi(u) for u in urls if "doi.org/" in u.lower()), None)
    paper_link = title_url is not None and any(h in title_url.lower() for h in _PAPER_HOSTS)
    has_id = bool(arxiv_id or doi or paper_link)
    if not (has_id or (accept == "title" and title) or (accept == "marked" and title and urls)):
        return None
    authors, more = _authors(authors_text)
    date_match = _DATE.search(_LINK.sub(" ", dated))
    record = PaperRecord(
        title=title,
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        url=title_url if title_url and not _is_arxiv_url(title_url) else None,
        links=[u for u in urls if not _is_arxiv_url(u) and u != title_url],
        published=_iso_date(date_match) if date_match else None,
    )
    if more:
        record.extra["more_authors"] = True
    return record


def _arxiv_from_url(url: str) -> str | None:
    """The id in an arXiv URL (``/abs/``, ``/pdf/``, also old-style ``hep-th/9901001``)."""
    match = _ARXIV_URL.search(url)
    return normalize_arxiv_id(match.group(1)) if match else None


def _is_arxiv_url(url: str) -> bool:
    return _arxiv_from_url(url) is not None


def _authors(segment: str) -> tuple[list[str], bool]:
    """Authors from the text between a title and the next link; ``et al.`` noted."""
    text = _AUTHOR_PREFIX.sub("", _inline_text(segment).strip(" ,;:|-–—"))
    if not text or len(text) > 2000 or "://" in text or any(c.isdigit() for c in text):
        return [], False
    more = bool(_ET_AL.search(text))
    names = [n.strip(" ,;") for n in _AUTHOR_SPLIT.split(_ET_AL.sub("", text))]
    names = [n for n in names if n and any(c.isalpha() for c in n)]
    if any(len(n) > 80 or len(n.split()) > 6 for n in names):
        return [], False
    return names, more and bool(names)


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(inner)]


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = _inline_text(cell).casefold()
        for key, words in (("title", ("title",)), ("authors", ("author",)), ("date", ("date",))):
            if key not in columns and any(word in name for word in words):
                columns[key] = position
        if name in ("paper", "name") and "title" not in columns:
            columns["title"] = position
    return columns


def _row_record(cells: list[str], columns: dict[str, int] | None) -> PaperRecord | None:
    """The paper in one table row: by the header's title column, else read as a list item."""
    if not columns or "title" not in columns:
        return _item_record(", ".join(cells))
    title, title_url = _title_from(_cell(cells, columns["title"]))
    others = [c for i, c in enumerate(cells) if i != columns["title"]]
    dated = _cell(cells, columns.get("date")) or " ".join(others)
    authors = _cell(cells, columns.get("authors"))
    return _record(title, title_url, authors, dated, " | ".join(cells), "title")


def _cell(cells: list[str], position: int | None) -> str:
    return cells[position] if position is not None and 0 <= position < len(cells) else ""
