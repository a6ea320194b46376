"""Completing papers when the services misbehave, and when the process is killed midway."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from tests.conftest import PROJECT_ROOT
from tests.local_server import Script, Work, serving, settings_for

TITLE = "Robust Widgets Under Pressure"
WORK = Work(TITLE, ["Ann Smith"], "2502.00001")


def _one_paper(library: Library) -> int:
    library.import_records([PaperRecord(title=TITLE)], "x.txt")
    (paper,) = library.papers()
    return paper.id


def _untouched(library: Library, paper_id: int) -> None:
    paper = library.paper(paper_id)
    assert (paper.arxiv_id, paper.authors, paper.url, paper.published) == (None, [], None, None)
    assert "filled_from" not in paper.extra


def test_a_server_error_is_reported_per_paper_and_never_cached(library: Library) -> None:
    paper_id = _one_paper(library)
    script = Script(arxiv=[WORK], status=500)
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
        (result,) = report.results
        assert result.status == "error" and "500" in result.message
        _untouched(library, paper_id)
        script.status = 200
        again = library.enrich(settings=settings_for(base))
    assert again.requests == 1 and again.results[0].status == "filled"


def test_a_server_that_never_answers_times_out(library: Library) -> None:
    paper_id = _one_paper(library)
    script = Script(arxiv=[WORK], delay=3.0)
    with serving(script) as base:
        started = time.monotonic()
        report = library.enrich(settings=settings_for(base, timeout=0.5))
        elapsed = time.monotonic() - started
    (result,) = report.results
    assert result.status == "error" and "timed out" in result.message
    assert elapsed < 2.9  # both services gave up at their deadline, not at the answer
    _untouched(library, paper_id)


def test_a_byte_at_a_time_answer_cannot_outlive_the_deadline(library: Library) -> None:
    paper_id = _one_paper(library)
    script = Script(arxiv=[WORK], drip=0.05)
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base, timeout=0.5))
    assert report.results[0].status == "error"
    assert "timed out" in report.results[0].message
    _untouched(library, paper_id)


def test_a_slow_server_within_the_deadline_still_completes(library: Library) -> None:
    _one_paper(library)
    script = Script(arxiv=[WORK], delay=0.3)
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base, timeout=5.0))
    assert report.results[0].status == "filled"


@pytest.mark.parametrize(
    "body",
    [b"<html>Service unavailable</html>", b"\xff\xfe garbage", b'{"results": 5}', b"[1, 2]"],
)
def test_an_unreadable_answer_is_an_error_not_a_guess(library: Library, body: bytes) -> None:
    paper_id = _one_paper(library)
    script = Script(body=body)
    with serving(script) as base:
        report = library.enrich(settings=settings_for(base))
        (result,) = report.results
        assert result.status == "error", result
        _untouched(library, paper_id)
        again = library.enrich(settings=settings_for(base))
    assert again.cache_hits == 0  # nothing unreadable was kept


def test_a_daily_papers_day_that_fails_falls_back_to_arxiv(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    first = min(library.papers(), key=lambda p: p.id)
    script = Script(arxiv=[Work(first.title, ["Ann Smith"], "2502.00002")])
    with serving(script) as base:
        report = library.enrich([first.id], settings=settings_for(base))
    assert report.results[0].status == "filled"
    assert report.results[0].fields["arxiv_id"] == "arXiv"
    assert script.requests[0].startswith("/api/daily_papers?date=")


_KILLED_RUN = """
import sys
from readinglist.core.enrich_http import EnrichSettings
from readinglist.core.library import Library
base = sys.argv[2]
settings = EnrichSettings(hf_url=base, arxiv_url=base + "/api/query", openalex_url=base,
                          arxiv_interval=0.0)
with Library.open(sys.argv[1]) as library:
    library.enrich(settings=settings)
"""


def test_a_killed_enrichment_leaves_every_paper_whole_and_undoable(data_dir: Path) -> None:
    titles = [f"Paper Number {n} About Widgets" for n in range(60)]
    with Library.open(data_dir) as library:
        library.import_records([PaperRecord(title=t) for t in titles], "x.txt")
        before = {p.id: p.to_json() for p in library.papers()}
    works = [Work(t, [f"Author {n}"], f"2503.{n:05d}") for n, t in enumerate(titles)]
    script = Script(arxiv=works, delay=0.02)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with serving(script) as base:
        child = subprocess.Popen(
            [sys.executable, "-c", _KILLED_RUN, str(data_dir), base], env=env, cwd=PROJECT_ROOT
        )
        deadline = time.monotonic() + 60
        while len(script.requests) < 15 and time.monotonic() < deadline:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert 15 <= len(script.requests) < 60
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Library.open(data_dir) as library:
        papers = library.papers()
        filled = [p for p in papers if p.arxiv_id]
        for paper in papers:
            whole = bool(paper.arxiv_id and paper.authors and paper.url and paper.published)
            assert whole or paper.to_json() == before[paper.id]
        assert 1 <= len(filled) < 60
        assert library.undo_enrichment() == len(filled)
        assert {p.id: p.to_json() for p in library.papers()} == before


def test_the_command_line_prints_each_paper_and_a_summary(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(data_dir) as library:
        library.import_records([PaperRecord(title=TITLE), PaperRecord(title="Unknown")], "x.txt")
    with serving(Script(arxiv=[WORK])) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        monkeypatch.setenv("READINGLIST_ARXIV_API_URL", f"{base}/api/query")
        monkeypatch.setenv("READINGLIST_OPENALEX_URL", base)
        assert main(["enrich", "--all"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split("\t")[:2] == ["1", "filled"]
        assert lines[1].split("\t")[:2] == ["2", "not found"]
        assert lines[-1].startswith("1 filled, 1 not found (")
        assert main(["enrich", "--all", "--json"]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed["requests"] == 0 and printed["counts"]["not found"] == 1
    assert main(["enrich", "--undo"]) == 0
    assert capsys.readouterr().out == "restored 1 papers\n"
    assert main(["enrich", "--undo"]) == 0
    assert capsys.readouterr().out == "nothing to undo\n"
    assert main(["enrich", "99"]) == 1
    assert "readinglist: error: no paper with id 99" in capsys.readouterr().err


def test_a_backup_holding_answers_and_a_journal_restores_and_still_undoes(
    library: Library, tmp_path: Path
) -> None:
    paper_id = _one_paper(library)
    with serving(Script(arxiv=[WORK])) as base:
        library.enrich(settings=settings_for(base))
    saved = library.backup(tmp_path / "copy.sqlite3")
    library.restore(saved)  # the backup checker accepts the cache and the journal
    assert library.paper(paper_id).arxiv_id == WORK.arxiv_id
    assert library.undo_enrichment() == 1
    _untouched(library, paper_id)
