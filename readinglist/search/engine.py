"""Running parsed queries: matching ids, ranked hits, highlights, spelling suggestions,
and "more like this". Works on the disk index and on a small in-memory overlay index of
papers changed since the disk index was last written, so every edit is searchable at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index
from whoosh.searching import Searcher

from readinglist.search.highlight import mark_terms
from readinglist.search.index import IndexDocument
from readinglist.search.schema import PREFIX_FIELD, SPELLING_FIELD, build_schema

_MAX_CACHED_SETS = 256  # per-term id sets kept per searcher (a 100k-id set is ~4 MB)


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching paper and its relevance score."""

    paper_id: int
    score: float


class _PrivateRamStorage(RamStorage):
    """Whoosh's RamStorage spills to a temp folder named after the index ("MAIN.tmp"),
    shared by every process and thread on the machine, and deletes it when done: two
    overlays built at once would delete each other's files. Use a private folder."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return FileStorage(tempfile.mkdtemp(prefix="readinglist-overlay-")).create()


def overlay_index(documents: Iterable[IndexDocument]) -> Index:
    """A throw-away in-memory index of a few documents."""
    index = _PrivateRamStorage().create_index(build_schema())
    writer = index.writer()
    for document in documents:
        writer.add_document(**document.fields())
    writer.commit()
    return index


def matching_ids(searcher: Searcher, query: wq.Query) -> set[int]:
    """Ids of every paper matching ``query`` (unscored: the fast path while typing).

    Boolean structure is evaluated with set algebra over per-term id sets cached on the
    searcher, so the words already typed cost nothing on the next keystroke; phrases,
    prefixes, ranges and fuzzy terms are asked of Whoosh (and cached the same way).
    """
    if searcher.doc_count_all() == 0:
        return set()
    cache: dict[object, frozenset[int]] | None = getattr(searcher, "_readinglist_sets", None)
    if cache is None or len(cache) > _MAX_CACHED_SETS:  # bound memory on long sessions
        cache = {}
        searcher._readinglist_sets = cache
    return set(_id_set(searcher, query, cache))


def _id_set(
    searcher: Searcher, query: wq.Query, cache: dict[object, frozenset[int]]
) -> frozenset[int]:
    if isinstance(query, wq.And):
        parts = [
            _id_set(searcher, child, cache)
            for child in query.subqueries
            if not isinstance(child, wq.Not)
        ]
        result = min(parts, key=len) if parts else _all_ids(searcher, cache)
        for part in sorted(parts, key=len):
            result = result & part
            if not result:
                return result
        for child in query.subqueries:
            if isinstance(child, wq.Not):
                result = result - _id_set(searcher, child.query, cache)
        return result
    if isinstance(query, wq.Or):
        return frozenset().union(*(_id_set(searcher, child, cache) for child in query.subqueries))
    if isinstance(query, wq.Not):
        return _all_ids(searcher, cache) - _id_set(searcher, query.query, cache)
    if isinstance(query, wq.Every):
        return _all_ids(searcher, cache)
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return frozenset()
    key = (type(query).__name__, repr(query))
    found = cache.get(key)
    if found is None:
        if isinstance(query, wq.Term):
            found = _term_ids(searcher, query.fieldname, query.text)
        else:
            ids = paper_ids_by_docnum(searcher)
            found = frozenset(map(ids.__getitem__, query.docs(searcher)))
        found = found - _DELETED
        cache[key] = found
    return found


_DELETED = frozenset({-1})
"""The paper id ``paper_ids_by_docnum`` gives deleted documents."""


def _term_ids(searcher: Searcher, field: str, text: str) -> frozenset[int]:
    """Paper ids of every document containing a term, read a block of postings at a time
    (a common word has tens of thousands of postings: one Python step each is ~50 ms)."""
    reader = searcher.reader()
    if (field, text) not in reader:
        return frozenset()
    ids = paper_ids_by_docnum(searcher)
    found: set[int] = set()
    for segment_reader, offset in reader.leaf_readers():
        if (field, text) not in segment_reader:
            continue
        segment_ids = ids[offset : offset + segment_reader.doc_count_all()]
        found.update(map(segment_ids.__getitem__, _docnums(segment_reader, field, text)))
    return frozenset(found)


def _docnums(segment_reader: Any, field: str, text: str) -> Iterable[int]:
    """One segment's document numbers for a term: whole blocks from Whoosh's own postings
    format when it is the one we know, else one at a time."""
    matcher = segment_reader.postings(field, text)
    if not all(hasattr(matcher, name) for name in ("_read_ids", "_next_block", "_ids")):
        return list(matcher.all_ids())
    blocks: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        blocks.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return blocks


def _all_ids(searcher: Searcher, cache: dict[object, frozenset[int]]) -> frozenset[int]:
    found = cache.get("*")
    if found is None:
        found = frozenset(docnums_by_paper_id(searcher))
        cache["*"] = found
    return found


def docnums_by_paper_id(searcher: Searcher) -> dict[int, int]:
    """The document number of every paper id (deleted documents left out)."""
    cached: dict[int, int] | None = getattr(searcher, "_readinglist_docnums", None)
    if cached is None:
        ids = paper_ids_by_docnum(searcher)
        cached = {pid: docnum for docnum, pid in enumerate(ids) if pid != -1}
        searcher._readinglist_docnums = cached
    return cached


def paper_ids_by_docnum(searcher: Searcher) -> list[int]:
    """Paper id of every document number, read once per searcher from the id column."""
    cached: list[int] | None = getattr(searcher, "_readinglist_ids", None)
    if cached is None:
        reader = searcher.reader()
        cached = [int(value) for value in reader.column_reader("id")]
        if reader.has_deletions():  # replaced or removed papers: never a match
            for docnum in range(len(cached)):
                if reader.is_deleted(docnum):
                    cached[docnum] = -1
        searcher._readinglist_ids = cached
    return cached


def ranked_hits(
    searcher: Searcher, query: wq.Query, limit: int, allowed: set[int] | None = None
) -> list[Hit]:
    """The best ``limit`` hits by BM25F (title hits weigh most), optionally only among
    ``allowed`` paper ids."""
    docnum_filter = None
    if searcher.doc_count_all() == 0:
        return []
    if allowed is not None:
        docnums = docnums_by_paper_id(searcher)
        docnum_filter = {docnums[pid] for pid in allowed if pid in docnums}
        if not docnum_filter:
            return []
    results = searcher.search(query, limit=limit, filter=docnum_filter, terms=False)
    return [Hit(int(hit["id"]), float(hit.score or 0.0)) for hit in results]


def highlight(text: str, field: str, query: wq.Query, *, whole: bool = False) -> str | None:
    """``text`` (escaped) with the query's terms for ``field`` (and typed prefixes)
    marked, or None when none occur. ``whole`` keeps the entire text (titles)."""
    terms = [
        value.decode("utf-8") if isinstance(value, bytes) else str(value)
        for name, value in query.iter_all_terms()
        if name in (field, PREFIX_FIELD)
    ]
    return mark_terms(text, terms, whole=whole)


def suggest_correction(searcher: Searcher, words: Sequence[str]) -> list[str] | None:
    """The words with unknown ones replaced by the closest word of the index's own
    vocabulary (``contnual`` → ``continual``), or None when nothing changes."""
    corrector = searcher.corrector(SPELLING_FIELD)
    reader = searcher.reader()
    corrected, changed = [], False
    for word in words:
        lowered = word.lower()
        if len(lowered) < 3 or reader.doc_frequency(SPELLING_FIELD, lowered):
            corrected.append(word)
            continue
        suggestions = corrector.suggest(lowered, limit=1, maxdist=2)
        if suggestions:
            corrected.append(suggestions[0])
            changed = True
        else:
            corrected.append(word)
    return corrected if changed else None


def more_like(searcher: Searcher, paper_id: int, text: str, limit: int) -> list[Hit]:
    """Papers like ``paper_id``: its key terms (from title and abstract) ORed together."""
    docnum = searcher.document_number(id=str(paper_id))
    if docnum is None or not text.strip():
        return []
    results = searcher.more_like(docnum, "abstract", text=text, top=limit, numterms=12)
    return [Hit(int(hit["id"]), float(hit.score or 0.0)) for hit in results]
