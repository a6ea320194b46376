"""An enrichment's outcome in words, for people: the window's status bar and its details,
and the line ``readinglist import`` prints when it completes what it imported."""

from __future__ import annotations

from readinglist.core.enrich import (
    ERROR,
    FILLED,
    MERGED,
    UNCHANGED,
    EnrichReport,
    PaperResult,
)
from readinglist.core.enrich_match import AMBIGUOUS, NOT_FOUND, WEAK

_OTHER = (  # statuses besides "completed", in the order they are named
    (UNCHANGED, "already complete"),
    (NOT_FOUND, "not found"),
    (AMBIGUOUS, "ambiguous"),
    (WEAK, "only a weak match"),
    (ERROR, "failed"),
)
_DETAIL_WORDS = {
    FILLED: "completed",
    MERGED: "merged",
    UNCHANGED: "already complete",
    NOT_FOUND: "not found",
    AMBIGUOUS: "ambiguous",
    WEAK: "weak match",
    ERROR: "failed",
}


def in_words(report: EnrichReport, asked: int) -> str:
    """'Completed 112 of 114 papers; 2 not found; 1 ambiguous' (``asked``: how many papers
    the run was given), with the first error's reason and whether it was cancelled."""
    counts = report.counts()
    completed = counts[FILLED] + counts[MERGED]
    noun = "paper" if asked == 1 else "papers"
    parts = [f"Completed {completed} of {asked} {noun}"]
    if counts[MERGED]:
        parts[0] += f" ({counts[MERGED]} merged into papers already in the library)"
    for status, words in _OTHER:
        if counts[status]:
            parts.append(f"{counts[status]} {words}")
    first_error = next((r for r in report.results if r.status == ERROR), None)
    if first_error is not None and first_error.message:
        parts[-1] += f" ({first_error.message})"
    if report.cancelled:
        parts.append(f"cancelled; {asked - len(report.results)} not asked")
    return "; ".join(parts)


_FIELD_WORDS = {"arxiv_id": "arXiv id", "doi": "DOI", "published": "date", "url": "link"}
_FIRST = (NOT_FOUND, AMBIGUOUS, WEAK, ERROR)  # what the user may want to look at first


def detail_lines(report: EnrichReport) -> list[str]:
    """One line per paper: what happened to it, the fields filled and from where; papers
    left incomplete first."""
    first = [r for r in report.results if r.status in _FIRST]
    rest = [r for r in report.results if r.status not in _FIRST]
    return [_detail(result) for result in first + rest]


def _detail(result: PaperResult) -> str:
    words = _DETAIL_WORDS.get(result.status, result.status)
    line = f"{words}: {result.title or f'paper {result.paper_id}'}"
    if result.fields:
        sources = sorted(set(result.fields.values()))
        filled = ", ".join(_FIELD_WORDS.get(name, name) for name in sorted(result.fields))
        line += f" — {filled} from {', '.join(sources)}"
    if result.message:
        line += f" — {result.message}"
    return line
