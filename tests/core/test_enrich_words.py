"""An enrichment's outcome in words (core/enrich_words.py), as the window and the
command line say it."""

from __future__ import annotations

from readinglist.core.enrich import EnrichReport, PaperResult
from readinglist.core.enrich_words import detail_lines, in_words


def _report(*statuses: str, cancelled: bool = False) -> EnrichReport:
    results = [PaperResult(n, f"Paper {n}", status) for n, status in enumerate(statuses, 1)]
    return EnrichReport(results=results, cancelled=cancelled)


def test_the_outcome_names_what_was_completed_and_what_was_not() -> None:
    report = _report(*(["filled"] * 111), "merged", "not found", "not found", "ambiguous")
    assert in_words(report, 115) == (
        "Completed 112 of 115 papers (1 merged into papers already in the library); "
        "2 not found; 1 ambiguous"
    )
    assert in_words(_report("filled"), 1) == "Completed 1 of 1 paper"


def test_an_error_says_why_and_a_cancelled_run_what_was_not_asked() -> None:
    report = _report("filled", "error", "weak", "unchanged", cancelled=True)
    report.results[1].message = "arXiv: HTTP Error 503"
    assert in_words(report, 10) == (
        "Completed 1 of 10 papers; 1 already complete; 1 only a weak match; "
        "1 failed (arXiv: HTTP Error 503); cancelled; 6 not asked"
    )


def test_details_list_incomplete_papers_first_with_fields_in_words() -> None:
    report = _report("filled", "not found")
    report.results[0].fields = {"arxiv_id": "arXiv", "authors": "arXiv", "url": "arXiv"}
    assert detail_lines(report) == [
        "not found: Paper 2",
        "completed: Paper 1 — arXiv id, authors, link from arXiv",
    ]
