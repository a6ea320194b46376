"""The CSV table: RFC 4180 rows that parse back to the papers' fields, and no formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats import csv_writer
from tests.formats.export_samples import (
    FORMULA_TITLE,
    HOSTILE_NOTE,
    HOSTILE_TITLE,
    Sample,
    build_sample,
    without_digest,
)

HEADER = [
    "id", "key", "title", "authors", "abstract", "arxiv_id", "doi", "url", "links",
    "published", "added", "tags", "notes", "read", "starred", "digests",
]  # fmt: skip


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def parse(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def expected_fields(paper: Paper, names: dict[int, str]) -> dict[str, str]:
    """The paper's fields as the table should hold them, before the formula guard."""
    return {
        "id": str(paper.id),
        "key": paper.key,
        "title": paper.title,
        "authors": "; ".join(paper.authors),
        "abstract": paper.abstract,
        "arxiv_id": paper.arxiv_id or "",
        "doi": paper.doi or "",
        "url": paper.url or "",
        "links": " ".join(paper.links),
        "published": paper.published or "",
        "added": paper.added,
        "tags": "; ".join(paper.tags),
        "notes": paper.notes,
        "read": "true" if paper.read else "false",
        "starred": "true" if paper.starred else "false",
        "digests": "; ".join(names.get(d, f"Digest {d}") for d in paper.digests),
    }


def unguard(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def test_module_shape() -> None:
    assert csv_writer.FORMAT == "csv"
    assert csv_writer.EXTENSION == ".csv"
    assert list(csv_writer.COLUMNS) == HEADER
    assert "BOM" in (csv_writer.__doc__ or "").upper() or "byte order mark" in (
        csv_writer.__doc__ or ""
    )


def test_rows_parse_back_to_the_papers(sample: Sample) -> None:
    text = csv_writer.write(sample.papers, sample.options())
    rows = parse(text)
    assert rows[0] == HEADER
    assert len(rows) == len(sample.papers) + 1 == 119
    for paper, row in zip(sample.papers, rows[1:], strict=True):
        assert len(row) == len(HEADER)
        fields = {name: unguard(cell) for name, cell in zip(HEADER, row, strict=True)}
        assert fields == expected_fields(paper, sample.digest_names)
    assert csv_writer.write(sample.papers, sample.options()) == text


def test_rfc_4180_shape_and_utf8(sample: Sample) -> None:
    text = csv_writer.write(sample.papers, sample.options())
    assert text.startswith("\ufeffid,key,title,authors,abstract,")
    assert text.endswith("\r\n")
    assert text.split("\r\n")[0] == "\ufeff" + ",".join(HEADER)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfid,")
    # Newlines inside notes stay inside one quoted field; rows end in CRLF.
    assert '"<script>alert(1)</script>\nsecond line' in text
    hostile = next(row for row in parse(text) if row[2] == HOSTILE_TITLE)
    assert hostile[12] == HOSTILE_NOTE
    assert hostile[3] == "" and hostile[9] == ""  # no authors, no date
    assert hostile[7] == "javascript:alert(1)"  # data, not a link: kept as it is
    assert hostile[8] == "javascript:alert(2) https://example.org/a b(c)"
    assert "Øresund Müller 注意力" in hostile[2] and "back\\slash" in hostile[2]
    assert hostile[13:16] == ["true", "true", "hostile <digest>.bib"]
    assert hostile[11] == "<b>x</b> & y; =cmd"


def test_formula_cells_are_defused(sample: Sample) -> None:
    rows = parse(csv_writer.write(sample.papers, sample.options()))
    formula = next(row for row in rows if row[0] == str(sample.formula.id))
    assert formula[2] == "'" + FORMULA_TITLE
    assert formula[3] == "'-Minus; @At; Plain"
    assert formula[4] == "'+SUM(A1:A9)"
    # Only the start of a cell matters.
    hostile = next(row for row in rows if row[0] == str(sample.hostile.id))
    assert hostile[11] == "<b>x</b> & y; =cmd"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("'=1", "'=1"),
        ("", ""),
    ],
)
def test_guard_formula(value: str, cell: str) -> None:
    assert csv_writer.guard_formula(value) == cell


def test_digest_names_and_papers_in_no_digest(sample: Sample) -> None:
    loose = without_digest(sample.papers[0])
    rows = parse(csv_writer.write([loose, sample.arxiv], ExportOptions()))
    assert [row[15] for row in rows[1:]] == ["", "Digest 2"]


def test_empty_export_is_the_header() -> None:
    assert csv_writer.write([], ExportOptions()) == "\ufeff" + ",".join(HEADER) + "\r\n"


def test_awkward_characters_survive() -> None:
    paper = Paper(
        id=7, key="k,\"q\"", title='Comma, "quote" and\r\nCRLF', authors=["A, B", "C; D"],
        abstract="nul\x00byte", arxiv_id=None, doi="10.1/x", url=None, links=[],
        published=None, added="2024-01-01", tags=["t"], notes="\n\nlead\r\n", read=True,
        starred=False, digests=[3],
    )  # fmt: skip
    text = csv_writer.write([paper], ExportOptions(digest_names={3: "d,3"}))
    row = parse(text)[1]
    assert row == [
        "7", 'k,"q"', 'Comma, "quote" and\r\nCRLF', "A, B; C; D", "nul\x00byte", "", "10.1/x",
        "", "", "", "2024-01-01", "t", "\n\nlead\r\n", "true", "false", "d,3",
    ]  # fmt: skip
