"""A digest dropped on the window: its worker reads only the rows of the papers it stored
or merged (never every row of the library again) and merges them into the list shown, in
its order (For you included); a paper merged into one already listed stays one row with
what the user gave it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl

from readinglist.core.library import Library
from readinglist.ui import for_you_imports
from readinglist.ui.for_you_apply import CANDIDATES, TOP_PICKS, ApplyJob, newest_day, top_candidates
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_rows
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from tests.conftest import CORPUS
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.test_main_window import drop
from tests.ui.user import WAIT_MS, focused, press, type_text
from tests.ui.windows import listing_window

TRAINING_MS = 120_000  # a training process on a busy machine
# holds one paper of the example digest (found by its title), and 49 others
SAME_PAPER_AGAIN = CORPUS / "plaintext_lists" / "title_pdf_summary_blocks_2024-06-21.txt"


def titles_again() -> set[str]:
    """The titles of ``SAME_PAPER_AGAIN``: papers the example digest also holds."""
    lines = SAME_PAPER_AGAIN.read_text().splitlines()
    return {line.removeprefix("Title: ").strip() for line in lines if line.startswith("Title: ")}


def _drop_file(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime)


def _shown(window: MainWindow) -> list:  # type: ignore[type-arg]
    return [window.model.row_at(r) for r in range(window.model.rowCount())]


def _imported(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: "new" in window.message.text() and window.imports.job is None,
                    timeout=WAIT_MS)  # fmt: skip


@pytest.fixture
def ranked(qtbot, library: Library) -> Iterator[MainWindow]:
    """A window on the small set whose reader starred ten vision papers, the learned
    ranking shown, sorted For you."""
    categories = import_small_set(library)
    with listing_window(qtbot, library, len(categories)) as window:
        for pid in sorted(p for p, c in categories.items() if c == VISION)[:10]:
            window.select_paper(pid)
            window.focus_list()
            press(window, Qt.Key.Key_S)
        for_you = window.for_you
        qtbot.waitUntil(lambda: for_you.mode == "learned" and not for_you.busy
                        and not for_you._timer.isActive(), timeout=TRAINING_MS)  # fmt: skip
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        press(window, Qt.Key.Key_Y, modifiers)  # Sort For You
        assert window.table.sort_order() == (PaperTableModel.SCORE, True)
        yield window


def test_a_digest_dropped_on_a_list_sorted_for_you_is_merged_into_it_in_that_order(
    qtbot, ranked: MainWindow, library: Library, example_digest: Path, full_reads: list[str]
) -> None:
    before = len(library.papers())
    full_reads.clear()
    _drop_file(ranked, example_digest)
    _imported(qtbot, ranked)
    for_you = ranked.for_you
    qtbot.waitUntil(lambda: not for_you.busy and not for_you.digests.waiting, timeout=WAIT_MS)
    assert full_reads == []  # the import read the rows of its digest, not every row
    rows = _shown(ranked)
    assert len(rows) == before + 114 == len(library.papers())
    assert all(row.score is not None for row in rows)  # the new papers' scores too
    again = library.rows()  # what a full re-read would show, in the list's order
    for row in again:
        row.score = for_you.scores.get(row.id)
    expected = sort_rows(again, PaperTableModel.SCORE, True)
    assert [row.id for row in rows] == [row.id for row in expected]
    assert ranked.table.sort_order() == (PaperTableModel.SCORE, True)


def test_an_import_merged_into_a_listed_paper_keeps_one_row_with_its_tag(
    qtbot, library: Library, example_digest: Path, full_reads: list[str]
) -> None:
    library.import_path(example_digest)
    again = titles_again()
    with listing_window(qtbot, library, 114) as window:
        paper_id = next(row.id for row in _shown(window) if row.title in again)
        window.select_paper(paper_id)
        press(window, Qt.Key.Key_T)
        assert focused(window) is window.detail.tag_edit
        type_text(window, "keep")
        press(window, Qt.Key.Key_Return)
        window.focus_list()
        listed = {row.id for row in _shown(window)}
        full_reads.clear()
        _drop_file(window, SAME_PAPER_AGAIN)
        _imported(qtbot, window)
        assert window.message.text().startswith("49 new, 1 merged")
        rows = _shown(window)
        ids = [row.id for row in rows]
        assert len(ids) == len(set(ids)) == len(listed) + 49 == len(library.papers())
        kept = [row for row in rows if row.id == paper_id]
        assert len(kept) == 1 and kept[0].tags == ["keep"]
        assert library.paper(paper_id).tags == ["keep"]
        added = [row.added for row in rows]  # newest first, as the list was sorted
        assert added == sorted(added, reverse=True)
        assert full_reads == []


def test_a_digest_dropped_on_a_ranked_list_gets_its_top_picks_without_a_walk_of_every_row(
    qtbot, ranked: MainWindow, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(for_you_imports, "ROWS_WAIT_SECONDS", 120)  # scores with the rows
    walked: list[int] = []  # rows each scoring job walked
    real_run = ApplyJob.run

    def run(job: ApplyJob) -> None:
        walked.append(len(job._rows))
        real_run(job)

    monkeypatch.setattr(ApplyJob, "run", run)
    _drop_file(ranked, example_digest)
    _imported(qtbot, ranked)
    for_you = ranked.for_you
    qtbot.waitUntil(lambda: not for_you.busy and not for_you.digests.waiting, timeout=WAIT_MS)
    assert walked == []  # the new rows came with their scores: no pass over every row
    rows = ranked.papers.rows
    assert all(row.score is not None for row in rows)
    day = newest_day(rows)  # the import's day: Top Picks are the new digest's best
    best = top_candidates(rows, for_you.scores, frozenset(for_you.dismissed), CANDIDATES, day)
    assert for_you.views.candidates == best  # as a walk of every row finds them
    assert for_you.views.top_ids == best[:TOP_PICKS]
    top = ranked.sidebars.model.index_for_filter(SidebarFilter("top"))
    assert top.data(SidebarModel.CountRole) == TOP_PICKS
    press(
        ranked,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: ranked.model.rowCount() == TOP_PICKS, timeout=WAIT_MS)
    assert {r.id for r in _shown(ranked)} == set(best[:TOP_PICKS])
