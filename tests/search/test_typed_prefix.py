"""The word being typed finds the same papers through whole words as it did through an
edge-n-gram field, on a few hundred real papers: every keystroke of typed queries is
compared with an index built the old way, and the new field holds far fewer terms."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
from whoosh.analysis import LowercaseFilter, NgramFilter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from readinglist.search import engine
from readinglist.search.index import IndexDocument
from readinglist.search.query import parse
from readinglist.search.schema import MAX_PREFIX, MIN_PREFIX, PREFIX_FIELD, build_schema

DATASET = Path("/work/shared/datasets/arxiv_sample_2014_2019.jsonl.gz")
PAPERS = 300
TYPED = [
    "reinforcement policy",
    "graph neural",
    "tra",
    "the attention",
    "deep learning for",
    "quantum state",
    "optimal control",
    "xu",
]


def _documents() -> list[IndexDocument]:
    if not DATASET.exists():
        pytest.skip("the shared arXiv sample is not here")
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        papers = [json.loads(line) for line in islice(lines, PAPERS)]
    return [
        IndexDocument(
            n,
            paper["title"],
            paper["abstract"],
            paper["authors"],
            paper["categories"][:1],  # a tag per paper: "cs.lg" has words too
            "",
            [paper["arxiv_id"]],
            ["sample"],
            paper["published"],
        )
        for n, paper in enumerate(papers, 1)
    ]


@pytest.fixture(scope="module")
def indexes() -> tuple[Index, Index]:
    """(the index built the old way, with every leading n-gram of a word; the index as
    built now) of the same real papers."""
    documents = _documents()
    old_schema = build_schema()
    old_schema.remove(PREFIX_FIELD)
    edges = RegexTokenizer() | LowercaseFilter() | NgramFilter(MIN_PREFIX, MAX_PREFIX, at="start")
    old_schema.add(PREFIX_FIELD, TEXT(analyzer=edges, phrase=False))
    old = RamStorage().create_index(old_schema)
    with old.writer() as writer:
        for document in documents:
            writer.add_document(**document.fields())
    return old, engine.overlay_index(documents)


def _keystrokes() -> list[str]:
    """Every keystroke of the typed queries, and of the first words of some titles."""
    titles = [" ".join(d.title.split()[:3]) for d in _documents()[:40]]
    return [text[:end] for text in [*TYPED, *titles] for end in range(1, len(text) + 1)]


def test_every_keystroke_finds_the_papers_the_ngram_field_found(indexes) -> None:  # type: ignore[no-untyped-def]
    old, new = indexes
    checked = 0
    with old.searcher() as before, new.searcher() as after:
        for text in _keystrokes():
            query = parse(text, build_schema(), as_you_type=True).text
            if query is None:
                continue
            was = {int(hit["id"]) for hit in before.search(query, limit=None)}
            assert engine.matching_ids(after, query) == was, text
            checked += bool(was)
    assert checked > 100  # the keystrokes found papers, so the comparison says something


def test_complete_queries_rank_as_before(indexes) -> None:  # type: ignore[no-untyped-def]
    old, new = indexes
    with old.searcher() as before, new.searcher() as after:
        for text in ["graph neural network", '"neural network" -quantum', "control~", "lear*"]:
            query = parse(text, build_schema()).text
            matching = engine.matching_ids(after, query)
            assert matching == engine.matching_ids(before, query), text
            assert engine.ranked_hits(after, query, 20, matching) == engine.ranked_hits(
                before, query, 20, matching
            ), text


def test_the_typed_words_field_holds_each_word_once(indexes) -> None:  # type: ignore[no-untyped-def]
    _, new = indexes
    analyzer = RegexTokenizer() | LowercaseFilter()
    words = {
        token.text
        for document in _documents()
        for token in analyzer(document.fields()[PREFIX_FIELD])
    }
    with new.reader() as reader:
        assert set(reader.field_terms(PREFIX_FIELD)) == words
