"""Completing papers (issue 20) against scripted services on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import DigestNotFoundError, PaperNotFoundError
from tests.local_server import FakeClock, Script, Work, serving, settings_for


def _example_works(library: Library) -> tuple[str, list[Work]]:
    """The example digest's day and, for each of its papers, what the service knows."""
    (digest,) = library.digests()
    assert digest.date
    papers = library.papers()
    works = [
        Work(
            title=paper.title,
            authors=[f"Author{n} Lastname{n}", "Shared Coauthor"],
            arxiv_id=f"2509.{n:05d}",
        )
        for n, paper in enumerate(sorted(papers, key=lambda p: p.id))
    ]
    return digest.date, works


def test_the_example_digest_is_completed_from_its_day_in_one_request(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    day, works = _example_works(library)
    assert len(works) == 114
    assert all(not p.arxiv_id and not p.authors for p in library.papers())
    script = Script(days={day: works})
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
    assert report.counts()["filled"] == 114, report.summary()
    assert script.requests == [f"/api/daily_papers?date={day}"]
    by_title = {w.title: w for w in works}
    for paper in library.papers():
        work = by_title[paper.title]
        assert paper.arxiv_id == work.arxiv_id
        assert paper.authors == work.authors
        assert paper.url == f"https://arxiv.org/abs/{work.arxiv_id}"
        assert paper.published == "2025-09-08"
        assert paper.extra["filled_from"]["arxiv_id"] == f"Hugging Face Daily Papers {day}"
    assert library.search(works[3].arxiv_id or "").total >= 0  # the index still answers


def test_a_title_search_on_arxiv_fills_the_paper_and_waits_3_s_between_requests(
    library: Library,
) -> None:
    library.import_records(
        [PaperRecord(title="Sparse Widgets for Dense Gadgets"), PaperRecord(title="Another One")],
        "notes.txt",
    )
    clock = FakeClock()
    script = Script(
        arxiv=[
            Work("Sparse Widgets for Dense Gadgets", ["Ada Lovelace"], "2501.00001"),
            Work("Another One", ["Alan Turing"], "2501.00002"),
        ]
    )
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base, clock))
    assert [r.status for r in report.results] == ["filled", "filled"]
    assert all("ti%3A%22" in path for path in script.requests)
    assert clock.slept == [pytest.approx(3.0)]
    paper = next(p for p in library.papers() if p.title.startswith("Sparse"))
    assert (paper.arxiv_id, paper.authors) == ("2501.00001", ["Ada Lovelace"])
    assert paper.extra["filled_from"]["authors"] == "arXiv"


def test_openalex_completes_what_arxiv_does_not_know(library: Library) -> None:
    library.import_records([PaperRecord(title="A Journal Paper Never on arXiv")], "x.txt")
    script = Script(
        openalex=[Work("A Journal Paper Never on arXiv", ["Grace Hopper"], doi="10.1234/abc")]
    )
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
    (result,) = report.results
    assert result.status == "filled" and result.fields["doi"] == "OpenAlex"
    (paper,) = library.papers()
    assert paper.doi == "10.1234/abc" and paper.authors == ["Grace Hopper"]


def test_a_miss_is_reported_and_a_second_run_asks_nothing(library: Library) -> None:
    library.import_records([PaperRecord(title="Nobody Ever Wrote This")], "x.txt")
    script = Script()
    with serving(script) as base:
        first = library.enrich(settings=settings_for(base))
        asked = len(script.requests)
        second = library.enrich(settings=settings_for(base))
    assert [r.status for r in first.results] == ["not found"]
    assert asked == 2 and first.requests == 2  # arXiv, then OpenAlex
    assert len(script.requests) == asked and second.requests == 0
    assert second.cache_hits == 2 and [r.status for r in second.results] == ["not found"]


