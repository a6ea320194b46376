"""The per-word cached analysis makes exactly the tokens of Whoosh's own chains, on real
papers, so an index built with it answers every search as before."""

from __future__ import annotations

import gzip
import json
import pickle
from itertools import islice
from pathlib import Path

import pytest

from readinglist.search.analysis import CachedAnalyzer
from readinglist.search.schema import build_schema, word_pairs

DATASET = Path("/work/shared/datasets/arxiv_sample_2014_2019.jsonl.gz")
TEXT_FIELDS = ("title", "abstract", "authors", "notes", "ids", "digest", "prefix", "spelling")


def _papers(count: int = 300) -> list[dict[str, str]]:
    if not DATASET.exists():
        pytest.skip("the shared arXiv sample is not here")
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, count)]


def _texts(paper: dict[str, object]) -> list[str]:
    authors = paper.get("authors") or []
    names = " ".join(authors) if isinstance(authors, list) else str(authors)
    return [
        str(paper.get("title", "")),
        str(paper.get("abstract", "")),
        names,
        str(paper.get("arxiv_id", "")),
        f"{paper.get('title', '')} {names} https://arxiv.org/abs/{paper.get('arxiv_id')}",
    ]


def _tokens(analyzer: object, text: str, positions: bool) -> list[tuple[str, int | None]]:
    return [
        (t.text, t.pos if positions else None)
        for t in analyzer(text, positions=positions, mode="index")  # type: ignore[operator]
    ]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_cached_analysis_makes_the_chains_tokens_on_real_papers(field: str) -> None:
    analyzer = build_schema()[field].analyzer
    assert isinstance(analyzer, CachedAnalyzer)
    for paper in _papers():
        for text in _texts(paper):
            for positions in (True, False):
                assert _tokens(analyzer, text, positions) == _tokens(
                    analyzer.chain, text, positions
                ), (field, text[:80])


def test_positions_after_stop_words_and_from_a_start() -> None:
    analyzer = build_schema()["abstract"].analyzer
    text = "The model of the world, a 3.5 b test. And then: it works"
    for start in (0, 7):
        cached = [
            (t.text, t.pos) for t in analyzer(text, positions=True, start_pos=start, mode="index")
        ]
        chain = [
            (t.text, t.pos)
            for t in analyzer.chain(text, positions=True, start_pos=start, mode="index")
        ]
        assert cached == chain


def test_pairs_as_before_on_real_papers() -> None:
    chain = build_schema()["abstract"].analyzer.chain
    for paper in _papers(100):
        abstract = str(paper.get("abstract", ""))
        tokens = [(t.text, t.pos) for t in chain(abstract, positions=True)]
        expected = {
            f"abstract/{a}/{b}"
            for (a, pa), (b, pb) in zip(tokens, tokens[1:], strict=False)
            if pb == pa + 1
        }
        assert set(word_pairs("abstract", abstract)) <= expected


def test_the_schema_pickles_without_its_cache() -> None:
    schema = build_schema()
    analyzer = schema["abstract"].analyzer
    assert analyzer.analyzed("quixotically") == ("quixot",)  # now in the word cache
    pickled = pickle.dumps(schema)
    assert b"quixot" not in pickled  # the cache (shared by the process's analysers) stays out
    copy = pickle.loads(pickled)
    assert copy["abstract"].analyzer == analyzer
    assert _tokens(copy["abstract"].analyzer, "Transformers everywhere", True) == [
        ("transform", 0),
        ("everywher", 1),
    ]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_tokens_at_once_are_the_chains_tokens_on_real_papers(field: str) -> None:
    """What the bulk writer reads (texts and positions as lists, counts, positions by
    word) is what the chain makes, word for word."""
    analyzer = build_schema()[field].analyzer
    for paper in _papers(150):
        for text in _texts(paper):
            expected = _tokens(analyzer.chain, text, True)
            texts, positions = analyzer.tokens(text)
            assert list(zip(texts, positions, strict=True)) == expected, (field, text[:80])
            by_word: dict[str, list[int]] = {}
            for word, pos in expected:
                by_word.setdefault(word, []).append(pos)  # type: ignore[arg-type]
            assert analyzer.term_positions(text) == by_word
            assert dict(analyzer.term_counts(text)) == {w: len(p) for w, p in by_word.items()}


def test_a_worker_analyses_a_word_and_a_value_once_whatever_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build's worker makes a schema for each chunk, and the word pairs are made with the
    analyser of no schema: all of them share what they know of words and values."""
    chains: list[str] = []
    splits: list[str] = []
    original_split = CachedAnalyzer._analyzed_words

    def split(self: CachedAnalyzer, value: str) -> list[tuple[str, ...]]:
        splits.append(value)
        return original_split(self, value)

    monkeypatch.setattr(CachedAnalyzer, "_analyzed_words", split)
    first, second = build_schema(), build_schema()
    for schema in (first, second):
        analyzer = schema["title"].analyzer

        def chain(value: str, _chain: object = analyzer.chain, **options: object) -> object:
            chains.append(value)
            return _chain(value, **options)  # type: ignore[operator]

        monkeypatch.setattr(analyzer, "chain", chain)
    first["title"].analyzer.analyzed("quokkaization")
    second["title"].analyzer.analyzed("quokkaization")
    assert chains == ["quokkaization"]  # the second chunk's schema knew the word
    abstract = "Wombats burrow; quokkas smile at the wombats."
    word_pairs("abstract", abstract)
    second["abstract"].analyzer.term_positions(abstract)
    assert splits == [abstract]  # the field's analysis took the word pairs' tokens
    for _ in range(2):
        first["title"].analyzer.analyzed("x2025q")
    assert chains.count("x2025q") == 2  # a word with a digit is not kept
