"""Running parsed queries: matching ids, ranked hits, highlights, spelling suggestions,
and "more like this". Works on the disk index and on a small in-memory overlay index of
papers changed since the disk index was last written, so every edit is searchable at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from readinglist.search import fuzzy, id_columns, postings, ranking, score_board, spelling
from readinglist.search.budget_cache import BudgetCache
from readinglist.search.highlight import mark_terms
from readinglist.search.overlay import overlay_index as overlay_index  # re-exported
from readinglist.search.overlay import update_overlay as update_overlay  # re-exported
from readinglist.search.schema import (
    PAIRED_FIELDS,
    PAIRS_FIELD,
    PREFIX_FIELD,
    is_paired,
    pair_term,
)
from readinglist.search.searcher_caches import kept_for
from readinglist.search.typed_prefix import expand_typed


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching paper and its relevance score."""

    paper_id: int
    score: float


def matching_ids(searcher: Searcher, query: wq.Query) -> set[int]:
    """Ids of every paper matching ``query`` (unscored: the fast path while typing).

    Boolean structure is evaluated with set algebra over per-term id sets cached on the
    searcher, so the words already typed cost nothing on the next keystroke. Phrases are
    narrowed by their words' sets and the recorded pairs of common words, positions
    checked only where those cannot decide; prefixes read a bounded number of their
    words' postings (see ``PREFIX_WORDS``); ranges and fuzzy terms are asked of Whoosh
    (and cached the same way).
    """
    if searcher.doc_count_all() == 0:
        return set()
    query = fuzzy.near_words(searcher, expand_typed(query), FUZZY_WORDS)
    return set(_id_set(searcher, query, _cache_of(searcher), _prefixes_in(query)))


ID_SETS_BUDGET = 2_000_000
"""Ids kept in cached sets per searcher (about 40 bytes each: the id objects are shared)."""


def _cache_of(searcher: Searcher) -> BudgetCache[frozenset[int]]:
    """The id sets cached on ``searcher`` (a new searcher after each write starts empty)."""
    return kept_for(searcher, "id sets", lambda: BudgetCache[frozenset[int]](ID_SETS_BUDGET))


def _prefixes_in(query: wq.Query) -> int:
    """How many prefix lookups ``query`` holds (they share the query's budget)."""
    return max(1, sum(type(leaf) is wq.Prefix for leaf in query.leaves()))


def _id_set(
    searcher: Searcher, query: wq.Query, cache: BudgetCache[frozenset[int]], prefixes: int = 1
) -> frozenset[int]:
    """Paper ids matching ``query``; ``prefixes``: how many prefix lookups share the
    budget of the whole query."""
    if isinstance(query, wq.And):
        parts = [
            _id_set(searcher, child, cache, prefixes)
            for child in query.subqueries
            if not isinstance(child, wq.Not)
        ]
        result = _intersection(parts) if parts else _all_ids(searcher, cache)
        for child in query.subqueries:
            if isinstance(child, wq.Not):
                result = result - _id_set(searcher, child.query, cache, prefixes)
        return result
    if isinstance(query, wq.Or):
        return frozenset().union(
            *(_id_set(searcher, child, cache, prefixes) for child in query.subqueries)
        )
    if isinstance(query, wq.Not):
        return _all_ids(searcher, cache) - _id_set(searcher, query.query, cache, prefixes)
    if isinstance(query, wq.Every):
        return _all_ids(searcher, cache)
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return frozenset()
    key = (type(query).__name__, repr(query), prefixes if type(query) is wq.Prefix else 0)
    found = cache.get(key)
    if found is None:
        if isinstance(query, wq.Term):
            found = _term_ids(searcher, query.fieldname, query.text)
        elif isinstance(query, wq.Phrase) and query.slop == 1:
            found = _phrase_ids(searcher, query.fieldname, list(query.words), cache)
        elif type(query) is wq.Prefix:
            found = _prefix_ids(searcher, query.fieldname, query.text, cache, prefixes)
        elif type(query) is wq.FuzzyTerm:
            found = _fuzzy_ids(searcher, query, cache)
        else:
            ids = paper_ids_by_docnum(searcher)
            found = frozenset(map(ids.__getitem__, query.docs(searcher)))
        found = found - _DELETED
        cache.put(key, found)
    return found


def _intersection(parts: list[frozenset[int]]) -> frozenset[int]:
    """The ids in every one of ``parts``, smallest first (stops once nothing is left)."""
    ordered = sorted(parts, key=len)
    result = ordered[0]
    for part in ordered[1:]:
        if not result:
            break
        result = result & part
    return result


_DELETED = frozenset({-1})
"""The paper id ``paper_ids_by_docnum`` gives deleted documents."""


def _term_ids(searcher: Searcher, field: str, text: str) -> frozenset[int]:
    """Paper ids of every document containing a term (none: no segment holds it)."""
    found = postings.term_postings(searcher, field, text)
    return frozenset(paper_id_array(searcher)[found.docnums].tolist())


