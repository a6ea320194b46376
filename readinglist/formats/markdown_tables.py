"""One paper per row of a Markdown pipe table.

The header names the columns (``Title``/``Paper``/``Name``, ``Authors``, ``Date``,
``Summary``/``Abstract``). A title cell may hold more than a title — ``(1) **Title** -
summary``, ``1) Title — summary <br>● point``, ``Title (Read more on [arXiv](…))`` — so
the title is the bold or linked span at its start, else the text before the first
separator or link; the ``N)``/``(N)``/``N.`` numbering goes and the rest becomes the
abstract. A row that a hard wrap split over two lines is joined again with one space.
Rows of a table without a title column are read as list items.
"""

from __future__ import annotations

import re

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_doi
from readinglist.formats.markdown_authors import parse_authors
from readinglist.formats.markdown_inline import (
    BOLD,
    DATE,
    LINK,
    arxiv_from_url,
    bare_urls,
    clean_images,
    inline_text,
    is_date,
    is_label,
    iso_date,
)
from readinglist.formats.markdown_items import item_record

_RULE_CHARS = "|:- \t"
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_NUMBER = re.compile(r"^(?:\(\d{1,4}\)|\d{1,4}[.)])\s+")
# A count where a title should be ("114", "92–93 (93 titles; …)"): a table about files or
# sources whose "papers" column counts them, such as a corpus's SOURCES.md.
_COUNT = re.compile(r"^\d[\d\s,.–-]*(?:\(|$)")
_SEPARATOR = re.compile(r"\s+[—–-]\s+|\s*\n\s*|\s*●")
_COLUMNS = (
    ("title", ("title",)),
    ("authors", ("author",)),
    ("date", ("date",)),
    ("abstract", ("summary", "abstract", "tl;dr", "tldr")),
)
_MAX_JOINED = 20


def is_rule(line: str) -> bool:
    """A table's header rule, such as ``|:---|---|``."""
    return "-" in line and "|" in line and not line.strip(_RULE_CHARS)


def cells(row: str) -> list[str]:
    inner = row.strip()[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(inner)]


def header_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = inline_text(cell).casefold()
        for key, words in _COLUMNS:
            if key not in columns and any(word in name for word in words):
                columns[key] = position
        if name in ("paper", "name", "papers") and "title" not in columns:
            columns["title"] = position
    columns["width"] = len(header)
    return columns


def join_wrapped(row: str, following: list[str], width: int) -> tuple[str, int]:
    """``row`` with the lines a hard wrap moved out of it, and how many lines were used."""
    used = 0
    if row.endswith("|") and not row.endswith("\\|") and row.count("|") > width:
        return row, used  # a complete row (the common case, checked without splitting)
    while (
        len(cells(row)) < width
        and used < min(len(following), _MAX_JOINED)
        and following[used].strip()
        and not following[used].lstrip().startswith(("|", "#"))
    ):
        row, used = row.rstrip() + " " + following[used].strip(), used + 1
    return row, used


def row_record(row: list[str], columns: dict[str, int] | None) -> PaperRecord | None:
    """The paper in one table row: by the header's title column, else read as a list item."""
    row = [clean_images(cell) for cell in row]
    if not columns or "title" not in columns:
        return item_record(", ".join(cell.replace("\n", " ") for cell in row))
    title, title_url, rest, summary = cell_title(_cell(row, columns["title"]))
    if _COUNT.match(title):
        return None  # the "papers" column of a table that counts them
    others = [c for i, c in enumerate(row) if i != columns["title"]]
    own = [title_url] if title_url else []
    for text in [rest, *others]:
        own += [m.group(2) for m in LINK.finditer(text) if is_label(m.group(1))]
        own += bare_urls(text)
    arxiv_id = next((i for i in map(arxiv_from_url, own) if i), None)
    doi = next((normalize_doi(u) for u in own if "doi.org/" in u.lower()), None)
    if not (title or arxiv_id or doi):
        return None
    authors, more = parse_authors(_cell(row, columns.get("authors")), trusted=True)
    abstract = _cell(row, columns.get("abstract")) or summary
    date_match = DATE.search(LINK.sub(" ", _cell(row, columns.get("date")) or " ".join(others)))
    links = [m.group(2) for text in others for m in LINK.finditer(text)]
    links += [u for text in others for u in bare_urls(text)]
    record = PaperRecord(
        title=title,
        abstract=inline_text(LINK.sub(" ", abstract)) if abstract else "",
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        url=title_url if title_url and not arxiv_from_url(title_url) else None,
        links=[u for u in dict.fromkeys(links) if u != title_url and not arxiv_from_url(u)],
        published=iso_date(date_match) if date_match else None,
    )
    if more:
        record.extra["more_authors"] = True
    return record


def cell_title(cell: str) -> tuple[str, str | None, str, str]:
    """``(title, its link, the rest of the cell, the summary in it)`` of a title cell."""
    text = _NUMBER.sub("", cell.strip(), count=1)
    bold = BOLD.match(text)
    if bold and not is_date(bold.group(1)):
        inner = bold.group(1)
        link = LINK.fullmatch(inner.strip())
        title = inline_text(link.group(1) if link else inner)
        rest = _after(text, bold.end())
        return title, link.group(2) if link else None, rest, rest
    link = LINK.match(text)
    if link and not is_label(link.group(1)):
        rest = _after(text, link.end())
        return inline_text(link.group(1)), link.group(2), rest, rest
    first_link = LINK.search(text)
    cut = first_link.start() if first_link else len(text)
    separator = _SEPARATOR.search(text, 0, cut)
    end = separator.start() if separator else cut
    title = inline_text(text[:end]).strip(" ,;:|-–—")
    if title.count("(") > title.count(")"):
        title = title[: title.rfind("(")].rstrip(" ,;:|-–—")
    if is_label(title) or is_date(title):
        title = ""
    if separator:
        rest = _after(text, separator.end())
        return title, None, rest, rest
    return title, None, text[cut:], ""  # only links follow the title


def _after(text: str, end: int) -> str:
    return text[end:].lstrip(" \t\n,;:.|-–—●")


def _cell(row: list[str], position: int | None) -> str:
    return row[position] if position is not None and 0 <= position < len(row) else ""
