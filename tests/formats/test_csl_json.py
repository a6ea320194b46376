from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.csl_json import EXTENSIONS, FORMAT, read, sniff
from tests.conftest import corpus_text

TODAY = date(2025, 10, 1)


def read_corpus(relative: str) -> ParsedDigest:
    digest = read(corpus_text(relative), TODAY)
    assert digest.format == FORMAT
    return digest


def read_items(data: Any) -> ParsedDigest:
    return read(json.dumps(data), TODAY)


# --- corpus files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "papers"),
    [("csl_json/zotero_better_csl_26.json", 26), ("csl_json/arxiv_item_1.json", 1)],
)
def test_corpus_paper_counts(relative: str, papers: int) -> None:
    digest = read_corpus(relative)
    assert len(digest.records) == papers
    assert digest.skipped == 0


def test_better_csl_json_items() -> None:
    records = read_corpus("csl_json/zotero_better_csl_26.json").records
    by_key = {r.extra["citation_key"]: r for r in records}
    assert len(by_key) == 26
    brittain = by_key["brittain2004"]
    assert brittain.title == (
        "Perceptions of disability and their impact upon involvement in sport for people "
        "with disabilities at all levels"
    )
    assert brittain.authors == ["Ian Brittain"]
    assert brittain.published == "2004"
    assert brittain.extra["journal"] == "Journal of Sport and Social Issues"
    assert brittain.extra["entry_type"] == "article-journal"
    # The DOI field holds a short DOI (10/fqd6hj); the full one comes from the doi.org URL.
    assert brittain.doi == "10.1177/0193723504268729"
    assert brittain.extra["short_doi"] == "10/fqd6hj"
    cody = by_key["cody2016"]
    assert cody.authors == ["Kieran Cody", "Steven J. Jackson"]
    assert cody.published == "2016-06-01"  # date parts mix "2016" with 6 and 1
    tannenbaum = by_key["tannenbaum2019"]
    assert tannenbaum.extra["pmid"] == "30894351"
    assert tannenbaum.doi is None
    assert by_key["duncan2002"].extra["isbn"] == "978-0-203-01405-9"
    assert by_key["pink2013"].extra["entry_type"] == "book"
    assert all(r.arxiv_id is None for r in records)


def test_arxiv_item() -> None:
    (record,) = read_corpus("csl_json/arxiv_item_1.json").records
    assert record.title == "Journal of Open Source Software (JOSS): design and first-year review"
    assert record.arxiv_id == "1707.02264"
    assert record.doi == "10.7717/peerj-cs.147"
    assert record.published == "2017-07-07"  # date parts given as strings
    assert record.authors[0] == "Arfon M Smith"  # literal names
    assert len(record.authors) == 16
    assert record.url == "https://arxiv.org/abs/1707.02264v3"
    assert record.abstract.startswith("This article describes the motivation")
    assert record.extra["journal"] == "arXiv"
    assert record.extra["citation_key"] == "oGNtTmrp"


# --- hand-made inputs ---------------------------------------------------------------------


def test_single_item_object_and_field_mapping() -> None:
    item = {
        "type": "paper-conference",
        "title": "A <i>very</i> good   paper",
        "author": [
            {"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"},
            {"family": "Solo"},
            {"literal": "The Team"},
        ],
        "issued": {"date-parts": [[2020, 2]]},
        "keyword": "alpha, beta; gamma",
        "container-title": "Proceedings",
        "note": "Some note",
        "abstract": "Abstract text.",
        "URL": "https://example.org/p",
    }
    (record,) = read_items(item).records
    assert record.title == "A very good paper"
    assert record.authors == ["Ludwig van Beethoven", "Solo", "The Team"]
    assert record.published == "2020-02"
    assert record.extra["keywords"] == ["alpha", "beta", "gamma"]
    assert record.extra["journal"] == "Proceedings"
    assert record.extra["note"] == "Some note"
    assert record.abstract == "Abstract text."
    assert record.url == "https://example.org/p"