def test_two_candidates_with_the_same_title_are_reported_never_applied(library: Library) -> None:
    library.import_records([PaperRecord(title="Attention Is Enough")], "x.txt")
    script = Script(
        arxiv=[
            Work("Attention Is Enough", ["Ann Smith"], "2501.00010"),
            Work("Attention is enough", ["Bob Jones"], "2501.00020"),
        ]
    )
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
    (result,) = report.results
    assert result.status == "ambiguous"
    assert "2501.00010" in result.message and "2501.00020" in result.message
    (paper,) = library.papers()
    assert paper.arxiv_id is None and paper.authors == []


def test_a_near_title_or_disagreeing_authors_are_weak_and_not_applied(library: Library) -> None:
    library.import_records(
        [
            PaperRecord(title="Learning Robust Policies From Pixels Quickly"),
            PaperRecord(title="Graph Things", authors=["Carol King"]),
        ],
        "x.txt",
    )
    script = Script(
        arxiv=[Work("Graph Things", ["Dan Brown"], "2501.00040")],
        openalex=[Work("Learning Robust Policies From Pixel Quickly", ["X Y"], "2501.00030")],
    )
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
    assert [r.status for r in report.results] == ["weak", "weak"]
    assert all(p.arxiv_id is None for p in library.papers())


def test_only_empty_fields_are_filled_and_annotations_are_untouched(library: Library) -> None:
    library.import_records(
        [
            PaperRecord(
                title="Kept Title", abstract="The user's own abstract.", authors=["Ann Smith"]
            )
        ],
        "x.txt",
    )
    (paper,) = library.papers()
    library.add_tags([paper.id], ["mine"])
    library.set_notes(paper.id, "my note")
    library.set_starred([paper.id])
    service = Work("KEPT TITLE", ["Ann Smith", "Someone Else"], "2501.00060", summary="Other.")
    with serving(Script(arxiv=[service])) as base:
        report = library.enrich([paper.id], settings=settings_for(base))
    assert report.results[0].status == "filled"
    after = library.paper(paper.id)
    assert after.title == "Kept Title" and after.abstract == "The user's own abstract."
    assert after.authors == ["Ann Smith"]
    assert (after.tags, after.notes, after.starred, after.read) == (
        ["mine"],
        "my note",
        True,
        False,
    )
    assert after.arxiv_id == "2501.00060"
    assert set(after.extra["filled_from"]) == {"arxiv_id", "published", "url"}


def test_undo_restores_the_papers_and_keeps_what_the_user_did_since(library: Library) -> None:
    library.import_records(
        [PaperRecord(title="First Paper Title"), PaperRecord(title="Second Paper Title")], "x.txt"
    )
    before = {p.id: p.to_json() for p in library.papers()}
    script = Script(
        arxiv=[
            Work("First Paper Title", ["Ann Smith"], "2501.00070"),
            Work("Second Paper Title", ["Bob Jones"], "2501.00080"),
        ]
    )
    with serving(script) as base:
        library.enrich(settings=settings_for(base))
    first = next(p for p in library.papers() if p.title.startswith("First"))
    library.set_notes(first.id, "written after the enrichment")
    later = PaperRecord(title="First Paper Title", doi="10.5555/later", extra={"section": "L"})
    assert library.import_records([later], "later.txt").merged == 1
    assert library.undo_enrichment() == 2
    for paper in library.papers():
        expected = dict(before[paper.id])
        if paper.id == first.id:
            expected["notes"] = "written after the enrichment"
            expected["doi"] = "10.5555/later"
            expected["key"] = "doi:10.5555/later"
            expected["extra"] = {"section": "L"}
            expected["digests"] = library.paper(first.id).digests
            assert len(expected["digests"]) == 2
        assert paper.to_json() == expected
    assert library.undo_enrichment() == 0  # nothing left to undo