PREFIX_WORDS, PREFIX_POSTINGS, PREFIX_SCAN = 1024, 1_000_000, 20_000
"""Words read, postings read and words looked at by the prefixes of one query, shared
equally between them (``a*`` in the abstracts of 100,000 papers has millions of postings,
``id:2*`` 100,000 words of one paper each; a word read costs 0.2-1 ms): a prefix's words
are taken most frequent first until every paper matches or its share is spent, and rarer
words past that are left out."""
_MIN_SHARE = (8, 10_000, 500)


def _prefix_ids(
    searcher: Searcher,
    field: str,
    prefix: str,
    cache: BudgetCache[frozenset[int]],
    prefixes: int,
) -> frozenset[int]:
    """Papers with a word starting with ``prefix`` in ``field``, from a bounded expansion
    (see ``PREFIX_WORDS``)."""
    words, postings_left, scan = (
        max(least, budget // prefixes)
        for least, budget in zip(
            _MIN_SHARE, (PREFIX_WORDS, PREFIX_POSTINGS, PREFIX_SCAN), strict=True
        )
    )
    frequencies: defaultdict[str, int] = defaultdict(int)
    for leaf, _ in searcher.reader().leaf_readers():
        for word, info in islice(leaf.iter_prefix(field, prefix), scan):
            frequencies[word.decode("utf-8")] += info.doc_frequency()
    everything = _all_ids(searcher, cache)
    found: set[int] = set()
    ranked = sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))
    read: list[str] = []
    for word, frequency in ranked[:words]:
        if postings_left < frequency and found:
            break
        found |= _id_set(searcher, wq.Term(field, word), cache)
        read.append(word)
        postings_left -= frequency
        if len(found) >= len(everything) and everything <= found:
            break
    _words_read(searcher)[(field, prefix, prefixes)] = tuple(read)
    return frozenset(found)


def _words_read(searcher: Searcher) -> dict[tuple[str, str, int], tuple[str, ...]]:
    """The words each prefix lookup of this searcher read: the papers it matched are
    exactly the papers holding one of them, so ranking scores these words."""
    found: dict[tuple[str, str, int], tuple[str, ...]] = kept_for(searcher, "prefix words", dict)
    if len(found) > 4096:  # one entry per prefix typed: bounded all the same
        found.clear()
    return found


def _expansions(
    searcher: Searcher, query: wq.MultiTerm, cache: BudgetCache[frozenset[int]], prefixes: int
) -> list[str] | None:
    """The words ``query`` (a prefix or fuzzy word) matched its papers by, or None for
    another kind of query (``ranking`` then takes its most frequent words)."""
    field = query.fieldname
    if type(query) is wq.FuzzyTerm:
        return _fuzzy_words(searcher, query)
    if type(query) is not wq.Prefix:
        return None
    key = (field, query.text, prefixes)
    words = _words_read(searcher).get(key)
    if words is None:  # its id set was kept longer than its words: read them again
        _prefix_ids(searcher, field, query.text, cache, prefixes)  # (words' sets cached)
        words = _words_read(searcher).get(key, ())
    return list(words)


FUZZY_WORDS = 32
"""Words a fuzzy ``word~`` reads at most (the most frequent of those near it)."""


def _fuzzy_ids(
    searcher: Searcher, query: wq.FuzzyTerm, cache: BudgetCache[frozenset[int]]
) -> frozenset[int]:
    """Papers with a word near ``query.text`` (found in the vocabulary index, not by
    Whoosh's scan of every word with the same first letter)."""
    words = _fuzzy_words(searcher, query)
    found = [_id_set(searcher, wq.Term(query.fieldname, word), cache) for word in words]
    return frozenset().union(*found)


def _fuzzy_words(searcher: Searcher, query: wq.FuzzyTerm) -> list[str]:
    """The words a fuzzy word matches by: the ``FUZZY_WORDS`` most frequent near it."""
    field, reader = query.fieldname, searcher.reader()
    words = spelling.similar_words(searcher, field, query.text, query.maxdist, query.prefixlength)
    if len(words) > FUZZY_WORDS:
        words = sorted(words, key=lambda word: (-reader.doc_frequency(field, word), word))
    return list(words[:FUZZY_WORDS])


def _phrase_ids(
    searcher: Searcher, field: str, words: list[str], cache: BudgetCache[frozenset[int]]
) -> frozenset[int]:
    """Papers where ``words`` follow each other in ``field``. Candidates are the papers
    holding every word and every recorded pair of neighbouring common words; a phrase of
    two common words needs nothing more, others have their positions checked."""
    parts = [_id_set(searcher, wq.Term(field, word), cache) for word in set(words)]
    neighbours = list(zip(words, words[1:], strict=False))
    paired = [(a, b) for a, b in neighbours if field in PAIRED_FIELDS and is_paired(a, b)]
    parts += [
        _id_set(searcher, wq.Term(PAIRS_FIELD, pair_term(field, *pair)), cache) for pair in paired
    ]
    candidates = _intersection(parts)
    if not candidates or len(paired) == len(neighbours) == 1:
        return candidates
    return _with_positions(searcher, field, words, candidates)


