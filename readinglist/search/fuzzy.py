"""A fuzzy word of the whole paper (``word~``) matched through the title and abstract.

The query language asks for such a word as a fuzzy term of ``SPELLING_FIELD``: the
unstemmed words of the titles and abstracts, so that edit distances are between words
as they are written. That field keeps only its vocabulary (``vocabulary``), no postings:
``near_words`` replaces the fuzzy term, before a query is run on a searcher, by the
stems of the vocabulary's words near it, each looked up in the title and in the
abstract. ``reinforcment~`` finds the papers about reinforcement: those holding
"reinforcement", and every other word of the same stem ("reinforced", "reinforcing"),
scored by BM25F in each field (a title hit weighs most) like the words they stand for.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.searching import Searcher

from readinglist.search import spelling, vocabulary
from readinglist.search.schema import SPELLING_FIELD, SPELLING_SOURCES


def near_words(searcher: Searcher, query: wq.Query, most: int) -> wq.Query:
    """``query`` with every fuzzy term of ``SPELLING_FIELD`` replaced by its words'
    stems in ``SPELLING_SOURCES`` (of its ``most`` most frequent near words; nothing
    when none is near); the same object when it holds none."""
    if type(query) is wq.FuzzyTerm and query.fieldname == SPELLING_FIELD:
        return _stems_of(searcher, query, most)
    if isinstance(query, wq.CompoundQuery):
        children = [near_words(searcher, child, most) for child in query.subqueries]
        if all(new is old for new, old in zip(children, query.subqueries, strict=True)):
            return query
        return type(query)(children, boost=query.boost)
    if isinstance(query, wq.Not):
        child = near_words(searcher, query.query, most)
        return query if child is query.query else wq.Not(child, boost=query.boost)
    return query


def _stems_of(searcher: Searcher, query: wq.FuzzyTerm, most: int) -> wq.Query:
    words = spelling.similar_words(
        searcher, SPELLING_FIELD, query.text, query.maxdist, query.prefixlength
    )
    if len(words) > most:
        reader = searcher.reader()
        words = sorted(words, key=lambda word: (-vocabulary.frequency(reader, word), word))
    schema = searcher.schema
    terms: list[wq.Query] = []
    for field in SPELLING_SOURCES:
        stems = dict.fromkeys(
            stem for word in words[:most] for stem in schema[field].process_text(word, mode="index")
        )
        terms += [wq.Term(field, stem, boost=query.boost) for stem in stems if stem]
    if not terms:
        return wq.NullQuery
    return terms[0] if len(terms) == 1 else wq.Or(terms)
