"""The word being typed, matched through the term dictionary instead of an n-gram field.

The query language asks for the start of a word in the title, authors or tags as one term
of ``PREFIX_FIELD`` (``wq.Term("prefix", "tra")``). That field used to hold every leading
n-gram of every word (about 75 postings per paper, a fifth of the build's work); it now
holds each word once, and such a term is answered as the prefix it stands for: the
papers with a word starting with the fragment, which are exactly the papers the n-gram
held. ``expand_typed`` makes that change on a query before it is run.
"""

from __future__ import annotations

from whoosh import query as wq

from readinglist.search.schema import PREFIX_FIELD


def expand_typed(query: wq.Query) -> wq.Query:
    """``query`` with every term of ``PREFIX_FIELD`` turned into a prefix of that field
    (the same object when it holds none)."""
    if isinstance(query, wq.Term) and query.fieldname == PREFIX_FIELD:
        # Scored as its words, each by BM25F in this field, as the n-gram term was scored.
        return wq.Prefix(PREFIX_FIELD, query.text, boost=query.boost, constantscore=False)
    if isinstance(query, wq.CompoundQuery):
        children = [expand_typed(child) for child in query.subqueries]
        if all(new is old for new, old in zip(children, query.subqueries, strict=True)):
            return query
        return type(query)(children, boost=query.boost)
    if isinstance(query, wq.Not):
        child = expand_typed(query.query)
        return query if child is query.query else wq.Not(child, boost=query.boost)
    return query
