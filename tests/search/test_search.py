"""Search over the example digest: every query form, with expected sets computed from the
text itself, highlights, did-you-mean, similar papers, freshness and recovery."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery
from readinglist.search import engine
from readinglist.search.index_folders import current_folder


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    library.reindex()  # as-you-type searches never build the index themselves
    return library


def ids_where(lib: Library, predicate) -> set[int]:  # type: ignore[no-untyped-def]
    return {p.id for p in lib.papers() if predicate(p)}


def has_word(text: str, *stems: str) -> bool:
    return any(re.search(rf"\b{stem}", text, re.IGNORECASE) for stem in stems)


def found(lib: Library, query: str, **kwargs) -> set[int]:  # type: ignore[no-untyped-def]
    results = lib.search(query, limit=1000, **kwargs)
    ids = {hit.paper.id for hit in results.hits}
    assert results.total == len(ids)
    return ids


def test_single_word_matches_title_or_abstract_with_stemming(lib: Library) -> None:
    expected = ids_where(lib, lambda p: has_word(p.title + " " + p.abstract, "unlearn"))
    assert expected
    assert found(lib, "unlearn") == expected


def test_words_are_anded(lib: Library) -> None:
    video = ids_where(lib, lambda p: has_word(p.title + p.abstract, "video"))
    audio = ids_where(lib, lambda p: has_word(p.title + p.abstract, "audio"))
    assert video & audio
    assert found(lib, "video audio") == video & audio


def test_or_and_not_and_parentheses(lib: Library) -> None:
    video = ids_where(lib, lambda p: has_word(p.title + p.abstract, "video"))
    audio = ids_where(lib, lambda p: has_word(p.title + p.abstract, "audio"))
    robot = ids_where(lib, lambda p: has_word(p.title + p.abstract, "robot"))
    everything = ids_where(lib, lambda p: True)
    assert found(lib, "video OR audio") == video | audio
    assert found(lib, "video -audio") == video - audio
    assert found(lib, "video NOT audio") == video - audio
    assert found(lib, "-video") == everything - video
    assert found(lib, "(video OR audio) robot") == (video | audio) & robot


def test_exact_phrase(lib: Library) -> None:
    expected = ids_where(
        lib, lambda p: re.search(r"\blanguage models?\b", p.title + " " + p.abstract, re.I)
    )
    loose = found(lib, "language model")
    assert found(lib, '"language model"') == expected
    assert expected < loose


def test_field_prefixes(lib: Library) -> None:
    xolver = ids_where(lib, lambda p: "Xolver" in p.title)
    assert found(lib, "title:xolver") == xolver
    in_abstract_only = ids_where(
        lib, lambda p: has_word(p.abstract, "kinetics") and not has_word(p.title, "kinetics")
    )
    assert found(lib, "abstract:kinetics") >= in_abstract_only
    assert found(lib, "title:kinetics") == set()
    digest_id = lib.digests()[0].id
    assert found(lib, f"digest:{digest_id}") == ids_where(lib, lambda p: True)
    assert found(lib, "digest:sep9") == ids_where(lib, lambda p: True)


def test_prefix_and_fuzzy(lib: Library) -> None:
    expected = ids_where(lib, lambda p: has_word(p.title + " " + p.abstract, "transf"))
    assert found(lib, "transf*") == expected
    continual = ids_where(
        lib, lambda p: re.search(r"\bcontinual\b", p.title + " " + p.abstract, re.I)
    )
    assert continual <= found(lib, "contnual~")


def test_as_you_type_treats_the_last_word_as_a_prefix(lib: Library) -> None:
    in_titles = ids_where(lib, lambda p: has_word(p.title, "transf"))
    assert in_titles <= found(lib, "transf", as_you_type=True)
    assert found(lib, "transf") == set()  # not a whole word without as_you_type
    both = ids_where(
        lib, lambda p: has_word(p.title + p.abstract, "video") and has_word(p.title, "transf")
    )
    assert both <= found(lib, "video transf", as_you_type=True)
    assert lib.matching_ids("video transf") == found(lib, "video transf", as_you_type=True)


def test_annotation_filters_and_freshness(lib: Library) -> None:
    ids = sorted(p.id for p in lib.papers())
    assert found(lib, "is:read") == set()
    lib.set_read(ids[:4])
    lib.set_starred([ids[1]])
    lib.add_tags([ids[2], ids[3]], ["Robotics"])
    lib.set_notes(ids[5], "remember the zebrafish experiment")
    assert found(lib, "is:read") == set(ids[:4])
    assert found(lib, "is:unread") == set(ids[4:])
    assert found(lib, "is:starred") == {ids[1]}
    assert found(lib, "tag:robotics") == {ids[2], ids[3]}
    assert found(lib, "-tag:robotics is:read") == {ids[0], ids[1]}
    assert found(lib, "zebrafish") == {ids[5]}
    assert found(lib, "note:zebrafish") == {ids[5]}
    assert found(lib, "robotics is:read") >= {ids[2], ids[3]}
    lib.set_notes(ids[5], "")
    assert found(lib, "zebrafish") == set()


def test_new_imports_are_searchable_at_once(lib: Library) -> None:
    lib.import_bytes(
        b"Daily Papers\n\nQuokka Networks for Marsupial Vision\n\n" + b"We study quokkas. " * 30,
        "extra.txt",
    )
    assert len(found(lib, "quokka")) == 1
    removed = lib.digests()[0].id
    lib.remove_digest(removed)
    assert found(lib, "quokka") == set()


def test_sorting(lib: Library) -> None:
    titles = [h.paper.title for h in lib.search("learning", sort="title", limit=500).hits]
    assert titles == sorted(titles, key=lambda t: re.sub(r"[^\w ]", " ", t.casefold()).split())
    relevance = lib.search("video", limit=5).hits
    assert relevance[0].score >= relevance[-1].score
    assert "video" in relevance[0].paper.title.lower()  # title hits rank first


def test_highlights_mark_terms_and_escape_text(lib: Library) -> None:
    [hit] = lib.search("title:xolver").hits
    assert hit.highlights["title"].startswith("<mark>Xolver</mark>:")
    lib.set_notes(hit.paper.id, "<script>alert('xolver')</script>")
    [hit] = lib.search("xolver note:alert").hits
    assert "<script>" not in hit.highlights["notes"]
    assert "&lt;script&gt;" in hit.highlights["notes"]
    assert "<mark>alert</mark>" in hit.highlights["notes"]


def test_did_you_mean(lib: Library) -> None:
    results = lib.search("contnual learning")
    assert results.total == 0
    assert results.did_you_mean == "continual learning"
    assert lib.search("continual").did_you_mean is None
    # One edit away beats two, however more frequent "transfer" is.
    assert lib.search("transfomer").did_you_mean == "transformer"


def test_malformed_queries_degrade_to_words(lib: Library) -> None:
    for query in ['"unclosed video', "(video", "video)", "title:", "OR", "-", "***", ":::", "NOT"]:
        lib.search(query)  # never raises
    assert found(lib, "(video") == found(lib, "video")


def test_similar_and_suggested_tags(lib: Library) -> None:
    video = sorted(ids_where(lib, lambda p: has_word(p.title, "video")))
    similar = lib.similar(video[0], n=5)
    assert 0 < len(similar) <= 5
    assert video[0] not in {p.id for p in similar}
    lib.add_tags([similar[0].id, similar[1].id], ["moving pictures"])
    lib.add_tags([similar[1].id], ["other"])
    suggestions = lib.suggest_tags(video[0])
    assert suggestions[0] == "moving pictures"
    assert "other" in suggestions


def test_deleted_or_corrupt_index_is_rebuilt(lib: Library, data_dir: Path) -> None:
    expected = found(lib, "video")
    lib.close()
    shutil.rmtree(data_dir / "index")
    with Library.open(data_dir) as reopened:
        assert found(reopened, "video") == expected
    for damaged in current_folder(data_dir / "index").glob("*.pst"):
        damaged.write_bytes(b"garbage")
    with Library.open(data_dir) as reopened:  # the sizes in meta.json no longer match
        assert found(reopened, "video") == expected
    (current_folder(data_dir / "index") / "meta.json").write_text("{not json")
    with Library.open(data_dir) as reopened:
        assert found(reopened, "video") == expected


def test_stale_index_catches_up_after_a_crash(lib: Library, data_dir: Path) -> None:
    found(lib, "video")  # index built
    lib.close()
    # Another process changes the library while this one is not looking.
    with Library.open(data_dir) as other:
        pid = other.papers(PaperQuery(limit=1))[0].id
        other.set_notes(pid, "platypus")
    with Library.open(data_dir) as reopened:
        assert found(reopened, "platypus") == {pid}
        reopened.sync_index()
        assert found(reopened, "platypus") == {pid}


def test_a_phrase_being_typed_matches_its_words_until_closed(lib: Library) -> None:
    typing = found(lib, '"language mod', as_you_type=True)
    assert typing == found(lib, "language mod", as_you_type=True)  # words, last one a prefix
    closed = found(lib, '"language model"', as_you_type=True)
    assert closed == found(lib, '"language model"')  # once closed: the exact phrase
    assert closed <= found(lib, "language model")


def test_without_an_index_typing_searches_scan_the_database(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    results = library.search("xolver", as_you_type=True)
    assert not results.from_index
    assert [hit.paper.title[:6] for hit in results.hits] == ["Xolver"]
    assert library.search("xolver").from_index  # a full search builds a small index


def test_the_database_scan_answers_like_the_index_while_it_is_built(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    ids = [p.id for p in library.papers()]
    library.add_tags(ids[:5], ["burst-3"])
    library.add_tags(ids[3:9], ["vision"])
    library.set_read(ids[::3], True)
    library.set_starred(ids[1:4], True)
    library.set_notes(ids[7], "Compare with the xolver baseline")
    queries = [
        "tag:burst-3",
        "-tag:burst-3 is:read",
        "(tag:vision OR tag:burst-3) -is:starred",
        "galaxy",  # (plain words only: the scan has no stemming; "diffuse" ~ "diffusion")
        "video -benchmark",
        "title:video OR author:zhang",
        "note:baseline",
        "NOT is:read",
        "(is:starred OR is:read) video",
    ]
    scanned = {}
    for query in queries:
        results = library.search(query, as_you_type=True, limit=1000)
        assert not results.from_index
        scanned[query] = library.matching_ids(query, as_you_type=False)
    library.reindex()
    for query in queries:
        assert library.matching_ids(query, as_you_type=False) == scanned[query], query
        assert library.search(query, limit=1000).from_index


def test_longer_phrases_and_their_highlights(lib: Library) -> None:
    expected = ids_where(
        lib,
        lambda p: re.search(r"\blarge language models?\b", p.title + " " + p.abstract, re.I),
    )
    assert expected
    assert found(lib, '"large language model"') == expected
    hit = lib.search('"large language model"').hits[0]
    marked = " ".join(hit.highlights.values()).lower()
    assert "<mark>language</mark>" in marked and "<mark>large</mark>" in marked
    paper = min(ids_where(lib, lambda p: True) - expected)
    lib.set_notes(paper, "Compare with the large language model baseline.")
    assert paper in found(lib, '"large language model"')  # a note counts at once
    assert paper not in found(lib, '"language large model"')


def test_negations_and_filters_leave_out_removed_and_include_new_papers(lib: Library) -> None:
    everything = ids_where(lib, lambda p: True)
    video = found(lib, "video")
    gone = sorted(everything - video)[:3]
    lib.remove_papers(gone)
    assert lib.import_bytes(b"@article{k, title={Quokka herding at scale}}", "new.bib").new == 1
    now = ids_where(lib, lambda p: True)
    assert len(now) == len(everything) - 2 and not set(gone) & now
    assert lib.matching_ids("-video", as_you_type=False) == now - video
    assert lib.matching_ids("is:unread", as_you_type=False) == now
    assert lib.matching_ids("is:unread -video", as_you_type=True) == now - video
    lib.sync_index()  # written to the disk index: the same answers
    assert lib.matching_ids("-video", as_you_type=False) == now - video
    assert lib.matching_ids("NOT is:read", as_you_type=False) == now


def test_similar_papers_are_ranked_once_for_the_list_and_the_tag_suggestions(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = engine.more_like

    def counted(searcher, paper_id, text, limit):  # type: ignore[no-untyped-def]
        calls.append(paper_id)
        return real(searcher, paper_id, text, limit)

    monkeypatch.setattr(engine, "more_like", counted)
    first, second = sorted(ids_where(lib, lambda p: True))[:2]
    five = lib.similar(first, 5)
    lib.suggest_tags(first, 3)
    assert calls == [first]
    assert [p.id for p in lib.similar(first, 3)] == [p.id for p in five[:3]]
    lib.similar(second, 5)
    assert calls == [first, second]


def test_syncing_with_nothing_to_write_leaves_the_index_alone(lib: Library, data_dir: Path) -> None:
    lib.add_tags([min(ids_where(lib, lambda p: True))], ["kept"])
    lib.sync_index()
    index = current_folder(data_dir / "index")
    before = {f.name: f.stat().st_mtime_ns for f in index.iterdir()}
    lib.sync_index()
    lib.sync_index()
    assert {f.name: f.stat().st_mtime_ns for f in index.iterdir()} == before
    assert found(lib, "tag:kept")


def test_a_run_of_edits_is_searchable_after_each_one_without_a_sync(lib: Library) -> None:
    first, second, third = sorted(ids_where(lib, lambda p: True))[:3]
    lib.set_notes(first, "quokka")  # builds the in-memory index of pending papers
    assert lib.matching_ids("quokka", as_you_type=False) == {first}
    lib.set_notes(first, "wombat")  # the same paper changed again: old words gone
    lib.set_notes(second, "quokka wombat")
    assert lib.matching_ids("quokka", as_you_type=False) == {second}
    assert lib.matching_ids("wombat", as_you_type=False) == {first, second}
    lib.add_tags([third], ["numbat"])
    assert lib.matching_ids("numbat", as_you_type=False) == {third}
    lib.remove_tags([third], ["numbat"])
    assert lib.matching_ids("numbat", as_you_type=False) == set()
    lib.remove_papers([second])
    assert lib.matching_ids("wombat", as_you_type=False) == {first}
    assert lib.search('"wombat"').total == 1 and lib.search("wombat").hits[0].paper.id == first
    lib.sync_index()  # written to disk: the same answers from the disk index
    assert lib.matching_ids("wombat", as_you_type=False) == {first}
    lib.set_notes(first, "")
    assert lib.matching_ids("wombat", as_you_type=False) == set()


def test_many_edits_merge_the_in_memory_index_without_losing_any(lib: Library) -> None:
    papers = sorted(ids_where(lib, lambda p: True))[:40]
    for n, paper_id in enumerate(papers):  # more edits than segments are kept apart
        lib.set_notes(paper_id, f"quokka{n} marsupial")
        assert lib.matching_ids(f"quokka{n}", as_you_type=False) == {paper_id}
    lib.set_notes(papers[0], "no more")
    lib.remove_papers([papers[1]])
    assert lib.matching_ids("marsupial", as_you_type=False) == set(papers[2:])
    assert lib.search("marsupial", limit=100).total == len(papers) - 2
