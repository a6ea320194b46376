"""The bulk segment writer makes the index Whoosh's own writer makes: on a few hundred real
papers, every term has the same statistics, postings and posting blocks (equal values may
share one pickled object, so the compressed bytes may differ; a term of a few documents
has its postings inlined in the term table instead of a list of its own), the other files are
the same bytes,
and every kind of search answers the same papers in the same order with the same
scores."""

from __future__ import annotations

import gzip
import io
import json
import pickle
import struct
import zlib
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building, compat, segment_writer, vocabulary
from readinglist.search.index import INDEX_NAME, SEPARATE_FILES, IndexDocument
from readinglist.search.index_folders import current_folder
from readinglist.search.schema import SPELLING_FIELD

DATASET = Path("/work/shared/datasets/arxiv_sample_2014_2019.jsonl.gz")
PAPERS = 400
QUERIES = [
    "learning",
    "neural network",
    '"neural network"',
    '"language model"',
    "title:graph",
    "abstract:quantum OR title:quantum",
    "author:wang",
    "tag:cs.lg",
    "tag:favourite learning",
    "note:revisit",
    "is:read model",
    "is:starred",
    "published:2014",
    "published:2014-01 data",
    "optimzation~",
    "netwrk~ graph",
    "learn*",
    "id:1401.0255",
    "model -network",
    "(deep OR graph) learning",
    "the",
]
TYPED = ["re", "rein", "neural net", "learning alg", "tra", "quantum st", "wa", "cs.l"]


def _papers() -> list[dict[str, object]]:
    if not DATASET.exists():
        pytest.skip("the shared arXiv sample is not here")
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, PAPERS)]


def _documents() -> Iterator[IndexDocument]:
    for n, paper in enumerate(_papers(), 1):
        yield IndexDocument(
            n,
            str(paper["title"]),
            str(paper["abstract"]),
            list(paper["authors"]),  # type: ignore[call-overload]
            list(paper["categories"])[:2],  # type: ignore[call-overload]
            "revisit the proof" if n % 7 == 0 else "",
            [str(paper["arxiv_id"])],
            [f"{1 + n % 3} digest-{n % 3}.bib"],
            str(paper["published"]),
        )


def _build(folder: Path, bulk: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setattr(segment_writer, "bulk_writer_supported", lambda: bulk)
        index, done = building.build(
            folder, INDEX_NAME, _documents(), 1, None, dict(SEPARATE_FILES), resume=False
        )
    assert done == PAPERS
    index.close()
    return folder


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The files of the index's one segment, by extension."""
    index = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    try:
        (segment,) = compat.segment_ids(index)
    finally:
        index.close()
    return {
        path.name.removeprefix(f"{segment}."): path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith(f"{segment}.")
    }


def _blocks(postings: bytes, start: int) -> list[tuple[object, object]]:
    """The (block info, block data) of the posting list at ``start``, decoded."""
    assert postings[start : start + 4] == b"W3Bl"
    blocks, position, last = [], start + 4, False
    while not last:
        (size,) = struct.unpack("!i", postings[position : position + 4])
        last, size = size < 0, abs(size)
        raw = io.BytesIO(postings[position + 4 : position + 4 + size])
        info = pickle.load(raw)
        blocks.append((info, pickle.loads(zlib.decompress(raw.read()))))
        position += 4 + size
    return blocks


def _terms(folder: Path) -> dict[tuple[str, bytes], tuple[object, ...]]:
    """Every term's statistics, postings as read, and decoded posting blocks (None when
    its postings are inlined in the term table)."""
    postings = next(p for p in folder.iterdir() if p.suffix == ".pst").read_bytes()
    index = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    found = {}
    with index.reader() as reader:
        for term in reader.all_terms():
            info = reader.term_info(*term)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            extra = (info.max_weight(), info.min_id(), info.max_id())
            blocks = None if info.is_inlined() else _blocks(postings, info._offset)
            found[term] = (stats, extra, _read(reader, term), blocks)
    index.close()
    return found


def _read(reader: object, term: tuple[str, bytes]) -> list[tuple[int, float, bytes]]:
    """The term's postings as a search reads them: document, weight, encoded value."""
    matcher = reader.postings(*term)  # type: ignore[attr-defined]
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value() or b""))
        matcher.next()
    return found


