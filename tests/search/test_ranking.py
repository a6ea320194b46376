"""Our ranking of known matches scores exactly as Whoosh's own BM25F search does."""

from __future__ import annotations

import pickle
import zlib

import pytest

from readinglist.core.library import Library
from readinglist.search import engine
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.query import parse
from readinglist.search.schema import build_schema
from readinglist.search.typed_prefix import expand_typed
from tests.conftest import EXAMPLE_DIGEST

QUERIES = [
    "model",
    "video generation",
    "language model OR robot",
    '"language model" -video',
    "title:agent reasoning",
    "abstract:agent reaso",  # typed: the last word is a prefix
    "(audio OR speech) -music",
    "reinforc* policy",
    "gen* video",  # a prefix of several words
    "co",  # typed: dozens of words start so, the rarer ones score too
]


DOCUMENTS: list[IndexDocument] = []  # what the module's index holds


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    library = Library.open(tmp_path_factory.mktemp("ranking"))
    library.import_path(EXAMPLE_DIGEST)
    library.add_tags([p.id for p in library.papers()][:10], ["agents"])
    papers = list(library.papers())
    library.close()
    DOCUMENTS[:] = [
        IndexDocument(
            p.id, p.title, p.abstract, p.authors, p.tags, p.notes, [p.arxiv_id or ""], [], None
        )
        for p in papers
    ]
    return engine.overlay_index(DOCUMENTS)


@pytest.mark.parametrize("text", QUERIES)
def test_scores_match_whoosh(index, text: str) -> None:  # type: ignore[no-untyped-def]
    query = parse(text, build_schema(), as_you_type=True).text
    with index.searcher() as searcher:
        matching = engine.matching_ids(searcher, query)
        assert matching, text
        ours = engine.ranked_hits(searcher, query, 1000, matching)
        # A typed word is a prefix of whole words (``typed_prefix``): asked of Whoosh so too.
        asked = expand_typed(query)
        theirs = {int(hit["id"]): hit.score for hit in searcher.search(asked, limit=None)}
    assert {hit.paper_id for hit in ours} == set(theirs) == matching
    for hit in ours:
        assert hit.score == pytest.approx(theirs[hit.paper_id], rel=1e-4), (text, hit)
    scores = [hit.score for hit in ours]
    assert scores == sorted(scores, reverse=True)


@pytest.fixture(scope="module")
def segmented(index, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The same papers in an index of three segments (a full build leaves one per chunk)."""
    from whoosh import index as whoosh_index

    from readinglist.search import compat

    compat.prepare_codec()
    folder = tmp_path_factory.mktemp("segments")
    built = whoosh_index.create_in(str(folder), build_schema())
    third = len(DOCUMENTS) // 3 + 1
    for start in range(0, len(DOCUMENTS), third):
        writer = built.writer()
        for document in DOCUMENTS[start : start + third]:
            writer.add_document(**document.fields())
        writer.commit(merge=False)
    with built.reader() as reader:
        assert len(reader.leaf_readers()) == 3
    yield built
    built.close()


@pytest.mark.parametrize(
    "text", [q for q in QUERIES if q != "gen* video"] + ["model data learning training"]
)
def test_scores_over_several_segments_match_whoosh(segmented, text: str) -> None:  # type: ignore[no-untyped-def]
    # A term's statistics and a prefix's words are combined from each segment's own.
    query = parse(text, build_schema(), as_you_type=True).text
    with segmented.searcher() as searcher:
        matching = engine.matching_ids(searcher, query)
        assert matching, text
        ours = engine.ranked_hits(searcher, query, 1000, matching)
        theirs = {int(h["id"]): h.score for h in searcher.search(expand_typed(query), limit=None)}
    assert {hit.paper_id for hit in ours} == set(theirs) == matching
    for hit in ours:
        assert hit.score == pytest.approx(theirs[hit.paper_id], rel=1e-4), (text, hit)


@pytest.mark.parametrize("text", ["model", *QUERIES, "model data learning training"])
def test_only_the_best_are_returned_ties_by_id(index, text: str) -> None:  # type: ignore[no-untyped-def]
    # Asking for a few lets the ranking skip papers that cannot make it: same answer.
    query = parse(text, build_schema(), as_you_type=True).text
    with index.searcher() as searcher:
        matching = engine.matching_ids(searcher, query)
        everything = engine.ranked_hits(searcher, query, 1000, matching)
        for limit in (1, 3, 10, 25):
            assert engine.ranked_hits(searcher, query, limit, matching) == everything[:limit]
    ordered = sorted(everything, key=lambda hit: (-hit.score, hit.paper_id))
    assert everything == ordered


def test_replaced_and_deleted_documents_neither_match_nor_rank(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def document(paper_id: int, title: str) -> IndexDocument:
        return IndexDocument(paper_id, title, "", [], [], "", [], [], None)

    index = SearchIndex(tmp_path / "index")
    index.rebuild([document(n, f"quokka paper {n}") for n in range(1, 301)], generation=1)
    index.open()
    # Paper 7 loses the word, paper 8 is deleted; both stay in the segment as deleted docs.
    index.update([document(7, "wombat paper")], deleted=[8], generation=2)
    searcher = index.searcher()
    quokka = parse("quokka", build_schema()).text
    assert searcher.reader().has_deletions()
    assert engine.matching_ids(searcher, quokka) == set(range(1, 301)) - {7, 8}
    # Told (wrongly) that every paper matches, the deleted versions still add nothing.
    ranked = {
        hit.paper_id: hit.score
        for hit in engine.ranked_hits(searcher, quokka, 500, set(range(1, 301)))
    }
    assert set(ranked) == set(range(1, 301)) - {8}
    assert ranked[7] == 0 and min(score for pid, score in ranked.items() if pid != 7) > 0
    assert engine.matching_ids(searcher, parse("wombat", build_schema()).text) == {7}
    index.close()


def test_posting_blocks_are_written_with_the_newest_pickle_protocol(tmp_path) -> None:  # type: ignore[no-untyped-def]
    index = SearchIndex(tmp_path / "index")
    documents = [IndexDocument(n, f"quokka {n}", "", [], [], "", [], [], None) for n in range(300)]
    index.rebuild(documents, generation=1)
    index.open()
    segment_reader = next(iter(index.searcher().reader().leaf_readers()))[0]
    matcher = segment_reader.postings("title", "quokka")
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    assert zlib.decompress(raw)[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])
    assert len(engine.matching_ids(index.searcher(), parse("quokka", build_schema()).text)) == 300
    index.close()


def test_more_like_this_finds_what_whoosh_finds(index) -> None:  # type: ignore[no-untyped-def]
    with index.searcher() as searcher:
        ids = engine.paper_ids_by_docnum(searcher)
        for docnum in range(0, 110, 11):
            paper_id = ids[docnum]
            document = next(d for d in DOCUMENTS if d.paper_id == paper_id)
            text = f"{document.title}\n{document.abstract}"
            ours = engine.more_like(searcher, paper_id, text, 5)
            theirs = searcher.more_like(docnum, "abstract", text=text, top=5, numterms=12)
            assert [hit.paper_id for hit in ours] == [int(hit["id"]) for hit in theirs]
            assert [hit.score for hit in ours] == pytest.approx([hit.score for hit in theirs])
            assert paper_id not in {hit.paper_id for hit in ours}
