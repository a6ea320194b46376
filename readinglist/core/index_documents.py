"""The search index's view of a paper, built from the library's entities."""

from __future__ import annotations

from readinglist.domain.entities import Paper
from readinglist.search.index import IndexDocument


def document_of(paper: Paper, digest_names: dict[int, str]) -> IndexDocument:
    """What the search index holds of ``paper`` (``digest_names``: every digest's name)."""
    ids = [value for value in (paper.arxiv_id, paper.doi) if value]
    digests = [f"{d} {digest_names.get(d, '')}" for d in paper.digests]
    return IndexDocument(
        paper_id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        authors=paper.authors,
        tags=[t.lower() for t in paper.tags],
        notes=paper.notes,
        ids=ids,
        digests=digests,
        published=paper.published,
    )
