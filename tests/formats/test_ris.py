from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.ris import EXTENSIONS, FORMAT, read, sniff
from tests.conftest import CORPUS, corpus_text

TODAY = date(2025, 10, 1)


def read_corpus(relative: str) -> ParsedDigest:
    digest = read(corpus_text(relative), TODAY)
    assert digest.format == FORMAT
    return digest


# --- corpus files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "papers"),
    [("ris/scopus_1.ris", 1), ("ris/bom_cyrillic_1.ris", 1), ("ris/zotero_export_2.ris", 2)],
)
def test_corpus_paper_counts(relative: str, papers: int) -> None:
    digest = read_corpus(relative)
    assert len(digest.records) == papers
    assert digest.skipped == 0


def test_scopus_record_with_repeated_n1_and_several_ad() -> None:
    (record,) = read_corpus("ris/scopus_1.ris").records
    assert record.title.startswith("A transversely isotropic composite with a statistical")
    assert record.authors == ["S. Federico", "A. Grillo", "W. Herzog"]
    assert record.doi == "10.1016/j.jmps.2004.03.010"
    assert record.published == "2004"
    assert record.url is not None and record.url.startswith("http://www.scopus.com/")
    assert record.extra["journal"] == "Journal of the Mechanics and Physics of Solids"
    assert record.extra["keywords"] == [
        "Composite",
        "Inclusions",
        "Statistical distribution",
        "Transverse isotropy",
    ]
    assert record.extra["notes"] == ["Cited By :44", "Export Date: 1 April 2016"]
    assert len(record.extra["affiliations"]) == 3
    assert record.extra["entry_type"] == "JOUR"


def test_bom_cyrillic_record() -> None:
    (record,) = read_corpus("ris/bom_cyrillic_1.ris").records
    # No TI/T1: the short title ST names the paper.
    assert record.title.startswith("Состояние рецепторного аппарата эндометрия")
    # The abstract continues on an untagged line.
    assert record.abstract.startswith("Состояние рецепторного")
    assert record.abstract.endswith("in endometrial hyperplasia in the late reproductive period")
    assert record.authors[0] == "Yu E. Dobrokhotova"
    assert len(record.authors) == 5
    assert record.extra["entry_type"] == "Journal Article"
    assert record.extra["journal"] == "Gynecology, Obstetrics and Perinatology"
    assert record.published == "2009"


def test_bom_left_in_the_text_is_harmless() -> None:
    raw = (CORPUS / "ris/bom_cyrillic_1.ris").read_bytes().decode("utf-8")
    assert raw.startswith("\ufeff")
    assert len(read(raw, TODAY).records) == 1


def test_zotero_export_dates_and_curly_quotes() -> None:
    sci_hub, blog = read_corpus("ris/zotero_export_2.ris").records
    assert sci_hub.title == "Sci-Hub provides access to nearly all scholarly literature"
    assert sci_hub.published == "2018-03-01"  # DA  - 2018/03/01/ beats PY  - 2018
    assert sci_hub.doi == "10.7554/elife.32822"  # normalized: lower case
    assert sci_hub.authors[0] == "Daniel S Himmelstein"
    assert sci_hub.authors[5] == "Bastian Greshake Tzovaras"
    assert sci_hub.extra["journal"] == "eLife"
    assert blog.title == (
        "TechBlog: \u2018Manubot\u2019 powers a crowdsourced \u2018deep-learning\u2019 review"
        " : Naturejobs Blog"
    )
    assert blog.extra["entry_type"] == "ELEC"
    assert blog.published is None


def test_malformed_file_never_crashes() -> None:
    """Stray BOM mid-file, 11 TY lines in one record, junk lines: a clear error or records."""
    text = corpus_text("edge_cases/malformed_midfile_bom.ris")
    try:
        digest = read(text, TODAY)
    except DigestFormatError:
        return
    assert len(digest.records) == 1
    (record,) = digest.records
    assert record.title == "Editorial."
    assert record.abstract == "abstract1"
    assert record.doi == "10.1023/a:1017379030770"  # from the dx.doi.org URL
    assert record.published == "2001-09-01"
    assert record.extra["keywords"] == ["keyword0", "keyword1"]


def test_malformed_file_with_the_raw_bom_never_crashes() -> None:
    raw = (CORPUS / "edge_cases/malformed_midfile_bom.ris").read_bytes().decode("utf-8")
    assert "\ufeff" in raw
    digest = read(raw.replace("\r\n", "\n"), TODAY)
    assert [r.title for r in digest.records] == ["Editorial."]


