"""Every real sample in ../shared/corpus imports with the count SOURCES.md documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError
from readinglist.formats import read_digest
from tests.conftest import CORPUS

TODAY = date(2026, 11, 27)

# file -> (format, papers) as SOURCES.md documents them.
EXPECTED = {
    "hf_daily_text/daily_papers_sep9.txt": ("hf-daily-text", 114),
    "hf_daily_json/hf_daily_2024-05-27_oldschema.json": ("hf-daily-json", 13),
    "hf_daily_json/hf_daily_2026-08-21_ai_summary.json": ("hf-daily-json", 17),
    "hf_papers_html/hf_papers_page_2024-08-01.html": ("hf-papers-html", 13),
    "arxiv_rss/rss2_filtered_feed_2025-06-12_8items.xml": ("arxiv-feed", 8),
    "arxiv_atom/api_2026_search_testing_10.xml": ("arxiv-feed", 10),
    "arxiv_atom/api_2026_oldstyle_id_1.xml": ("arxiv-feed", 1),
    "arxiv_email/astro-ph_daily_2023-03-03.txt": ("arxiv-email", 97),
    "arxiv_email/math.AG_subjclass_cross_and_replaced_only.txt": ("arxiv-email", 2),
    "bibtex/zotero_bbt_arxiv_3.bib": ("bibtex", 3),
    "bibtex/zotero_bbt_arxiv_misc_doi_1.bib": ("bibtex", 1),
    "bibtex/jabref_library_156.bib": ("bibtex", 156),
    "ris/scopus_1.ris": ("ris", 1),
    "ris/bom_cyrillic_1.ris": ("ris", 1),
    "ris/zotero_export_2.ris": ("ris", 2),
    "csl_json/zotero_better_csl_26.json": ("csl-json", 26),
    "csl_json/arxiv_item_1.json": ("csl-json", 1),
    # Markdown readers yield one record per listed item (a paper listed twice is two records);
    # PAPERS below holds what the library keeps once it merges them.
    "markdown_lists/cv_arxiv_daily_bullets_2022-12-02.md": ("markdown", 839),
    "markdown_lists/daily_arxiv_ai_enhanced_zh_2026-06-25.md": ("markdown", 26),
    "markdown_lists/hf_daily_newsletter_zh_2025-01-17.md": ("markdown", 10),
    "markdown_lists/hf_daily_ko_id_headings_2025-05-06.md": ("markdown", 8),
    "markdown_lists/arxiv_digest_ko_numbered_h2_2025-07-08.md": ("markdown", 17),
    "markdown_lists/hf_daily_table_wrapped_titles_2025-10-30.md": ("markdown", 24),
    # 93 rows, 93 different papers (SOURCES.md: "92-93"; the library keeps 92, see PAPERS).
    "markdown_lists/weekly_table_numbered_title_summary_2024.md": ("markdown", 93),
    # SOURCES.md: "125-128": the 3 "Open PLMs" entries are model releases, not papers.
    "markdown_lists/awesome_plm_papers_bold_italic.md": ("markdown", 125),
    "markdown_lists/awesome_graph_llm_venue_prefix.md": ("markdown", 178),
    "markdown_lists/icml2025_section_badges_table.md": ("markdown", 36),
    "markdown_lists/awesome_prompt4reasoning_readme.md": ("markdown", 156),
    "plaintext_lists/title_pdf_summary_blocks_2024-06-21.txt": ("text-blocks", 50),
    "plaintext_lists/bare_arxiv_ids_6.txt": ("arxiv-ids", 6),
    "edge_cases/utf16be_bom_no_header.bib": ("bibtex", 1),
    "edge_cases/utf16le_bom.bib": ("bibtex", 1),
}
# Markdown file -> papers in the library after importing it alone (SOURCES.md's "papers"):
# the records of a paper listed twice merge by id or title.
PAPERS = {
    "markdown_lists/cv_arxiv_daily_bullets_2022-12-02.md": 772,  # 67 in two sections
    "markdown_lists/awesome_graph_llm_venue_prefix.md": 171,  # 7 listed twice
    "markdown_lists/awesome_prompt4reasoning_readme.md": 155,  # 1 listed twice
    # 93 different titles, but the source gives two of them the same arXiv id.
    "markdown_lists/weekly_table_numbered_title_summary_2024.md": 92,
}
# Files that must be refused with a clear reason (and leave the library unchanged).
REFUSED = {
    "arxiv_atom/api_2026_error_response.xml": "error",
    "edge_cases/windows1252_with_header.bib": "no papers",
}


def test_every_corpus_file_is_accounted_for() -> None:
    on_disk = {
        str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS
    }
    tolerant = {"edge_cases/malformed_midfile_bom.ris"}
    assert on_disk == set(EXPECTED) | set(REFUSED) | tolerant


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_corpus_file_is_detected_and_yields_the_documented_count(
    name: str, expected: tuple[str, int]
) -> None:
    path = CORPUS / name
    parsed = read_digest(path.read_bytes(), path.name, TODAY)
    fmt, count = expected
    assert parsed.format == fmt
    assert len(parsed.records) == count
    assert all(r.has_identity() for r in parsed.records)


@pytest.mark.parametrize(("name", "papers"), PAPERS.items(), ids=list(PAPERS))
def test_corpus_file_listing_papers_twice_imports_each_once(
    library: Library, name: str, papers: int
) -> None:
    report = library.import_path(CORPUS / name)
    assert report.ok
    assert library.stats().papers == papers


@pytest.mark.parametrize(("name", "reason"), REFUSED.items(), ids=list(REFUSED))
def test_corpus_file_is_refused_clearly(library: Library, name: str, reason: str) -> None:
    path = CORPUS / name
    with pytest.raises(ImportFailedError) as info:
        library.import_path(path)
    assert info.value.source == path.name
    assert reason in info.value.reason.lower()
    assert library.stats().papers == 0 and library.digests() == []


def test_malformed_ris_never_crashes(library: Library) -> None:
    path = CORPUS / "edge_cases" / "malformed_midfile_bom.ris"
    try:
        report = library.import_path(path)
    except ImportFailedError as exc:
        assert exc.source == path.name
        assert library.stats().papers == 0
    else:
        assert report.ok and report.total == library.stats().papers


def test_importing_the_whole_corpus_twice_adds_nothing_the_second_time(library: Library) -> None:
    first = library.import_folder(CORPUS)
    assert sum(r.ok for r in first) >= len(EXPECTED)
    stats = library.stats()
    digests = len(library.digests())
    second = library.import_folder(CORPUS)
    assert [r.ok for r in second] == [r.ok for r in first]
    assert sum(r.new for r in second) == 0
    assert sum(r.merged for r in second) == 0
    assert library.stats() == stats
    assert len(library.digests()) == digests


def test_papers_from_different_sources_merge(library: Library, tmp_path: Path) -> None:
    """The Daily Papers JSON brings ids and authors to the same titles from the page text."""
    json_path = CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json"
    parsed = read_digest(json_path.read_bytes(), json_path.name, TODAY)
    record = parsed.records[0]
    text = f"Daily Papers\n\nAug 21\n\n{record.title}\n\n{record.abstract}\n"
    library.import_bytes(text.encode(), "page.txt", today=TODAY)
    paper_id = library.papers()[0].id
    library.add_tags([paper_id], ["mine"])
    report = library.import_path(json_path)
    assert report.merged >= 1
    paper = library.paper(paper_id)
    assert paper.arxiv_id == record.arxiv_id
    assert paper.authors
    assert paper.tags == ["mine"]


def test_a_certain_reader_that_claims_the_extension_wins() -> None:
    """A BibTeX export whose note quotes a Hugging Face page is still BibTeX."""
    from readinglist.formats import detect

    text = '@misc{a, title={T}, annote={saved from <div data-target="DailyPapers">}}\n'
    assert detect(text, "export.bib").name == "bibtex"
