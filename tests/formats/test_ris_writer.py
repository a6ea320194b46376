"""The RIS writer: rispy reads one record per paper back, with title, authors, tags as
keywords, notes (line by line) and DOI; note lines that look like tags stay in the note."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import rispy  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions
from readinglist.formats import registry, ris
from readinglist.formats.ris_writer import reference_type, ris_date, ris_name, write
from tests.formats.export_samples import (
    ARXIV_ID,
    DOI,
    HOSTILE_NOTE,
    Sample,
    build_sample,
    make_paper,
)

_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
TAG_LIKE_NOTE = (
    "first\nER  - not the end\nTY  - JOUR\nAU - one space\nA   - odd\n\n  indented\n"
    "@article{pasted,\n  title = {BibTeX}\n}"
)


paper = make_paper


def notes_of(entry: dict[str, object]) -> str:
    """rispy gives N1 as a list, one item per line of the notes."""
    lines = entry.get("notes", [])
    assert isinstance(lines, list)
    return "\n".join(lines)


def expected_notes(notes: str) -> str:
    """The notes as RIS keeps them: control characters dropped, every line stripped."""
    return "\n".join(line.strip() for line in _INVISIBLE.sub("", notes).strip().splitlines())


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def test_rispy_reads_one_record_per_paper_with_its_fields(sample: Sample) -> None:
    entries = rispy.loads(write(sample.papers, sample.options()))
    assert len(entries) == len(sample.papers) == 118
    for item, entry in zip(sample.papers, entries, strict=True):
        assert entry["type_of_reference"] == reference_type(item)
        assert entry.get("title", "") == " ".join(item.title.split())
        assert entry.get("authors", []) == [ris_name(name) for name in item.authors]
        assert entry.get("keywords", []) == item.tags
        assert notes_of(entry) == expected_notes(item.notes)
        assert entry.get("doi") == item.doi
        flags = entry.get("unknown_tag", {})
        assert (flags.get("U1") == ["read"], flags.get("U2") == ["starred"]) == (
            item.read,
            item.starred,
        )
    hostile = entries[sample.papers.index(sample.hostile)]
    assert notes_of(hostile) == HOSTILE_NOTE
    assert "authors" not in hostile and "date" not in hostile and "year" not in hostile
    assert hostile["urls"] == ["https://example.org/a%20b(c)"]  # javascript: links dropped


def test_arxiv_preprints_journal_articles_and_dates(sample: Sample) -> None:
    journal = paper(1, title="In a Journal", extra={"journal": "Nature"}, published="2023")
    entries = rispy.loads(write([sample.arxiv, sample.doi_only, journal], ExportOptions()))
    arxiv, doi_only, in_journal = entries
    assert arxiv["type_of_reference"] == "RPRT"
    assert arxiv["authors"][:2] == ["Lovelace, Ada", "Li, Bo"]
    assert arxiv["authors"][-1] == "Eve"
    assert (arxiv["date"], arxiv["year"]) == ("2024/09//", "2024")
    assert arxiv["urls"] == [f"https://arxiv.org/abs/{ARXIV_ID}"]
    assert (arxiv["accession_number"], arxiv["name_of_database"]) == (f"arXiv:{ARXIV_ID}", "arXiv")
    assert arxiv["abstract"] == "Line one. Line two."
    assert (doi_only["type_of_reference"], doi_only["doi"]) == ("JOUR", DOI)
    assert doi_only["date"] == "2024/09/09/"
    assert (in_journal["type_of_reference"], in_journal["secondary_title"]) == ("JOUR", "Nature")
    assert in_journal["date"] == "2023///"
    assert reference_type(paper(2)) == "GEN"


def test_note_lines_that_look_like_tags_stay_in_the_note() -> None:
    text = write([paper(1, notes=TAG_LIKE_NOTE, tags=["t"]), paper(2)], ExportOptions())
    entries = rispy.loads(text)
    assert len(entries) == 2
    assert notes_of(entries[0]) == expected_notes(TAG_LIKE_NOTE)
    assert notes_of(entries[0]).split("\n")[1:5] == [
        "ER  - not the end",
        "TY  - JOUR",
        "AU - one space",
        "A   - odd",
    ]
    assert entries[0]["keywords"] == ["t"] and "authors" not in entries[0]
    parsed = registry.read_digest(text.encode(), "export.ris", date.today())
    assert parsed.format == "ris" and len(parsed.records) == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_note_comes_back_line_by_line(notes: str) -> None:
    entries = rispy.loads(write([paper(1, notes=notes), paper(2, title="next")], ExportOptions()))
    assert [entry.get("title") for entry in entries] == ["Untitled", "next"]
    assert notes_of(entries[0]) == expected_notes(notes)


def test_lines_end_with_crlf_and_records_are_separated(sample: Sample) -> None:
    text = write(sample.papers, ExportOptions())
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    assert text.startswith("TY  - ")
    assert text.count("ER  - \r\n\r\n") == len(sample.papers)
    assert rispy.loads(text.replace("\r\n", "\n")) == rispy.loads(text)
    assert write([], ExportOptions()) == ""


def test_the_projects_own_reader_reads_the_export(sample: Sample) -> None:
    records = ris.read(write(sample.papers, ExportOptions()), date.today()).records
    assert len(records) == len(sample.papers)
    for item, record in zip(sample.papers, records, strict=True):
        assert record.title == " ".join(item.title.split())
        assert record.arxiv_id == item.arxiv_id
        assert record.doi == item.doi or (item.doi is None and "doi.org/" in " ".join(item.links))
        assert record.authors == [" ".join(name.split()) for name in item.authors]


def test_names_dates_and_urls() -> None:
    assert ris_name("Ludwig van Beethoven Jr.") == "van Beethoven, Ludwig, Jr."
    assert ris_name("Google Research Team") == "Google Research Team"
    assert ris_date("2025-09-09") == "2025/09/09/"
    assert ris_date("2025") == "2025///"
    assert ris_date(None) == ris_date("n.d.") == ""
    links = ["https://a.org/x;y", "ftp://b.org", "http://c.org/ z", "https://a.org/x;y"]
    entry = rispy.loads(write([paper(1, url="https://u.org", links=links)], ExportOptions()))[0]
    assert entry["urls"] == ["https://u.org", "https://a.org/x%3By", "http://c.org/%20z"]
