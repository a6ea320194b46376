from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery, PaperRecord
from readinglist.domain.errors import (
    DigestNotFoundError,
    ImportCancelledError,
    ImportFailedError,
    InvalidInputError,
    PaperNotFoundError,
    StorageError,
)


def test_importing_the_example_twice_keeps_114_papers_and_annotations(
    library: Library, example_digest: Path
) -> None:
    first = library.import_path(example_digest)
    assert (first.new, first.merged, first.unchanged, first.skipped) == (114, 0, 0, 0)
    papers = library.papers()
    target, other = papers[0].id, papers[1].id
    library.add_tags([target], ["video", "to-read"])
    library.set_notes(target, "Compare with TimeSformer.")
    library.set_read([target, other])
    library.set_starred([other])

    second = library.import_path(example_digest)
    assert (second.new, second.merged, second.unchanged) == (0, 0, 114)
    assert second.digest_id == first.digest_id
    assert library.stats().papers == 114
    assert len(library.digests()) == 1
    paper = library.paper(target)
    assert paper.tags == ["to-read", "video"]
    assert paper.notes == "Compare with TimeSformer."
    assert paper.read and not paper.starred
    assert library.paper(other).starred


def test_a_richer_record_merges_into_a_title_only_paper_without_touching_annotations(
    library: Library,
) -> None:
    library.import_records([PaperRecord(title="Attention Is All You Need")], "hf.txt")
    pid = library.papers()[0].id
    library.add_tags([pid], ["classic"])
    library.set_read([pid])
    library.set_notes(pid, "mine")
    report = library.import_records(
        [
            PaperRecord(
                title="attention is all you need.",
                arxiv_id="arXiv:1706.03762v7",
                authors=["Ashish Vaswani", "Noam Shazeer"],
                abstract="The dominant sequence transduction models ...",
            )
        ],
        "feed.xml",
    )
    assert (report.new, report.merged) == (0, 1)
    paper = library.paper(pid)
    assert paper.title == "Attention Is All You Need"  # never overwritten
    assert paper.arxiv_id == "1706.03762"
    assert paper.key == "arxiv:1706.03762"
    assert paper.url == "https://arxiv.org/abs/1706.03762"
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert (paper.tags, paper.read, paper.notes) == (["classic"], True, "mine")
    assert len(paper.digests) == 2


def test_same_title_with_different_arxiv_ids_stays_two_papers(library: Library) -> None:
    library.import_records(
        [
            PaperRecord(title="Survey", arxiv_id="2101.00001"),
            PaperRecord(title="Survey", arxiv_id="2202.00002"),
        ],
        "two.txt",
    )
    assert library.stats().papers == 2


def test_arxiv_doi_is_the_arxiv_paper(library: Library) -> None:
    library.import_records([PaperRecord(title="X", arxiv_id="2206.07690")], "a")
    report = library.import_records(
        [PaperRecord(title="Other form", doi="10.48550/arXiv.2206.07690")], "b"
    )
    assert (report.new, report.merged) == (0, 1)
    assert library.papers()[0].doi == "10.48550/arxiv.2206.07690"


def test_records_without_title_or_id_are_skipped(library: Library) -> None:
    report = library.import_records([PaperRecord(title="Kept"), PaperRecord(abstract="x")], "s")
    assert (report.new, report.skipped) == (1, 1)


def test_a_file_with_nothing_usable_is_rejected_and_adds_no_digest(library: Library) -> None:
    with pytest.raises(ImportFailedError, match="no papers"):
        library.import_records([PaperRecord(abstract="no title")], "empty.txt")
    assert library.digests() == []


def test_duplicate_within_one_file_is_one_paper(library: Library) -> None:
    report = library.import_records(
        [PaperRecord(title="Twice"), PaperRecord(title="TWICE!", abstract="more")], "dup"
    )
    assert (report.new, report.merged, report.unchanged) == (1, 0, 0)
    assert library.papers()[0].abstract == "more"