# --- hand-made inputs ---------------------------------------------------------------------


def ris(*records: str) -> str:
    return "\n".join(f"TY  - JOUR\n{body}\nER  - \n" for body in records)


def test_field_mapping() -> None:
    text = ris(
        "T1  - Primary title\nA1  - Doe, Jane\nAU  - Smith, John, Jr.\nAU  - Plato\n"
        "N2  - An abstract\nY1  - 2019/05//\nJO  - J. Things\nKW  - a; b\nKW  - c\n"
        "UR  - http://example.org/a; http://example.org/b"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Primary title"
    assert record.authors == ["John Smith Jr.", "Plato", "Jane Doe"]
    assert record.abstract == "An abstract"
    assert record.published == "2019-05"
    assert record.extra["journal"] == "J. Things"
    assert record.extra["keywords"] == ["a", "b", "c"]
    assert record.url == "http://example.org/a"
    assert record.links == ["http://example.org/b"]


@pytest.mark.parametrize(
    ("body", "arxiv_id"),
    [
        ("TI  - T\nDO  - 10.48550/arXiv.2101.00001", "2101.00001"),
        ("TI  - T\nUR  - https://arxiv.org/abs/2101.00002v3", "2101.00002"),
        ("TI  - T\nUR  - http://arxiv.org/pdf/hep-th/9901001", "hep-th/9901001"),
        ("TI  - T\nDO  - 10.1000/not-arxiv", None),
    ],
)
def test_arxiv_ids(body: str, arxiv_id: str | None) -> None:
    (record,) = read(ris(body), TODAY).records
    assert record.arxiv_id == arxiv_id


@pytest.mark.parametrize(
    ("tags", "published"),
    [
        ("PY  - 2018", "2018"),
        ("PY  - 2018///", "2018"),
        ("DA  - 2018/03/01/", "2018-03-01"),
        ("DA  - 2018/02/30/", "2018-02"),
        ("PY  - 2001/00/00/", "2001"),
        ("PY  - YEAR/MONTH/DAY/", None),
        ("PY  - 2017\nY1  - 2017/12/24", "2017-12-24"),
    ],
)
def test_dates(tags: str, published: str | None) -> None:
    (record,) = read(ris(f"TI  - T\n{tags}"), TODAY).records
    assert record.published == published


def test_junk_lines_and_a_missing_final_er_are_tolerated() -> None:
    text = (
        "some header junk\n"
        "TY  - JOUR\njunk right after TY\nTI  - First\nAB  - Starts here\ncontinues here\nER  - \n"
        "between records\n"
        "TY  - JOUR\nstray line that would extend the previous record's last tag\n"
        "TI  - Second\nAU  - Doe, J."
    )
    digest = read(text, TODAY)
    assert [r.title for r in digest.records] == ["First", "Second"]
    assert digest.records[0].abstract == "Starts here\ncontinues here"  # the file's line break
    assert digest.records[1].authors == ["J. Doe"]


def test_records_without_title_or_id_are_skipped() -> None:
    digest = read(ris("AU  - Doe, J.", "TI  - Kept", "DO  - 10.1000/only-a-doi"), TODAY)
    assert [r.title for r in digest.records] == ["Kept", ""]
    assert digest.records[1].doi == "10.1000/only-a-doi"
    assert digest.skipped == 1


def test_hostile_input_does_not_crash() -> None:
    text = ris("TI  - " + "x" * 1_000_000, "TI  - a\x00b", "AU  - A, B\n" * 10_000)
    digest = read(text, TODAY)
    assert len(digest.records) == 2
    assert digest.skipped == 1


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "plain prose\nwith lines", '[{"title": "JSON"}]', "@article{x, title={T}}"],
)
def test_unreadable_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


# --- sniffing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "ris/scopus_1.ris",
        "ris/bom_cyrillic_1.ris",
        "ris/zotero_export_2.ris",
        "edge_cases/malformed_midfile_bom.ris",
    ],
)
def test_sniff_recognises_ris(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) >= 0.8


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_text/daily_papers_sep9.txt",
        "bibtex/zotero_bbt_arxiv_3.bib",
        "csl_json/arxiv_item_1.json",
        "arxiv_email/astro-ph_daily_2023-03-03.txt",
        "plaintext_lists/title_pdf_summary_blocks_2024-06-21.txt",
    ],
)
def test_sniff_rejects_other_formats(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) < 0.5


def test_module_shape() -> None:
    assert FORMAT == "ris"
    assert EXTENSIONS == (".ris",)
