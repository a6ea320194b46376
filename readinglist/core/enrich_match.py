"""Which candidate from a service is the paper: the library's identity rules, strictly.

A candidate is accepted only when its normalized title equals the paper's and, where both
sides know them, the authors share a name and the years agree. Two different candidates
that both pass (two papers with the same title) make the match ambiguous; a candidate
whose title is only near-identical, or whose authors or year disagree, is a weak match.
Neither is ever applied: both are reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import squash_title, titles_nearly_equal
from readinglist.domain.title_match import authors_agree, years_agree

ACCEPTED, AMBIGUOUS, WEAK, NOT_FOUND = "accepted", "ambiguous", "weak", "not found"


@dataclass(frozen=True, slots=True)
class Match:
    """The verdict on a paper's candidates; ``record`` only when ``status`` is accepted."""

    status: str
    record: PaperRecord | None = None
    reason: str = ""


class Candidates:
    """A service's records indexed by squashed title (a whole Daily Papers day at once)."""

    def __init__(self, records: Sequence[PaperRecord]) -> None:
        self.by_title: dict[str, list[PaperRecord]] = {}
        for record in records:
            self.by_title.setdefault(squash_title(record.title), []).append(record)

    def choose(self, paper: Mapping[str, Any]) -> Match:
        """The verdict for a stored paper row (title, authors, published)."""
        squashed = squash_title(paper.get("title") or "")
        if not squashed:
            return Match(NOT_FOUND, reason="the paper has no title to look up")
        same_title = self.by_title.get(squashed, [])
        agreeing = [
            record
            for record in same_title
            if authors_agree(paper.get("authors") or [], record.authors)
            and years_agree(paper.get("published"), record.published)
        ]
        distinct = _distinct(agreeing)
        if len(distinct) > 1:
            names = ", ".join(_label(record) for record in distinct)
            return Match(AMBIGUOUS, reason=f"{len(distinct)} papers have this title: {names}")
        if distinct:
            return Match(ACCEPTED, distinct[0])
        if same_title:
            return Match(WEAK, reason="same title, but the authors or the year disagree")
        near = [
            records[0]
            for title, records in self.by_title.items()
            if title and titles_nearly_equal(squashed, title)
        ]
        if near:
            return Match(WEAK, reason=f"only a near title: {near[0].title!r}")
        return Match(NOT_FOUND)


def _distinct(records: list[PaperRecord]) -> list[PaperRecord]:
    """One record per paper: records with the same arXiv id or DOI are one paper (a
    service may list a paper twice); records with no id at all are kept apart only when
    they bring different authors."""
    kept: list[PaperRecord] = []
    for record in records:
        if not any(_same(record, other) for other in kept):
            kept.append(record)
    return kept


def _same(a: PaperRecord, b: PaperRecord) -> bool:
    if a.arxiv_id and b.arxiv_id:
        return a.arxiv_id == b.arxiv_id
    if a.doi and b.doi:
        return a.doi == b.doi
    return a.authors == b.authors


def _label(record: PaperRecord) -> str:
    if record.arxiv_id:
        return f"arXiv:{record.arxiv_id}"
    if record.doi:
        return f"doi:{record.doi}"
    return ", ".join(record.authors[:2]) or "no id"
