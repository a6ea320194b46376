"""BM25F ranking of papers already known to match.

Whoosh ranks by walking its matcher tree over every matching document, several Python
calls per document and field: a common two-word query at 100,000 papers took 300-400 ms.
The set of matching papers is known before ranking (``engine.matching_ids``), so here
each query term's postings are read a block at a time and only the matching papers are
scored, with Whoosh's own BM25F formula and statistics (title hits weigh most through
the schema's field boosts).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.search import postings

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MAX_EXPANSIONS = 16  # a prefix or fuzzy word ranks by its most frequent expansions
_LENGTHS = [byte_to_length(value) for value in range(256)]  # see postings.length_bytes

Scores = dict[int, float]
MatchesOf = Callable[[wq.Query], frozenset[int]]
"""The paper ids matching a part of the query (``engine.matching_ids``'s cached sets)."""


def rank(
    searcher: Searcher,
    query: wq.Query,
    matching: set[int],
    limit: int,
    *,
    paper_ids: Sequence[int],
    matches_of: MatchesOf,
) -> list[tuple[int, float]]:
    """The best ``limit`` of the papers ``matching`` ``query`` as (paper id, score), best
    first, ties by ascending paper id. ``paper_ids`` gives each document's paper id.
    Scores are Whoosh's: a term adds its BM25F score, AND and OR add up the parts a paper
    matches, prefixes and ranges add their boost."""
    scorer = _Scorer(searcher, paper_ids, matches_of, dict.fromkeys(matching, 0.0))
    scorer.add(query, set(matching))
    ranked = ((-score, paper_id) for paper_id, score in scorer.scores.items())
    return [(paper_id, -negated) for negated, paper_id in heapq.nsmallest(limit, ranked)]


@dataclass(slots=True)
class _Scorer:
    searcher: Searcher
    paper_ids: Sequence[int]
    matches_of: MatchesOf
    scores: dict[int, float]

    def add(self, query: wq.Query, among: set[int]) -> None:
        """Add ``query``'s score to each paper ``among`` those matching it."""
        if not among:
            return
        if isinstance(query, wq.And):
            for child in query.subqueries:
                self.add(child, among)
        elif isinstance(query, wq.Or):
            for child in query.subqueries:
                if isinstance(child, wq.Term):  # its postings are exactly the papers it matches
                    self.add(child, among)
                else:
                    self.add(child, among & self.matches_of(child))
        elif isinstance(query, wq.Term):
            self.add_term(query.fieldname, query.text, query.boost, among)
        elif isinstance(query, wq.Phrase):
            for word in query.words:
                self.add_term(query.fieldname, word, query.boost, among)
        elif isinstance(query, wq.MultiTerm):
            self.add_expansions(query, among)
        else:  # NOT, everything: a constant
            constant = 1.0 if isinstance(query, wq.Not) else float(getattr(query, "boost", 1.0))
            for paper_id in among:
                self.scores[paper_id] += constant

    def add_expansions(self, query: wq.MultiTerm, among: set[int]) -> None:
        """A prefix, fuzzy word or range: one word in the index scores as that word; more
        add the query's boost (Whoosh's "constant score") or, when it has none, score as
        their most frequent words."""
        words = _most_frequent(query, self.searcher.reader())
        if len(words) == 1 or not query.constantscore:
            for field, text in words:
                self.add_term(field, text, query.boost, among)
        elif words:
            for paper_id in among:
                self.scores[paper_id] += query.boost

    def add_term(self, field: str, text: str, boost: float, among: set[int]) -> None:
        """Add the term's BM25F score to each paper ``among`` those holding it."""
        searcher, schema, reader = self.searcher, self.searcher.schema, self.searcher.reader()
        if field not in schema or not schema[field].scorable or (field, text) not in reader:
            return
        factor = searcher.idf(field, text) * (K1 + 1)
        average_length = searcher.avg_field_length(field) or 1.0
        # K1 * (1 - B + B * length / average) for each of the 256 lengths a byte stands for
        damping = [K1 * (1 - B + B * length / average_length) for length in _LENGTHS]
        found = postings.term_postings(searcher, field, text)
        term_scores = found.scores(factor, damping, postings.field_lengths(searcher, field))
        paper_ids, scores = self.paper_ids, self.scores
        for docnum, score in zip(found.docnums, term_scores, strict=True):
            paper_id = paper_ids[docnum]
            if paper_id in among:
                scores[paper_id] += score * boost


def _most_frequent(query: wq.MultiTerm, reader: Any) -> list[tuple[str, str]]:
    field = query.fieldname
    expansions: list[tuple[int, str]] = []
    for word in query._btexts(reader):
        text = word.decode("utf-8") if isinstance(word, bytes) else str(word)
        expansions.append((reader.doc_frequency(field, text), text))
        if len(expansions) > 4096:  # "a*" in a large index: enough to choose from
            break
    return [(field, text) for _, text in heapq.nlargest(MAX_EXPANSIONS, expansions)]
