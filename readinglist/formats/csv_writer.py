"""Papers as a CSV table for spreadsheets: one row per paper, every field and annotation.

The file follows RFC 4180: comma-separated, fields quoted only when they must be (a comma,
a quote, a line break), quotes doubled, rows ending in CRLF. Line breaks inside a field
(notes, abstracts) are kept inside the quotes. The text starts with a UTF-8 byte order mark
(U+FEFF) so that spreadsheets such as Excel detect UTF-8 instead of guessing a legacy
code page; write the returned string encoded as UTF-8 (the BOM becomes ``EF BB BF``).

Lists are joined in one cell: authors, tags and digests with ``"; "``, links with a
space. ``read`` and ``starred`` are ``true`` or ``false``; a missing value is an empty
cell. The abstract column is always filled (the table is a data export, not a reading
list, so ``ExportOptions`` only names the digests here).

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and some also one starting with a tab or carriage return) as a formula, which an
imported title or note could use to run commands or leak data. Every such cell gets a
leading apostrophe (``'=1+1``), which spreadsheets show as text; the apostrophe is the only
change made to any value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats.listing import digest_names
from readinglist.formats.paper_batches import PaperBatches

FORMAT = "csv"
LABEL = "CSV table (spreadsheets)"
EXTENSION = ".csv"

BOM = "\ufeff"
COLUMNS = (
    "id",
    "key",
    "title",
    "authors",
    "abstract",
    "arxiv_id",
    "doi",
    "url",
    "links",
    "published",
    "added",
    "tags",
    "notes",
    "read",
    "starred",
    "digests",
)
LIST_SEPARATOR = "; "
LINK_SEPARATOR = " "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The CSV table of ``papers`` (header row first), starting with a UTF-8 BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    names = options.digest_names
    writer.writerows([guard_formula(cell) for cell in row(paper, names)] for paper in papers)
    return BOM + buffer.getvalue()


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks: the header, then the rows of a batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    yield BOM + _take(buffer)
    names = options.digest_names
    for batch in papers:
        writer.writerows([guard_formula(cell) for cell in row(paper, names)] for paper in batch)
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    """What ``buffer`` holds, leaving it empty."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def row(paper: Paper, names: Mapping[int, str]) -> list[str]:
    """A paper's cells in ``COLUMNS`` order, before the formula guard."""
    return [
        str(paper.id),
        paper.key,
        paper.title,
        LIST_SEPARATOR.join(paper.authors),
        paper.abstract,
        paper.arxiv_id or "",
        paper.doi or "",
        paper.url or "",
        LINK_SEPARATOR.join(paper.links),
        paper.published or "",
        paper.added,
        LIST_SEPARATOR.join(paper.tags),
        paper.notes,
        _flag(paper.read),
        _flag(paper.starred),
        LIST_SEPARATOR.join(digest_names(paper, names)),
    ]


def guard_formula(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _flag(value: bool) -> str:
    return "true" if value else "false"
