"""Running parsed queries: matching ids, ranked hits, highlights, spelling suggestions,
and "more like this". Works on the disk index and on a small in-memory overlay index of
papers changed since the disk index was last written, so every edit is searchable at once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh import highlight as wh
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index
from whoosh.searching import Searcher

from readinglist.search.index import IndexDocument
from readinglist.search.schema import SPELLING_FIELD, build_schema

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_WHOLE_TEXT_CHARS = 300  # shorter texts are highlighted whole, longer ones in fragments
_SCHEMA = build_schema()


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching paper and its relevance score."""

    paper_id: int
    score: float


def overlay_index(documents: Iterable[IndexDocument]) -> Index:
    """A throw-away in-memory index of a few documents."""
    index = RamStorage().create_index(build_schema())
    writer = index.writer()
    for document in documents:
        writer.add_document(**document.fields())
    writer.commit()
    return index


def matching_ids(searcher: Searcher, query: wq.Query) -> set[int]:
    """Ids of every paper matching ``query`` (unscored: the fast path while typing)."""
    if searcher.doc_count_all() == 0:
        return set()
    ids = paper_ids_by_docnum(searcher)
    return {ids[docnum] for docnum in query.docs(searcher)}


def paper_ids_by_docnum(searcher: Searcher) -> list[int]:
    """Paper id of every document number, read once per searcher from the id column."""
    cached: list[int] | None = getattr(searcher, "_readinglist_ids", None)
    if cached is None:
        cached = [int(value) for value in searcher.reader().column_reader("id")]
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
        ids = paper_ids_by_docnum(searcher)
        docnum_filter = {docnum for docnum in query.docs(searcher) if ids[docnum] in allowed}
        if not docnum_filter:
            return []
    results = searcher.search(query, limit=limit, filter=docnum_filter, terms=False)
    return [Hit(int(hit["id"]), float(hit.score or 0.0)) for hit in results]


class _MarkFormatter(wh.Formatter):
    """Escape the text and wrap matched words in <mark>: safe to show as rich text."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return MARK_OPEN + html.escape(wh.get_text(text, token, replace)) + MARK_CLOSE

    def format_fragment(self, fragment: wh.Fragment, replace: bool = False) -> str:
        output: list[str] = []
        index = fragment.startchar
        text = fragment.text
        for token in fragment.matches:
            if token.startchar < index:
                continue
            output.append(html.escape(text[index : token.startchar]))
            output.append(self.format_token(text, token, replace))
            index = token.endchar
        output.append(html.escape(text[index : fragment.endchar]))
        return "".join(output)


def highlight(text: str, field: str, query: wq.Query, *, whole: bool = False) -> str | None:
    """``text`` (escaped) with the query's terms for ``field`` marked, or None when none
    occur. ``whole`` keeps the entire text (titles); otherwise the best fragments."""
    if not text:
        return None
    terms = {value for name, value in query.iter_all_terms() if name in (field, "prefix")}
    if not terms:
        return None
    schema = _SCHEMA
    words = {t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in terms}
    analyzer = schema[field].analyzer if field != "prefix" else schema["title"].analyzer
    short = whole or len(text) <= _WHOLE_TEXT_CHARS
    fragmenter = wh.WholeFragmenter() if short else wh.ContextFragmenter(maxchars=240)
    prefixes = {value for name, value in query.iter_all_terms() if name == "prefix"}
    if prefixes:
        words |= _words_starting_with(text, prefixes, analyzer)
    marked = wh.highlight(text, frozenset(words), analyzer, fragmenter, _MarkFormatter(), top=2)
    return marked or None


def _words_starting_with(text: str, prefixes: set[object], analyzer: object) -> set[str]:
    """The analyzed words of ``text`` that a typed prefix matches (so they get marked)."""
    wanted = [p.decode() if isinstance(p, bytes) else str(p) for p in prefixes]
    found = set()
    for token in analyzer(text.lower(), mode="query"):  # type: ignore[operator]
        if any(token.text.startswith(w) for w in wanted):
            found.add(token.text)
    return found


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
