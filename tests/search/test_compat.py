"""Whoosh internals (``search/compat.py``): the fast path and the public fallback give the
same results as Whoosh's own search, on an index whose postings fill many blocks."""

from __future__ import annotations

import random
import subprocess
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import compat as whoosh_compat
from whoosh import query as wq
from whoosh.codec import whoosh3

from readinglist.search import compat, engine, fuzzy
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.query import parse
from readinglist.search.schema import build_schema
from readinglist.search.typed_prefix import expand_typed

PAPERS = 700  # "model" is in nearly all: several 128-posting blocks per segment
WORDS = (
    *("model", "language", "learning", "video", "generation", "agent", "reasoning"),
    *("robot", "policy", "audio", "speech", "graph", "network", "diffusion"),
    *("transformer", "vision", "benchmark", "dataset", "training", "reward"),
)
QUERIES = [
    "model",
    "language model",
    '"language model"',
    "video -audio",
    "title:agent reasoning",
    "abstract:agent reaso",
    "gen* video",
    "robot OR speech",
    "diffusion~",
]


def _documents(count: int, seed: int) -> list[IndexDocument]:
    pick = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # a few words in most papers

    def text(length: int) -> str:
        return " ".join(pick.choices(WORDS, weights, k=length))

    return [
        IndexDocument(n, text(6), text(pick.randint(20, 60)), [], [], "", [], [], None)
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An index of PAPERS generated papers, then a tenth of them rewritten (deleted
    documents and a second segment) and a few removed."""
    path = tmp_path_factory.mktemp("compat") / "index"
    index = SearchIndex(path)
    index.rebuild(_documents(PAPERS, seed=1), generation=1)
    changed = _documents(PAPERS, seed=2)[::10]
    index.update(changed, deleted=[5, 6, 7], generation=2)
    index.close()
    yield path


def _results(directory: Path, text: str) -> tuple[set[int], list[tuple[int, float]]]:
    """Matching ids and ranked hits from a fresh index and searcher (no caches)."""
    index = SearchIndex(directory)
    index.open()
    try:
        query = parse(text, build_schema(), as_you_type=True).text
        searcher = index.searcher()
        matching = engine.matching_ids(searcher, query)
        hits = engine.ranked_hits(searcher, query, PAPERS, matching)
        return matching, [(hit.paper_id, hit.score) for hit in hits]
    finally:
        index.close()


def _whoosh_results(directory: Path, text: str) -> dict[int, float]:
    index = SearchIndex(directory)
    index.open()
    try:
        searcher = index.searcher()
        query = expand_typed(parse(text, build_schema(), as_you_type=True).text)
        # a fuzzy word of the whole paper as the engine runs it: its near words' stems
        query = fuzzy.near_words(searcher, query, engine.FUZZY_WORDS)
        hits = searcher.search(query, limit=None)
        return {int(hit["id"]): hit.score for hit in hits}
    finally:
        index.close()


def test_the_index_fills_many_posting_blocks(directory: Path) -> None:
    index = SearchIndex(directory)
    index.open()
    try:
        reader = index.searcher().reader()
        assert len(reader.leaf_readers()) >= 2
        assert reader.has_deletions()
        assert reader.doc_frequency("abstract", "model") > 5 * 128
        assert compat.internals_supported()  # the installed Whoosh takes the fast path
        for segment_reader, _ in reader.leaf_readers():
            assert compat._has_blocks(compat._raw_matcher(segment_reader, "abstract", "model"))
    finally:
        index.close()


@pytest.mark.parametrize("text", QUERIES)
def test_fast_path_and_fallback_find_what_whoosh_finds(
    directory: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    fast_matching, fast_hits = _results(directory, text)
    theirs = _whoosh_results(directory, text)
    monkeypatch.setattr(compat, "internals_supported", lambda: False)
    slow_matching, slow_hits = _results(directory, text)

    assert fast_matching, text
    assert fast_matching == slow_matching == set(theirs)
    assert [pid for pid, _ in fast_hits] == [pid for pid, _ in slow_hits]
    assert [score for _, score in fast_hits] == pytest.approx([s for _, s in slow_hits])
    for paper_id, score in fast_hits:
        assert score == pytest.approx(theirs[paper_id], rel=1e-4), (text, paper_id)


def _fast_and_public(monkeypatch: pytest.MonkeyPatch, read):  # type: ignore[no-untyped-def]
    fast = read()
    monkeypatch.setattr(compat, "internals_supported", lambda: False)
    public = read()
    monkeypatch.undo()
    return fast, public


def test_postings_and_lengths_read_the_same_both_ways(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SearchIndex(directory)
    index.open()
    try:
        reader = index.searcher().reader()
        deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
        for field, word in [("abstract", "model"), ("title", "agent"), ("abstract", "reward")]:

            def postings(field: str = field, word: str = word) -> dict[int, float]:
                docnums: array[int] = array("q")
                weights: array[float] = array("f")
                for segment_reader, offset in reader.leaf_readers():
                    compat.read_postings(segment_reader, field, word, offset, docnums, weights)
                return {d: w for d, w in zip(docnums, weights, strict=True) if d not in deleted}

            fast, public = _fast_and_public(monkeypatch, postings)
            assert len(fast) > 128 and fast == public, (field, word)
        for field in ("title", "abstract"):

            def lengths(field: str = field) -> list[bytes]:
                return [compat.length_bytes(leaf, field) for leaf, _ in reader.leaf_readers()]

            fast_lengths, public_lengths = _fast_and_public(monkeypatch, lengths)
            assert fast_lengths == public_lengths
            assert any(any(part) for part in fast_lengths)
        prefix = wq.Prefix("abstract", "re")
        words, public_words = _fast_and_public(
            monkeypatch, lambda: sorted(compat.expansion_words(prefix, reader))
        )
        assert words == public_words == [b"reason", b"reward"]
        segments, public_segments = _fast_and_public(
            monkeypatch, lambda: compat.segment_ids(index._index)
        )
        assert segments == public_segments and len(segments) >= 2
    finally:
        index.close()


def test_codec_change_is_applied_when_an_index_is_created_not_at_import(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from whoosh import compat; from whoosh.codec import whoosh3\n"
        "from readinglist.search import engine, index\n"
        "assert whoosh3.dumps is compat.dumps, 'changed by an import'\n"
        "index.SearchIndex(Path(sys.argv[1])).rebuild([], generation=1)\n"
        "assert whoosh3.dumps is not compat.dumps, 'not changed by creating an index'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "index")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_codec_is_left_alone_by_another_whoosh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh3, "dumps", whoosh_compat.dumps)
    monkeypatch.setattr(compat, "internals_supported", lambda: False)
    assert compat.prepare_codec() is False
    assert whoosh3.dumps is whoosh_compat.dumps
    monkeypatch.setattr(compat, "internals_supported", lambda: True)
    assert compat.prepare_codec() is True
    assert whoosh3.dumps is not whoosh_compat.dumps


def test_internals_are_used_only_by_the_whoosh_version_they_were_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import whoosh

    assert compat.internals_supported() == (whoosh.__version__[:2] == (2, 7))
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    assert not compat.internals_supported()