def test_a_paper_gaining_an_id_another_paper_has_is_merged_keeping_annotations(
    library: Library,
) -> None:
    library.import_records(
        [PaperRecord(title="Old Name of the Paper", arxiv_id="2501.00090", authors=["Ann Smith"])],
        "feed.xml",
    )
    library.import_records([PaperRecord(title="New Name of the Paper")], "digest.txt")
    holder, plain = sorted(library.papers(), key=lambda p: p.id)
    library.add_tags([plain.id], ["to-read"])
    library.set_notes(plain.id, "note on the digest's copy")
    library.set_starred([plain.id])
    script = Script(arxiv=[Work("New Name of the Paper", ["Ann Smith"], "2501.00090")])
    with serving(script) as base:
        report = library.enrich([plain.id], settings=settings_for(base))
    (result,) = report.results
    assert result.status == "merged" and result.merged_into == holder.id
    (merged,) = library.papers()
    assert merged.id == holder.id and merged.title == "Old Name of the Paper"
    assert merged.tags == ["to-read"] and merged.starred
    assert merged.notes == "note on the digest's copy"
    assert sorted(merged.digests) == sorted(holder.digests + plain.digests)
    library.add_tags([holder.id], ["tagged-after"])
    assert library.undo_enrichment() == 2
    restored = {p.id: p for p in library.papers()}
    assert restored[plain.id].to_json() == plain.to_json() | {
        "tags": ["to-read"],
        "notes": "note on the digest's copy",
        "starred": True,
    }
    assert restored[holder.id].tags == ["tagged-after", "to-read"]  # changed since: kept
    assert not restored[holder.id].starred and restored[holder.id].notes == ""
    assert restored[holder.id].digests == holder.digests
    assert restored[holder.id].arxiv_id == "2501.00090" and restored[holder.id].url == holder.url


def test_unknown_ids_are_errors(library: Library) -> None:
    with pytest.raises(PaperNotFoundError):
        library.enrich([42])
    with pytest.raises(DigestNotFoundError):
        library.enrich(digest_id=7)


def test_progress_is_reported_and_returning_false_cancels(library: Library) -> None:
    titles = [f"Cancellable Paper {n}" for n in range(5)]
    library.import_records([PaperRecord(title=t) for t in titles], "x.txt")
    script = Script(arxiv=[Work(t, ["Ann Smith"], f"2504.{n:05d}") for n, t in enumerate(titles)])
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 2

    with serving(script) as base:
        report = library.enrich(settings=settings_for(base), progress=progress)
    assert report.cancelled and calls == [(0, 5), (1, 5), (2, 5)]
    assert [r.status for r in report.results] == ["filled", "filled"]
    assert sum(1 for p in library.papers() if p.arxiv_id) == 2
    assert report.summary().endswith("; cancelled")


def test_todays_daily_papers_list_is_asked_again_a_past_days_is_not(library: Library) -> None:
    from datetime import UTC, datetime

    from readinglist.domain.entities import ParsedDigest

    today = datetime.now(UTC).date().isoformat()
    for day in (today, "2025-09-09"):
        records = [PaperRecord(title=f"Paper Featured On {day}")]
        digest = ParsedDigest(format="hf-daily-text", records=records, date=day)
        library.import_parsed(digest, f"{day}.txt", day)
    script = Script()  # both days empty, and arXiv and OpenAlex know nothing
    with serving(script) as base:
        library.enrich(settings=settings_for(base))
        library.enrich(settings=settings_for(base))
    asked = [path for path in script.requests if path.startswith("/api/daily_papers")]
    assert sorted(asked) == sorted(
        [f"/api/daily_papers?date={today}"] * 2 + ["/api/daily_papers?date=2025-09-09"]
    )


def test_answers_older_than_30_days_are_asked_again_and_dropped(library: Library) -> None:
    library.import_records([PaperRecord(title="Nobody Ever Wrote This")], "x.txt")
    script = Script()
    with serving(script) as base:
        library.enrich(settings=settings_for(base))
        conn = library._db.connection
        conn.execute("INSERT INTO enrich_cache VALUES ('http://old.invalid/', '[]', '2000-01-01')")
        conn.execute("UPDATE enrich_cache SET fetched_at = '2001-01-01T00:00:00.000Z'")
        again = library.enrich(settings=settings_for(base))
    assert again.requests == 2 and again.cache_hits == 0
    urls = [row[0] for row in conn.execute("SELECT url FROM enrich_cache")]
    assert len(urls) == 2 and "http://old.invalid/" not in urls