def test_the_segment_is_the_one_whooshs_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert segment_writer.bulk_writer_supported()
    compat.prepare_codec()
    old = _segment_files(_build(tmp_path / "whoosh", False, monkeypatch))
    new = _segment_files(_build(tmp_path / "bulk", True, monkeypatch))
    # The spelling field: a vocabulary file, no postings nor lengths (``vocabulary``).
    assert sorted(new) == sorted({*old, "vcb"} - {"_spelling_len.col"})
    for extension in set(new) - {"pst", "trm", "vcb"}:  # pst, trm: the postings' offsets
        assert new[extension] == old[extension], extension
    old_terms, new_terms = _terms(tmp_path / "whoosh"), _terms(tmp_path / "bulk")
    spelling = {term: row for term, row in old_terms.items() if term[0] == SPELLING_FIELD}
    assert len(spelling) > 1000
    assert list(new_terms) == [term for term in old_terms if term not in spelling]
    assert _vocabulary(tmp_path / "bulk") == {
        text.decode("utf-8"): stats[0] for (_, text), (stats, *_) in spelling.items()
    }
    inlined = 0
    for term, now in new_terms.items():
        stats, extra, read, blocks = old_terms[term]
        assert now[:3] == (stats, extra, read), term
        if stats[1] <= segment_writer.INLINE_POSTINGS:  # its postings are in the term table
            assert now[3] is None, term
            inlined += 1
        else:
            assert now[3] == blocks, term
    assert inlined > PAPERS  # ids, numbers, rare words
    assert len(new["pst"]) < len(old["pst"]) - 40 * inlined
    index = whoosh_index.open_dir(str(tmp_path / "bulk"), indexname=INDEX_NAME)
    with index.reader() as reader:  # terms of several blocks (128 postings each) are there
        assert max(reader.doc_frequency("abstract", w) for w in (b"model", b"result")) > 128
        assert reader.doc_count() == PAPERS
    index.close()


def _vocabulary(folder: Path) -> dict[str, int]:
    """The words of the vocabulary file of the index's one segment, with their counts."""
    index = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    try:
        with index.reader() as reader:
            ((leaf, _),) = reader.leaf_readers()
            words = vocabulary.segment_words(leaf)
            assert words is not None
            return words.counts
    finally:
        index.close()


Answer = tuple[str, object, list[int], list[float]]  # query, what else, ids, scores


def _answers(library: Library) -> list[Answer]:
    answers: list[Answer] = []
    for query in QUERIES:
        results = library.search(query, limit=PAPERS)
        assert results.from_index, query
        hits = results.hits
        extra = (results.total, results.did_you_mean)
        answers.append((query, extra, [h.paper.id for h in hits], [h.score for h in hits]))
    for typed in TYPED:
        hits = library.search(typed, as_you_type=True, limit=PAPERS).hits
        matching = sorted(library.matching_ids(typed, as_you_type=True))
        answers.append((typed, matching, [h.paper.id for h in hits], [h.score for h in hits]))
    for misspelt in ("optimzation", "netwrok learnig", "quantm"):
        answers.append((misspelt, library.search(misspelt).did_you_mean, [], []))
    return answers


def _segments(library: Library) -> int:
    index = whoosh_index.open_dir(
        str(current_folder(library.directory / "index")), indexname=INDEX_NAME
    )
    try:
        return len(compat.segment_ids(index))
    finally:
        index.close()


def _same(old: list[Answer], new: list[Answer]) -> None:
    assert len(new) == len(old)
    for (query, extra, ids, scores), now in zip(old, new, strict=True):
        assert now[:3] == (query, extra, ids)
        assert now[3] == pytest.approx(scores, rel=1e-9), query


def test_every_kind_of_search_answers_alike(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        PaperRecord(
            title=str(p["title"]),
            abstract=str(p["abstract"]),
            authors=list(p["authors"]),  # type: ignore[call-overload]
            arxiv_id=str(p["arxiv_id"]),
            published=str(p["published"])[:10],
        )
        for p in _papers()
    ]
    library.import_records(records, "sample")
    ids = sorted(p.id for p in library.papers())
    library.add_tags(ids[::5], ["cs.LG"])
    library.add_tags(ids[::11], ["favourite"])
    for paper_id in ids[::7]:
        library.set_notes(paper_id, "revisit the proof")
    library.set_read(ids[::3], True)
    library.set_starred(ids[::13], True)
    with monkeypatch.context() as patch:
        patch.setattr(segment_writer, "bulk_writer_supported", lambda: False)
        library.reindex()
    old = _answers(library)
    library.reindex()
    assert _segments(library) == 1
    _same(old, _answers(library))
    with monkeypatch.context() as patch:
        patch.setattr(building, "CHUNK", 150)  # a segment per 150 papers: 3 of them
        library.reindex()
    assert _segments(library) == 3
    _same(old, _answers(library))
    empty = [query for query, _, ids, _ in old[:-3] if not ids]
    assert not empty, f"nothing found for {empty}"
    assert all(extra for _, extra, _, _ in old[-3:]), "every misspelt word is corrected"