def test_cancelled_import_changes_nothing(library: Library, example_digest: Path) -> None:
    with pytest.raises(ImportCancelledError):
        library.import_path(example_digest, progress=lambda done, total: done < 50)
    assert library.stats().papers == 0
    assert library.digests() == []


def test_progress_reaches_the_total(library: Library, example_digest: Path) -> None:
    seen: list[tuple[int, int]] = []
    library.import_path(example_digest, progress=lambda d, t: seen.append((d, t)) or None)
    assert seen[0] == (0, 114)
    assert seen[-1] == (114, 114)


def test_failure_midway_rolls_back_the_whole_file(
    library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.storage import papers as papers_db

    real_insert = papers_db.insert_paper
    calls = {"n": 0}

    def failing_insert(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 50:
            raise StorageError("disk full")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(papers_db, "insert_paper", failing_insert)
    with pytest.raises(StorageError):
        library.import_path(example_digest)
    assert library.stats().papers == 0
    assert library.digests() == []


def test_missing_and_folder_paths_are_clear_errors(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ImportFailedError, match="no such file"):
        library.import_path(tmp_path / "nope.txt")
    with pytest.raises(ImportFailedError, match="folder"):
        library.import_path(tmp_path)


def test_filters(library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    ids = [p.id for p in library.papers()]
    library.set_read(ids[:10])
    library.set_starred(ids[5:7])
    library.add_tags(ids[:3], ["rl"])
    assert len(library.papers(PaperQuery(read=True))) == 10
    assert len(library.papers(PaperQuery(read=False))) == 104
    assert [p.id for p in library.papers(PaperQuery(starred=True))] == ids[5:7]
    assert [p.id for p in library.papers(PaperQuery(tag="RL"))] == ids[:3]
    assert len(library.papers(PaperQuery(limit=5))) == 5
    digest_id = library.digests()[0].id
    in_digest = library.papers(PaperQuery(digest_id=digest_id))
    assert [p.id for p in in_digest] == ids  # digest order
    assert library.digests()[0].read_count == 10


def test_tags_are_case_insensitive_and_cleaned(library: Library) -> None:
    library.import_records([PaperRecord(title="A"), PaperRecord(title="B")], "x")
    a, b = (p.id for p in library.papers())
    library.add_tags([a], ["#Vision", "  multi   word "])
    library.add_tags([b], ["vision"])
    assert library.stats().tags == {"multi word": 1, "Vision": 2}
    assert library.remove_tags([a, b], ["VISION"]) == 2
    assert library.stats().tags == {"multi word": 1}
    with pytest.raises(InvalidInputError):
        library.add_tags([a], ["   "])


def test_annotating_an_unknown_paper_fails_without_partial_writes(library: Library) -> None:
    library.import_records([PaperRecord(title="A")], "x")
    pid = library.papers()[0].id
    with pytest.raises(PaperNotFoundError):
        library.set_read([pid, 9999])
    assert not library.paper(pid).read


def test_remove_digest_keeps_shared_and_annotated_papers(library: Library) -> None:
    first = library.import_records(
        [PaperRecord(title="Shared"), PaperRecord(title="Only first"), PaperRecord(title="Noted")],
        "first",
    )
    library.import_records([PaperRecord(title="Shared")], "second")
    noted = next(p for p in library.papers() if p.title == "Noted")
    library.set_notes(noted.id, "keep me")
    assert library.remove_digest(first.digest_id) == 1
    titles = sorted(p.title for p in library.papers())
    assert titles == ["Noted", "Shared"]
    assert [d.source_name for d in library.digests()] == ["second"]
    with pytest.raises(DigestNotFoundError):
        library.remove_digest(first.digest_id)


def test_generation_grows_with_every_change(library: Library) -> None:
    start = library.generation
    library.import_records([PaperRecord(title="A")], "x")
    after_import = library.generation
    library.set_read([library.papers()[0].id])
    assert start < after_import < library.generation


def test_reopening_keeps_everything(data_dir: Path, example_digest: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_path(example_digest)
        lib.add_tags([1], ["kept"])
    with Library.open(data_dir) as lib:
        assert lib.stats().papers == 114
        assert lib.paper(1).tags == ["kept"]


def test_a_file_that_is_not_a_database_is_a_clear_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="not a Reading List database"):
        Library.open(data_dir)


def test_near_identical_title_merges_but_a_sequel_does_not(library: Library) -> None:
    library.import_records([PaperRecord(title="Scaling Laws for Neural Language Models")], "a")
    report = library.import_records(
        [
            PaperRecord(title="Scaling laws for neural-language models.", arxiv_id="2001.08361"),
            PaperRecord(title="Scaling Laws for Neural Language Models 2"),
        ],
        "b",
    )
    assert (report.new, report.merged) == (1, 1)
    titles = {p.title: p.arxiv_id for p in library.papers()}
    assert titles == {
        "Scaling Laws for Neural Language Models": "2001.08361",
        "Scaling Laws for Neural Language Models 2": None,
    }


def test_a_doi_already_held_by_another_paper_is_not_stolen(library: Library) -> None:
    library.import_records(
        [PaperRecord(title="Owner", doi="10.1000/abc", arxiv_id="2101.00001")], "a"
    )
    library.import_records([PaperRecord(title="Second paper")], "b")
    report = library.import_records(
        [PaperRecord(title="Second paper", doi="10.1000/abc", arxiv_id="2202.00002")], "c"
    )
    assert report.merged == 1
    second = next(p for p in library.papers() if p.title == "Second paper")
    assert (second.arxiv_id, second.doi) == ("2202.00002", None)


def test_same_title_with_different_dois_stays_apart_and_a_bare_title_joins_the_first(
    library: Library,
) -> None:
    library.import_records(
        [
            PaperRecord(title="Survey", doi="10.1000/a"),
            PaperRecord(title="Survey", doi="10.1000/b"),
        ],
        "x",
    )
    report = library.import_records([PaperRecord(title="Survey", abstract="text")], "y")
    assert (report.new, report.merged) == (0, 1)
    keys = {p.key: p.abstract for p in library.papers()}
    assert keys == {"doi:10.1000/a": "text", "doi:10.1000/b": ""}


def test_removing_papers_returns_a_backup_that_restores_them(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    target = library.papers()[3]
    library.add_tags([target.id], ["keep"])
    library.set_notes(target.id, "my note")
    library.set_starred([target.id])
    backup = library.remove_papers([target.id])
    assert library.stats().papers == 113
    assert library.stats().tags == {}
    library.import_bytes(backup.encode(), "undo")
    restored = next(p for p in library.papers() if p.title == target.title)
    assert (restored.tags, restored.notes, restored.starred) == (["keep"], "my note", True)
    assert restored.digests == target.digests
    assert len(library.digests()) == 1


def test_rename_and_delete_tags(library: Library) -> None:
    library.import_records([PaperRecord(title="A"), PaperRecord(title="B")], "x")
    a, b = sorted(p.id for p in library.papers())
    library.add_tags([a], ["rl"])
    library.add_tags([b], ["reinforcement"])
    library.rename_tag("rl", "Reinforcement")  # onto an existing tag: merged
    assert library.stats().tags == {"reinforcement": 2}
    library.rename_tag("reinforcement", "RL")
    assert library.paper(a).tags == ["RL"]
    library.delete_tag("rl")
    assert library.stats().tags == {}
    assert library.paper(a).tags == []


def test_a_near_title_with_an_extra_word_of_meaning_stays_a_separate_paper(
    library: Library,
) -> None:
    library.import_records(
        [PaperRecord(title="On the history of the Reading List project circa begin")], "a"
    )
    report = library.import_records(
        [PaperRecord(title="On the history of the Reading List project circa begin & end")], "b"
    )
    assert (report.new, report.merged, report.fuzzy_merges) == (1, 0, [])
    assert library.stats().papers == 2


def test_near_titles_by_different_authors_stay_apart(library: Library) -> None:
    library.import_records(
        [PaperRecord(title="Scaling Laws for Neural Language Models", authors=["Jared Kaplan"])],
        "a",
    )
    report = library.import_records(
        [PaperRecord(title="Scaling Laws for Neural Langauge Models", authors=["Jane Doe"])], "b"
    )
    assert (report.new, report.merged) == (1, 0)


def test_a_merge_on_a_near_title_is_named_in_the_report(library: Library) -> None:
    library.import_records([PaperRecord(title="Scaling Laws for Neural Language Models")], "a")
    report = library.import_records(
        [PaperRecord(title="Scaling Laws for Neural Langauge Models", abstract="We study")], "b"
    )
    assert (report.new, report.merged) == (0, 1)
    assert report.fuzzy_merges == [
        ("Scaling Laws for Neural Langauge Models", "Scaling Laws for Neural Language Models")
    ]
    assert report.details() == [
        "merged 'Scaling Laws for Neural Langauge Models' into "
        "'Scaling Laws for Neural Language Models'"
    ]
    assert report.to_json()["fuzzy_merges"] == [
        {
            "title": "Scaling Laws for Neural Langauge Models",
            "into": "Scaling Laws for Neural Language Models",
        }
    ]


def test_duplicates_within_one_file_are_counted(library: Library) -> None:
    report = library.import_records(
        [
            PaperRecord(title="Once", arxiv_id="2101.00001"),
            PaperRecord(title="Twice"),
            PaperRecord(title="Once again", arxiv_id="2101.00001v2"),
            PaperRecord(title="TWICE!"),
        ],
        "dup",
    )
    assert (report.new, report.merged, report.duplicates) == (2, 0, 2)
    assert report.details() == ["2 duplicates within the file"]
    assert report.to_json()["duplicates"] == 2


def test_a_paper_listed_in_two_sections_keeps_both(library: Library) -> None:
    library.import_records(
        [
            PaperRecord(title="ActiveRMAP", arxiv_id="2211.00001", extra={"section": "SLAM"}),
            PaperRecord(title="ActiveRMAP", arxiv_id="2211.00001", extra={"section": "NeRF"}),
        ],
        "digest.md",
    )
    extra = library.papers()[0].extra
    assert (extra["section"], extra["sections"]) == ("SLAM", ["SLAM", "NeRF"])


def test_source_tags_go_to_new_papers_only(library: Library) -> None:
    library.import_records([PaperRecord(title="Known paper")], "a")
    known = library.papers()[0].id
    library.add_tags([known], ["mine"])
    library.import_records(
        [
            PaperRecord(title="Known paper", tags=["Covid"]),
            PaperRecord(title="New paper", tags=["Covid", " Covid  subgroup "]),
        ],
        "groups.bib",
    )
    tags = {p.title: p.tags for p in library.papers()}
    assert tags["Known paper"] == ["mine"]
    assert sorted(tags["New paper"]) == ["Covid", "Covid subgroup"]


def test_a_jabref_library_arrives_with_its_groups_as_tags(library: Library) -> None:
    from tests.conftest import CORPUS

    report = library.import_path(CORPUS / "bibtex" / "jabref_library_156.bib")
    assert (report.new, report.duplicates, report.fuzzy_merges) == (156, 0, [])
    assert library.stats().tags == {"Covid": 40, "Covid subgroup": 110}


def test_a_digest_listing_papers_in_several_sections_keeps_each_section(
    library: Library,
) -> None:
    from collections import Counter

    from tests.conftest import CORPUS

    # 839 bullets in 6 sections: 772 papers, 57 of them listed in 2 to 4 sections.
    report = library.import_path(CORPUS / "markdown_lists" / "cv_arxiv_daily_bullets_2022-12-02.md")
    assert (report.new, report.duplicates) == (772, 67)
    assert "67 duplicates within the file" in report.details()
    papers = library.papers()
    counts = Counter(len(p.extra.get("sections", [p.extra["section"]])) for p in papers)
    assert counts == {1: 715, 2: 48, 3: 8, 4: 1}
    slam_and_nerf = next(p for p in papers if p.arxiv_id == "2211.11836")
    assert slam_and_nerf.extra["sections"] == ["SLAM", "SFM", "NeRF"]
