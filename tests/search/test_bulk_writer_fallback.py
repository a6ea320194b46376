"""When ``compat`` finds a Whoosh internal of the bulk segment writer missing, a build
uses Whoosh's own writer, and the index answers every search as the bulk writer's does
(postings filling several 128-posting blocks)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from readinglist.search import building, compat, engine, segment_writer
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.query import parse
from readinglist.search.schema import build_schema
from readinglist.search.typed_prefix import expand_typed

PAPERS = 900
WORDS = (
    *("model", "language", "learning", "video", "generation", "agent", "reasoning"),
    *("robot", "policy", "audio", "speech", "graph", "network", "diffusion"),
)
QUERIES = ["model", "language model", '"language model"', "video -audio", "gen* agent", "rob"]
CHECKS = ("_WRITER_STEPS", "_POSTINGS_WRITER_STEPS", "_CODEC_SETTINGS", "_TERM_TABLE_PARTS")


def _documents() -> list[IndexDocument]:
    pick = random.Random(7)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # "model" in nearly all

    def text(length: int) -> str:
        return " ".join(pick.choices(WORDS, weights, k=length))

    return [
        IndexDocument(
            n, text(6), text(pick.randint(20, 50)), [f"Author {n % 40}"], [], "", [], [], None
        )
        for n in range(1, PAPERS + 1)
    ]


def _build(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Build the index in ``folder``; return the names of the writers the build used."""
    used: list[str] = []
    choose = building._writer

    def recorded(index: Any, options: dict[str, Any]) -> Any:
        writer = choose(index, options)
        used.append(type(writer).__name__)
        return writer

    with monkeypatch.context() as patch:
        patch.setattr(building, "_writer", recorded)
        SearchIndex(folder).rebuild(_documents(), generation=1)
    return used


def _answers(folder: Path) -> list[tuple[str, list[tuple[int, float]], dict[int, float]]]:
    """Per query: our ranked hits, and Whoosh's own search's scores by paper id."""
    index = SearchIndex(folder)
    index.open()
    try:
        searcher = index.searcher()
        found = []
        for text in QUERIES:
            query = parse(text, build_schema(), as_you_type=True).text
            hits = engine.ranked_hits(searcher, query, PAPERS, engine.matching_ids(searcher, query))
            theirs = searcher.search(expand_typed(query), limit=None)
            found.append(
                (
                    text,
                    [(hit.paper_id, hit.score) for hit in hits],
                    {int(hit["id"]): hit.score for hit in theirs},
                )
            )
        assert searcher.reader().doc_frequency("abstract", "model") > 5 * 128
        return found
    finally:
        index.close()


@pytest.mark.parametrize("check", CHECKS)
def test_one_internal_missing_means_whooshs_writer(
    monkeypatch: pytest.MonkeyPatch, check: str
) -> None:
    assert segment_writer.bulk_writer_supported()  # the installed Whoosh has them all
    monkeypatch.setattr(compat, check, (*getattr(compat, check), "_gone_in_this_whoosh"))
    assert not segment_writer.bulk_writer_supported()


def test_the_fallback_build_answers_as_the_bulk_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_used = _build(tmp_path / "bulk", monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(compat, "_TERM_TABLE_PARTS", (*compat._TERM_TABLE_PARTS, "_gone"))
        fallback_used = _build(tmp_path / "fallback", monkeypatch)
    assert set(bulk_used) == {"BulkSegmentWriter"}
    assert fallback_used and "BulkSegmentWriter" not in fallback_used
    bulk, fallback = _answers(tmp_path / "bulk"), _answers(tmp_path / "fallback")
    for (text, ours, _), (same_text, theirs_ranked, whoosh_scores) in zip(
        bulk, fallback, strict=True
    ):
        assert text == same_text and ours, text
        assert [pid for pid, _ in ours] == [pid for pid, _ in theirs_ranked], text
        assert [s for _, s in ours] == pytest.approx([s for _, s in theirs_ranked]), text
        assert {pid for pid, _ in ours} == set(whoosh_scores), text
