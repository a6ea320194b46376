"""CSL-JSON export (pandoc, Zotero, Better BibTeX, Manubot): a JSON list of CSL items.

Each item's ``id`` (and ``citation-key``) is the paper's BibTeX citation key, so a document
citing ``[@smith2024deep]`` works with either export. The type follows CSL 1.0.2:
``article-journal`` when the paper names a journal or has a DOI other than an arXiv DOI
(the BibTeX writer's ``@article`` rule), else ``article`` ("a preprint, working paper or
other article not otherwise published"). arXiv preprints carry the id in ``number`` with
``publisher: "arXiv"``; a journal article with an arXiv id keeps the id in ``number`` with
``archive: "arXiv"`` instead, since its publisher is the journal's. Tags are ``keyword``
(joined with ", "), notes are ``note``, and the annotations as data go in ``custom``
(``read``, ``starred``, ``tags``), where the CSL schema asks applications to keep their
own fields. The abstract is always written. One item per line keeps the file readable and
diffable while the C JSON encoder does the work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats.bibtex_writer import (
    base_key,
    citation_keys,
    is_journal_article,
    journal_of,
    one_line,
    split_name,
    web_url,
)
from readinglist.formats.paper_batches import PaperBatches

FORMAT = "csl-json"
LABEL = "CSL-JSON (pandoc, Zotero)"
EXTENSION = ".json"


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The CSL-JSON list for ``papers``, in their order (``options`` has nothing for it)."""
    keys = citation_keys(papers)
    if not papers:
        return "[]\n"
    lines = (json.dumps(csl_item(paper, keys[paper.id]), ensure_ascii=False) for paper in papers)
    return "[\n" + ",\n".join(lines) + "\n]\n"


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks, reading the papers a batch at a time (after
    a first pass for the citation keys)."""
    keys = citation_keys(papers.light().papers())
    opening = "[\n"
    for batch in papers:
        lines = [
            json.dumps(csl_item(paper, keys.get(paper.id) or base_key(paper)), ensure_ascii=False)
            for paper in batch
        ]
        if lines:
            yield opening + ",\n".join(lines)
            opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One paper as a CSL item whose ``id`` is ``key``."""
    journal_article = is_journal_article(paper)
    item: dict[str, Any] = {
        "id": key,
        "citation-key": key,
        "type": "article-journal" if journal_article else "article",
        "title": one_line(paper.title),
    }
    authors = [csl_name(name) for name in paper.authors if name.strip()]
    if authors:
        item["author"] = authors
    journal = journal_of(paper)
    if journal:
        item["container-title"] = journal
    issued = date_parts(paper.published)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if paper.abstract.strip():
        item["abstract"] = paper.abstract.strip()
    if paper.doi:
        item["DOI"] = paper.doi
    url = web_url(paper)
    if url:
        item["URL"] = url
    if paper.arxiv_id:
        item["number"] = paper.arxiv_id
        item["archive" if journal_article else "publisher"] = "arXiv"
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    if paper.notes.strip():
        item["note"] = paper.notes.strip()
    item["custom"] = {"read": paper.read, "starred": paper.starred, "tags": list(paper.tags)}
    return item


def csl_name(name: str) -> dict[str, str]:
    """``{"family", "given"}`` (with ``non-dropping-particle`` and ``suffix`` when the name
    has them), or ``{"literal"}`` for a one-word or organisation name."""
    parts = split_name(name)
    if parts is None:
        return {"literal": " ".join(name.split())}
    person = {"family": parts.family, "given": parts.given}
    if parts.particle:
        person["non-dropping-particle"] = parts.particle
    if parts.suffix:
        person["suffix"] = parts.suffix
    return person


def date_parts(published: str | None) -> list[int]:
    """``"2025-09-09"`` as ``[2025, 9, 9]`` (``[2025, 9]``, ``[2025]``); [] without a year."""
    parts: list[int] = []
    for piece in (published or "").split("-")[:3]:
        if not (piece.isdecimal() and piece.isascii()):
            break
        parts.append(int(piece))
    if not parts or not 1000 <= parts[0] <= 9999:
        return []
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return parts[:1]
    return parts
