"""A fetch into a library the window already lists: the papers it brings again merge by
identity into the rows shown (no duplicate, the user's tags, notes and read mark kept), new
papers join the list in its order, and the fetch reads only the rows of the papers it
touched, never the whole library again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from readinglist.core.library import Library
from readinglist.domain.subscriptions import HF_DAILY
from readinglist.ui import subscriptions_controller
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.conftest import CORPUS
from tests.local_server import FeedScript, Reply, Request, serving
from tests.ui.user import WAIT_MS, click, focused, press, type_text
from tests.ui.windows import listing_window

START = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)
KNOWN_DAY = CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json"  # 17 papers
NEW_DAY = CORPUS / "hf_daily_json" / "hf_daily_2024-05-27_oldschema.json"


@dataclass
class HeldScript(FeedScript):
    """Answers only once ``gate`` is open (it is, unless a test closes it)."""

    gate: threading.Event = field(default_factory=threading.Event)
    asked: threading.Event = field(default_factory=threading.Event)

    def route(self, request: Request) -> Reply:
        self.asked.set()
        self.gate.wait(WAIT_MS / 1000)
        return super().route(request)


@pytest.fixture
def script() -> HeldScript:
    """Daily Papers of two days: one the library holds already, one it has never seen."""
    held = HeldScript(days={"2026-08-20": NEW_DAY, "2026-08-21": KNOWN_DAY})
    held.gate.set()
    return held


@pytest.fixture
def server(script: HeldScript, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serving(script) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        yield base


@pytest.fixture
def annotated(library: Library, example_digest: Path) -> int:
    """A library of the example digest and the known day; a paper of that day tagged,
    noted and read by the user. Its id."""
    library.import_path(example_digest)
    library.import_path(KNOWN_DAY)
    paper_id = max(p.id for p in library.papers())
    library.add_tags([paper_id], ["keep"])
    library.set_notes(paper_id, "Read the appendix first.")
    library.set_read([paper_id])
    library.subscriptions.subscribe("HF", HF_DAILY)
    return paper_id


def _shown(window: MainWindow) -> list:  # type: ignore[type-arg]
    return [window.model.row_at(r) for r in range(window.model.rowCount())]


def _fetch(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "new papers" in window.message.text(), timeout=WAIT_MS)
    window.pool.waitForDone()


@pytest.fixture
def window(
    qtbot, library: Library, annotated: int, server: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The window listing the library, its clock at START, no fetch until F5."""
    monkeypatch.setattr(subscriptions_controller, "START_DELAY_MS", 3_600_000)
    listed = len(library.papers())
    with listing_window(qtbot, library, listed) as win:
        win.feeds.timer.stop()
        win.feeds.clock = lambda: START
        yield win


def test_a_fetched_paper_already_listed_is_merged_and_keeps_what_the_user_gave_it(
    qtbot, window: MainWindow, library: Library, annotated: int, full_reads: list[str]
) -> None:
    before = {row.id for row in _shown(window)}
    _fetch(qtbot, window)
    new = len(library.papers()) - len(before)
    assert new > 0 and window.message.text() == f"Fetched 1 subscriptions: {new} new papers."
    rows = _shown(window)
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)) == len(before) + new  # the known day: no duplicate
    assert set(ids) == {p.id for p in library.papers()}
    kept = next(row for row in rows if row.id == annotated)
    assert kept.read and kept.tags == ["keep"]
    window.list.select_paper(annotated)
    assert window.detail.notes_edit.toPlainText() == "Read the appendix first."
    added = [row.added for row in rows]  # newest first, as the list was sorted
    assert added == sorted(added, reverse=True)
    assert {row.id for row in rows[:new]} == set(ids) - before  # the new papers on top
    assert full_reads == []  # the fetch read the rows it touched, not every row


def test_new_papers_take_their_place_in_a_list_sorted_by_title(
    qtbot, window: MainWindow, library: Library
) -> None:
    header = window.table.horizontalHeader()
    title = header.sectionViewportPosition(PaperTableModel.TITLE) + 5
    click(header.viewport(), QPoint(title, header.height() // 2))  # the Title header
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == PaperTableModel.TITLE,
                    timeout=WAIT_MS)  # fmt: skip
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    _fetch(qtbot, window)
    titles = [row.title.casefold() for row in _shown(window)]
    assert len(titles) == len(library.papers())
    assert titles == sorted(titles, reverse=descending)


def test_a_paper_tagged_while_the_fetch_runs_keeps_its_tag_when_the_fetch_is_shown(
    qtbot, window: MainWindow, library: Library, script: HeldScript
) -> None:
    """The fetch merged its papers into the list as it was when it began; the list changed
    meanwhile (a tag), so the window merges them into its list as it is now."""
    script.gate.clear()
    press(window, Qt.Key.Key_F5)
    qtbot.waitUntil(script.asked.is_set, timeout=WAIT_MS)  # the fetch waits for its answer
    press(window, Qt.Key.Key_End)  # the oldest paper: one of the example digest's
    paper_id = window.current_id()
    press(window, Qt.Key.Key_T)
    assert focused(window) is window.detail.tag_edit
    type_text(window, "later")
    press(window, Qt.Key.Key_Return)
    assert next(r for r in _shown(window) if r.id == paper_id).tags == ["later"]
    script.gate.set()
    qtbot.waitUntil(lambda: "new papers" in window.message.text(), timeout=WAIT_MS)
    rows = _shown(window)
    assert next(r for r in rows if r.id == paper_id).tags == ["later"]
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)) and set(ids) == {p.id for p in library.papers()}
    added = [row.added for row in rows]
    assert added == sorted(added, reverse=True)