@pytest.mark.parametrize(
    ("item", "arxiv_id"),
    [
        ({"title": "T", "number": "2101.00001v2", "publisher": "arXiv"}, "2101.00001"),
        ({"title": "T", "number": "2101.00002", "container-title": "arXiv"}, "2101.00002"),
        ({"title": "T", "number": "2101.00003"}, None),  # a report number, not arXiv's
        ({"title": "T", "DOI": "10.48550/arXiv.2101.00004"}, "2101.00004"),
        ({"title": "T", "URL": "http://arxiv.org/pdf/2101.00005v1"}, "2101.00005"),
        ({"title": "T", "note": "arXiv: 2101.00006"}, "2101.00006"),
    ],
)
def test_arxiv_ids(item: dict[str, Any], arxiv_id: str | None) -> None:
    (record,) = read_items([item]).records
    assert record.arxiv_id == arxiv_id


@pytest.mark.parametrize(
    ("issued", "published"),
    [
        ({"date-parts": [["2017", "07", "07"]]}, "2017-07-07"),
        ({"date-parts": [[2017]]}, "2017"),
        ({"date-parts": [[2017, 2, 30]]}, "2017-02"),
        ({"date-parts": [[2017, 13]]}, "2017"),
        ({"date-parts": [[]]}, None),
        ({"date-parts": "2017"}, None),
        ({"raw": "2019-05-04"}, "2019-05-04"),
        ({"literal": "Spring 2019"}, None),
        ("2019", None),
        ({"date-parts": [[2017, 1, 10**30]]}, "2017-01"),
    ],
)
def test_issued_dates(issued: Any, published: str | None) -> None:
    (record,) = read_items([{"title": "T", "issued": issued}]).records
    assert record.published == published


def test_wrong_types_are_ignored_not_fatal() -> None:
    items = [
        {"title": ["listed"], "author": "not a list", "DOI": {"x": 1}, "URL": 5, "number": None},
        {"title": "T", "author": [1, None, ["x"], {"family": 7}, "Plain Name"]},
        {"title": {"nested": "object"}},
        "a string item",
        42,
        {"title": True},
        {"title": "\ud800 lone surrogate"},
    ]
    digest = read_items(items)
    titles = [r.title for r in digest.records]
    assert titles == ["listed", "T", "\ufffd lone surrogate"]
    assert digest.records[1].authors == ["7", "Plain Name"]
    assert digest.skipped == 4


def test_items_wrapper_object() -> None:
    assert [r.title for r in read_items({"items": [{"title": "Wrapped"}]}).records] == ["Wrapped"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[",
        "42",
        '"a string"',
        "null",
        "[]",
        "[1, 2, 3]",
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        "[" + "9" * 5000 + "]",
    ],
)
def test_unreadable_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


# --- sniffing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative", ["csl_json/zotero_better_csl_26.json", "csl_json/arxiv_item_1.json"]
)
def test_sniff_recognises_csl_json(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) >= 0.8


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_json/hf_daily_2024-05-27_oldschema.json",
        "hf_daily_json/hf_daily_2026-08-21_ai_summary.json",
    ],
)
def test_sniff_rejects_hf_daily_papers_json(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) == 0


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_text/daily_papers_sep9.txt",
        "bibtex/zotero_bbt_arxiv_3.bib",
        "ris/zotero_export_2.ris",
        "hf_papers_html/hf_papers_page_2024-08-01.html",
    ],
)
def test_sniff_rejects_other_formats(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) < 0.5


def test_sniff_rejects_json_that_is_not_csl() -> None:
    assert sniff('[{"type": "user", "name": "x"}]', "x.json") < 0.5
    assert sniff('{"title": "no type"}', "x.json") < 0.5


def test_module_shape() -> None:
    assert FORMAT == "csl-json"
    assert EXTENSIONS == (".json",)
