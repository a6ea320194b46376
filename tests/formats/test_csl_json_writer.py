"""The CSL-JSON writer: valid JSON items keyed like the BibTeX export, with the user's
annotations, that the project's own CSL-JSON reader imports back."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions
from readinglist.formats import bibtex_writer, csl_json
from readinglist.formats.csl_json_writer import csl_name, date_parts, write
from tests.formats.export_samples import (
    ARXIV_ID,
    DOI,
    HOSTILE_NOTE,
    Sample,
    build_sample,
    make_paper,
)

_CSL_MARKUP = re.compile(r"</?(?:i|b|sup|sub|sc|span)(?:\s[^>]*)?>", re.IGNORECASE)


paper = make_paper


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def test_json_round_trip_with_annotations(sample: Sample) -> None:
    text = write(sample.papers, sample.options())
    items = json.loads(text)
    assert isinstance(items, list) and len(items) == len(sample.papers) == 118
    assert json.loads(json.dumps(items)) == items
    keys = bibtex_writer.citation_keys(sample.papers)
    assert [item["id"] for item in items] == [keys[p.id] for p in sample.papers]
    assert len({item["id"] for item in items}) == len(items)
    for item, source in zip(items, sample.papers, strict=True):
        assert item["citation-key"] == item["id"]
        assert item["title"] == " ".join(source.title.split())
        assert item["custom"] == {
            "read": source.read,
            "starred": source.starred,
            "tags": source.tags,
        }
        assert item.get("keyword", "") == ", ".join(source.tags)
        assert item.get("note", "") == source.notes.strip()
        assert item.get("abstract", "") == source.abstract.strip()
    hostile = items[sample.papers.index(sample.hostile)]
    assert hostile["note"] == HOSTILE_NOTE
    assert "author" not in hostile and "issued" not in hostile and "URL" not in hostile


def test_ids_match_the_bibtex_export(sample: Sample) -> None:
    bib = bibtex_writer.write(sample.papers, ExportOptions())
    bib_keys = re.findall(r"^@\w+\{([^,]+),$", bib, re.MULTILINE)
    assert [item["id"] for item in json.loads(write(sample.papers, ExportOptions()))] == bib_keys


def test_the_projects_own_reader_imports_the_export(sample: Sample) -> None:
    records = csl_json.read(write(sample.papers, ExportOptions()), date.today()).records
    assert len(records) == len(sample.papers)
    for source, record in zip(sample.papers, records, strict=True):
        # CSL titles may hold rich-text markup (<b>, <i>, ...), which the reader removes.
        assert record.title == " ".join(_CSL_MARKUP.sub("", source.title).split())
        assert (record.doi, record.arxiv_id) == (source.doi, source.arxiv_id)
        assert record.authors == source.authors
        assert record.published == source.published
        assert record.extra.get("keywords", []) == source.tags


def test_types_arxiv_numbers_and_names(sample: Sample) -> None:
    journal = paper(1, title="In a Journal", extra={"journal": "Nature"}, arxiv_id=ARXIV_ID)
    arxiv, doi_only, in_journal = json.loads(
        write([sample.arxiv, sample.doi_only, journal], ExportOptions())
    )
    assert (arxiv["type"], arxiv["number"], arxiv["publisher"]) == ("article", ARXIV_ID, "arXiv")
    assert arxiv["URL"] == f"https://arxiv.org/abs/{ARXIV_ID}"
    assert arxiv["issued"] == {"date-parts": [[2024, 9]]}
    assert arxiv["author"][:2] == [
        {"family": "Lovelace", "given": "Ada"},
        {"family": "Li", "given": "Bo"},
    ]
    assert arxiv["author"][-1] == {"literal": "Eve"}
    assert (doi_only["type"], doi_only["DOI"]) == ("article-journal", DOI)
    assert doi_only["issued"] == {"date-parts": [[2024, 9, 9]]}
    assert (in_journal["type"], in_journal["container-title"]) == ("article-journal", "Nature")
    assert (in_journal["number"], in_journal["archive"]) == (ARXIV_ID, "arXiv")
    assert "publisher" not in in_journal


def test_helpers_and_empty_export() -> None:
    assert csl_name("Ludwig van Beethoven Jr.") == {
        "family": "Beethoven",
        "given": "Ludwig",
        "non-dropping-particle": "van",
        "suffix": "Jr.",
    }
    assert csl_name("OpenAI") == {"literal": "OpenAI"}
    assert date_parts("2025-09-09") == [2025, 9, 9]
    assert date_parts("2025-13") == [2025]
    assert date_parts(None) == date_parts("soon") == []
    assert write([], ExportOptions()) == "[]\n"
    text = write(
        [paper(1, title='Quotes " and \\ and </script>', notes="a\u2028b")], ExportOptions()
    )
    assert json.loads(text)[0]["title"] == 'Quotes " and \\ and </script>'
