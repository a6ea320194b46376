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
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.search import compat, postings, spelling

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MAX_EXPANSIONS = 16  # a prefix or fuzzy word ranks by its most frequent expansions
_LENGTHS = [byte_to_length(value) for value in range(256)]  # see compat.length_bytes

MatchesOf = Callable[[wq.Query], frozenset[int]]
"""The paper ids matching a part of the query (``engine.matching_ids``'s cached sets)."""
_ROUNDING = 1e-7


def rank(
    searcher: Searcher,
    query: wq.Query,
    matching: set[int],
    limit: int,
    *,
    paper_ids: Sequence[int],
    docnums: Mapping[int, int],
    matches_of: MatchesOf,
) -> list[tuple[int, float]]:
    """The best ``limit`` of the papers ``matching`` ``query`` as (paper id, score), best
    first, ties by ascending paper id. ``paper_ids`` and ``docnums`` map document numbers
    to paper ids and back. Scores are Whoosh's: a term adds its BM25F score, AND and OR
    add up the parts a paper matches, prefixes and ranges add their boost.

    Parts are added most valuable first (title words before abstract words, rare words
    before common ones). Once the parts left could not lift a paper that has no score yet
    past the current ``limit``-th best, only the papers that still can are scored further,
    looked up in the remaining postings instead of reading them all ("max score"
    pruning: a common word is no longer scored in every paper holding it)."""
    parts = _Parts(searcher, matches_of)
    parts.collect(query, set(matching))
    scores: defaultdict[int, float] = defaultdict(float)
    left = sum(part.bound for part in parts.found)
    contenders: set[int] | None = None  # None: every matching paper may still make it
    ordered = sorted(parts.found, key=lambda part: -part.bound)
    for n, part in enumerate(ordered):
        left -= part.bound
        if contenders is None:
            part.add_to_all(scores, paper_ids)
            later_work = sum(len(later) for later in ordered[n + 1 :])
            if len(scores) >= limit and later_work > len(scores):
                contenders = _contenders(scores, limit, left)
        else:
            part.add_to(contenders, scores, docnums)
    if contenders is not None:
        scores = defaultdict(float, {pid: scores[pid] for pid in contenders})
    elif len(scores) < limit:  # papers matching by no scored part: score 0, by id
        for paper_id in sorted(matching - scores.keys())[: limit - len(scores)]:
            scores[paper_id] = 0.0
    ranked = ((-score, paper_id) for paper_id, score in scores.items())
    return [(paper_id, -negated) for negated, paper_id in heapq.nsmallest(limit, ranked)]


def _contenders(scores: Mapping[int, float], limit: int, left: float) -> set[int] | None:
    """The papers that could still reach the best ``limit`` with at most ``left`` more,
    or None when a paper without a score so far still could."""
    threshold = heapq.nlargest(limit, scores.values())[-1]
    if left >= threshold - _ROUNDING:
        return None
    return {pid for pid, score in scores.items() if score + left >= threshold - _ROUNDING}


@dataclass(slots=True)
class _Part:
    """One summand of the score, for the papers ``among`` those whose branch of the query
    matched: a constant ``boost``, or (with ``term``) a word's BM25F in one field times
    ``boost``."""

    among: set[int]
    boost: float
    bound: float  # the most it adds to one paper
    term: _TermScores | None = None

    def __len__(self) -> int:
        return len(self.term.postings) if self.term is not None else len(self.among)

    def add_to_all(self, scores: defaultdict[int, float], paper_ids: Sequence[int]) -> None:
        """Add this part to every paper it scores."""
        boost, among = self.boost, self.among
        if self.term is None:
            for paper_id in among:
                scores[paper_id] += boost
            return
        for docnum, score in zip(self.term.postings.docnums, self.term.all(), strict=True):
            paper_id = paper_ids[docnum]
            if paper_id in among:
                scores[paper_id] += score * boost

    def add_to(
        self, contenders: set[int], scores: defaultdict[int, float], docnums: Mapping[int, int]
    ) -> None:
        """Add this part to the ``contenders`` it scores, looking each one up."""
        boost, among = self.boost, self.among
        if self.term is None:
            for paper_id in contenders & among:
                scores[paper_id] += boost
            return
        found = self.term.postings.docnums
        for paper_id in contenders & among:
            docnum = docnums[paper_id]
            at = bisect_left(found, docnum)
            if at < len(found) and found[at] == docnum:
                scores[paper_id] += self.term.at(at) * boost


@dataclass(slots=True)
class _TermScores:
    """BM25F scores of a word's postings in one field: ``factor * w / (w + damping[l])``
    for weight ``w`` and length code ``l`` (``factor`` is ``idf * (K1 + 1)``)."""

    postings: postings.TermPostings
    factor: float
    damping: Sequence[float]
    lengths: bytes

    def all(self) -> Sequence[float]:
        """Every posting's score (kept with the postings for the next keystroke)."""
        return self.postings.scores(self.factor, self.damping, self.lengths)

    def at(self, index: int) -> float:
        """The score of one posting."""
        weight = self.postings.weights[index]
        length = self.lengths[self.postings.docnums[index]]
        return self.factor * weight / (weight + self.damping[length])


@dataclass(slots=True)
class _Parts:
    """The summands of a query's score, found by walking the query."""

    searcher: Searcher
    matches_of: MatchesOf
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
        add the query's boost (Whoosh's "constant score") or, when it has none, score as
        their most frequent words. A constant score needs to know only whether there is
        more than one word (``a*`` has thousands: they are not all looked up)."""
        reader = self.searcher.reader()
        if query.constantscore:
            words = list(islice(_words_of(query, self.searcher), 2))
            if len(words) == 1:
                self.term(query.fieldname, words[0], query.boost, among)
            elif words:
                self.found.append(_Part(among, query.boost, query.boost))
            return
        for field_name, text in _most_frequent(query, reader):
            self.term(field_name, text, query.boost, among)

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