def _with_positions(
    searcher: Searcher, field: str, words: list[str], candidates: frozenset[int]
) -> frozenset[int]:
    """The ``candidates`` in which ``words`` stand at consecutive positions of ``field``."""
    docnums = docnums_by_paper_id(searcher)
    wanted = sorted(docnums[pid] for pid in candidates if pid in docnums)
    ids = paper_ids_by_docnum(searcher)
    found: set[int] = set()
    for segment_reader, offset in searcher.reader().leaf_readers():
        end = offset + segment_reader.doc_count_all()
        local = [docnum - offset for docnum in wanted if offset <= docnum < end]
        if not local or any((field, word) not in segment_reader for word in words):
            continue
        matchers = [segment_reader.postings(field, word) for word in words]
        for docnum in local:
            starts: set[int] | None = None
            for distance, matcher in enumerate(matchers):
                if matcher.is_active() and matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if not matcher.is_active() or matcher.id() != docnum:
                    starts = set()
                    break
                here = {position - distance for position in matcher.value_as("positions")}
                starts = here if starts is None else starts & here
                if not starts:
                    break
            if starts:
                found.add(ids[docnum + offset])
    return frozenset(found)


def _all_ids(searcher: Searcher, cache: BudgetCache[frozenset[int]]) -> frozenset[int]:
    found = cache.get("*")
    if found is None:
        found = frozenset(docnums_by_paper_id(searcher))
        cache.put("*", found)
    return found


def every_paper_id(searcher: Searcher) -> frozenset[int]:
    """The id of every paper in the index."""
    return _all_ids(searcher, _cache_of(searcher))


def docnums_by_paper_id(searcher: Searcher) -> dict[int, int]:
    """The document number of every paper id (deleted documents left out)."""

    def by_paper_id() -> dict[int, int]:
        ids = paper_ids_by_docnum(searcher)
        return {pid: docnum for docnum, pid in enumerate(ids) if pid != -1}

    return kept_for(searcher, "docnums", by_paper_id)


def paper_ids_by_docnum(searcher: Searcher) -> list[int]:
    """Paper id of every document number, read once per searcher from the id column."""

    def as_list() -> list[int]:
        ids: list[int] = paper_id_array(searcher).tolist()
        return ids

    return kept_for(searcher, "paper ids", as_list)


def paper_id_array(searcher: Searcher) -> score_board.Ids:
    """``paper_ids_by_docnum`` as an array, once per searcher (each segment's ids read
    once: see ``id_columns``); -1 for a deleted document (a replaced or removed paper)."""

    def read_ids() -> score_board.Ids:
        reader = searcher.reader()
        if not reader.doc_count_all():  # no segment: Whoosh's empty reader has no columns
            return np.zeros(0, dtype=np.int64)
        return id_columns.paper_ids(reader)

    return kept_for(searcher, "paper id array", read_ids)


def ranked_hits(searcher: Searcher, query: wq.Query, limit: int, matching: set[int]) -> list[Hit]:
    """The best ``limit`` of the papers ``matching`` the query (ids from ``matching_ids``)
    by BM25F, title hits weighing most."""
    if searcher.doc_count_all() == 0 or not matching:
        return []
    query = fuzzy.near_words(searcher, expand_typed(query), FUZZY_WORDS)
    prefixes = _prefixes_in(query)
    ranked = ranking.rank(
        searcher,
        query,
        matching & _all_ids(searcher, _cache_of(searcher)),
        limit,
        paper_ids=paper_id_array(searcher),
        matches_of=lambda part: _id_set(searcher, part, _cache_of(searcher), prefixes),
        words_of=lambda part: _expansions(searcher, part, _cache_of(searcher), prefixes),
    )
    return [Hit(paper_id, score) for paper_id, score in ranked]


def highlight_terms(query: wq.Query) -> dict[str, list[str]]:
    """The query's terms by field, for ``highlight`` (found once per query, then used
    for every result shown)."""
    found: dict[str, list[str]] = {}
    for name, value in query.iter_all_terms():
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        found.setdefault(name, []).append(text)
    return found


def highlight(
    text: str, field: str, terms: dict[str, list[str]], *, whole: bool = False
) -> str | None:
    """``text`` (escaped) with the query's ``terms`` for ``field`` and typed prefixes
    marked, or None when none occur. ``whole`` keeps the entire text (titles)."""
    words = [*terms.get(field, ()), *terms.get(PREFIX_FIELD, ())]
    return mark_terms(text, words, whole=whole)


def more_like(searcher: Searcher, paper_id: int, text: str, limit: int) -> list[Hit]:
    """Papers like ``paper_id``: the key terms of its title and abstract (by Whoosh's
    Bo1 model, each weighted by its importance) ORed together and ranked like a query;
    papers sharing only a common key term are never scored in full."""
    if searcher.document_number(id=str(paper_id)) is None or not text.strip():
        return []
    key_terms = searcher.key_terms_from_text("abstract", text, numterms=12, normalize=False)
    query = wq.Or([wq.Term("abstract", word, boost=weight) for word, weight in key_terms])
    matching = matching_ids(searcher, query) - {paper_id}
    return ranked_hits(searcher, query, limit, matching)
