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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.search import compat, postings, score_board, spelling

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MAX_EXPANSIONS = 16  # a range or wildcard ranks by its most frequent expansions
_LENGTHS = [byte_to_length(value) for value in range(256)]  # see compat.length_bytes

MatchesOf = Callable[[wq.Query], frozenset[int]]
"""The paper ids matching a part of the query (``engine.matching_ids``'s cached sets)."""
WordsOf = Callable[[wq.MultiTerm], list[str] | None]
"""The words a prefix or fuzzy word matched its papers by (None: not known)."""


def rank(
    searcher: Searcher,
    query: wq.Query,
    matching: set[int],
    limit: int,
    *,
    paper_ids: score_board.Ids,
    matches_of: MatchesOf,
    words_of: WordsOf = lambda part: None,
) -> list[tuple[int, float]]:
    """The best ``limit`` of the papers ``matching`` ``query`` as (paper id, score), best
    first, ties by ascending paper id. ``paper_ids`` maps document numbers to paper ids
    (-1: deleted). Scores are Whoosh's: a term adds its BM25F score, AND and OR add up
    the parts a paper matches, prefixes and ranges add their boost. A prefix or fuzzy
    word scores every word it matched by (``words_of``), as Whoosh's Or of its words.

    Parts are added most valuable first (title words before abstract words, rare words
    before common ones), each over its whole posting list at once (``score_board``)."""
    parts = _Parts(searcher, matches_of, words_of)
    parts.collect(query, set(matching))
    board = score_board.ScoreBoard(paper_ids)
    for part in sorted(parts.found, key=lambda part: -part.bound):
        if part.term is None:
            board.add_constant(part.among, part.boost)
        else:
            postings_of = part.term.postings
            board.add_postings(postings_of.docnums, part.term.all(), part.among, part.boost)
    return board.best(limit, matching)


@dataclass(slots=True)
class _Part:
    """One summand of the score, for the papers ``among`` those whose branch of the query
    matched: a constant ``boost``, or (with ``term``) a word's BM25F in one field times
    ``boost``."""

    among: set[int]
    boost: float
    bound: float  # the most it adds to one paper
    term: _TermScores | None = None


@dataclass(slots=True)
class _TermScores:
    """BM25F scores of a word's postings in one field: ``factor * w / (w + damping[l])``
    for weight ``w`` and length code ``l`` (``factor`` is ``idf * (K1 + 1)``)."""

    postings: postings.TermPostings
    factor: float
    damping: Sequence[float]
    lengths: bytes

    def all(self) -> score_board.Scores:
        """Every posting's score (kept with the postings for the next keystroke)."""
        return self.postings.scores(self.factor, self.damping, self.lengths)


@dataclass(slots=True)
class _Parts:
    """The summands of a query's score, found by walking the query."""

    searcher: Searcher
    matches_of: MatchesOf
    words_of: WordsOf
    found: list[_Part] = field(default_factory=list)

    def collect(self, query: wq.Query, among: set[int]) -> None:
        """Note the parts of ``query`` for the papers ``among`` those matching it."""
        if not among:
            return
        if isinstance(query, wq.And):
            for child in query.subqueries:
                self.collect(child, among)
        elif isinstance(query, wq.Or):
            for child in query.subqueries:
                if isinstance(child, wq.Term):  # its postings are exactly the papers it matches
                    self.collect(child, among)
                else:
                    self.collect(child, among & self.matches_of(child))
        elif isinstance(query, wq.Term):
            self.term(query.fieldname, query.text, query.boost, among)
        elif isinstance(query, wq.Phrase):
            for word in query.words:
                self.term(query.fieldname, word, query.boost, among)
        elif isinstance(query, wq.MultiTerm):
            self.expansions(query, among)
        else:  # NOT, everything: a constant
            constant = 1.0 if isinstance(query, wq.Not) else float(getattr(query, "boost", 1.0))
            self.found.append(_Part(among, constant, constant))

    def expansions(self, query: wq.MultiTerm, among: set[int]) -> None:
        """A prefix, fuzzy word or range: one word in the index scores as that word; more
        add the query's boost (Whoosh's "constant score") or, when it has none, each add
        their BM25F: the words the matching papers were found by (every match holds one,
        so every match scores), else the most frequent words. A constant score needs to
        know only whether there is more than one word (``a*`` has thousands: they are not
        all looked up)."""
        reader = self.searcher.reader()
        if query.constantscore:
            words = list(islice(_words_of(query, self.searcher), 2))
            if len(words) == 1:
                self.term(query.fieldname, words[0], query.boost, among)
            elif words:
                self.found.append(_Part(among, query.boost, query.boost))
            return
        matched_by = self.words_of(query)
        if matched_by is None:
            matched_by = [text for _, text in _most_frequent(query, reader)]
        for text in matched_by:
            self.term(query.fieldname, text, query.boost, among)

    def term(self, field_name: str, text: str, boost: float, among: set[int]) -> None:
        """A word in one field: BM25F, ``idf * w * (K1 + 1) / (w + K1 * (1 - B + B * l /
        average l))`` for weight ``w`` (frequency times field boost) and field length ``l``."""
        searcher = self.searcher
        schema, reader = searcher.schema, searcher.reader()
        if field_name not in schema or not schema[field_name].scorable:
            return
        if (field_name, text) not in reader:
            return
        factor = searcher.idf(field_name, text) * (K1 + 1)
        average = searcher.avg_field_length(field_name) or 1.0
        info = reader.term_info(field_name, text)
        weight, shortest = info.max_weight(), info.min_length()
        bound = factor * weight / (weight + K1 * (1 - B + B * shortest / average)) * boost
        # K1 * (1 - B + B * length / average) for each of the 256 lengths a byte stands for
        damping = [K1 * (1 - B + B * length / average) for length in _LENGTHS]
        term = _TermScores(
            postings.term_postings(searcher, field_name, text),
            factor,
            damping,
            postings.field_lengths(searcher, field_name),
        )
        self.found.append(_Part(among, boost, bound, term))


def _most_frequent(query: wq.MultiTerm, reader: Any) -> list[tuple[str, str]]:
    field = query.fieldname
    expansions: list[tuple[int, str]] = []
    for word in compat.expansion_words(query, reader):
        text = _text(word)
        expansions.append((reader.doc_frequency(field, text), text))
        if len(expansions) > 4096:  # "a*" in a large index: enough to choose from
            break
    return [(field, text) for _, text in heapq.nlargest(MAX_EXPANSIONS, expansions)]


def _words_of(query: wq.MultiTerm, searcher: Searcher) -> Iterator[str]:
    """The words a prefix, fuzzy word or range stands for (a fuzzy word's from the
    vocabulary index, as ``engine`` matches it)."""
    if type(query) is wq.FuzzyTerm:
        yield from spelling.similar_words(
            searcher, query.fieldname, query.text, query.maxdist, query.prefixlength
        )
    else:
        yield from (_text(word) for word in compat.expansion_words(query, searcher.reader()))


def _text(word: bytes | str) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else str(word)
