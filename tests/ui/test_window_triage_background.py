"""Space on 5,000 selected papers: the rows show the mark at once and the library is
written in the background (the window keeps answering); Ctrl+Z pressed meanwhile waits its
turn; a write that fails puts the rows back and says why in the status bar."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import LibraryBusyError
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_sidebar_counts import entries, fresh_count
from tests.ui.test_window_triage_many import bold_rows
from tests.ui.user import WAIT_MS, press
from tests.ui.windows import library_copy, listing_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
PAPERS = 5000


@pytest.fixture(scope="module")
def five_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of 5,000 papers with its search index built, made once for the module."""
    folder = tmp_path_factory.mktemp("five-thousand") / "library"
    records = [
        PaperRecord(title=f"Study {n} of triage at scale", arxiv_id=f"2401.{n:05d}")
        for n in range(PAPERS)
    ]
    with Library.open(folder) as library:
        library.import_records(records, "five thousand")
        library.reindex()
    return folder


@pytest.fixture
def library(data_dir: Path, five_thousand: Path) -> Iterator[Library]:
    with library_copy(five_thousand, data_dir) as copy:
        yield copy


@pytest.fixture
def window(qtbot, library: Library) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with listing_window(qtbot, library, PAPERS) as win:
        yield win


@pytest.fixture
def held_write(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Writing marks waits until the test lets it go (at most WAIT_MS: on a window that
    writes on its GUI thread the test fails instead of hanging)."""
    release = threading.Event()
    real = Library.turn_flag

    def held(self: Library, ids: object, flag: str, value: bool) -> list[int]:
        release.wait(WAIT_MS / 1000)
        return real(self, ids, flag, value)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "turn_flag", held)
    yield release
    release.set()


def read_in_library(window: MainWindow) -> int:
    with Library.open(window.library.directory) as library:
        return library.stats().read


def test_space_on_5000_papers_shows_them_read_at_once_and_writes_in_the_background(
    qtbot, window: MainWindow, held_write: threading.Event
) -> None:
    press(window, Key.Key_A, CTRL)
    assert len(window.selected_ids()) == PAPERS
    press(window, Key.Key_Space)
    assert window.message.text() == f"Marked {PAPERS:,} papers read"
    assert bold_rows(window) == 0  # every row shows read at once
    assert window.detail.header.read_button.isChecked()
    assert read_in_library(window) == 0  # while the library is still being written
    press(window, Key.Key_Z, CTRL)  # pressed during the write: waits for it
    assert window.message.text() == "Waiting for the step running…"
    assert bold_rows(window) == 0

    held_write.set()
    qtbot.waitUntil(lambda: bold_rows(window) == PAPERS, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.edits.busy, timeout=WAIT_MS)
    assert read_in_library(window) == 0  # written, then undone, in that order
    assert window.message.text() == f"Undone: Mark Read ({PAPERS} Papers)"
    assert window.edits.stack.redoText() == f"Mark Read ({PAPERS} Papers)"
    assert entries(window.sidebar_model) == fresh_count(window.library.directory)

    press(window, Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert bold_rows(window) == 0
    qtbot.waitUntil(lambda: read_in_library(window) == PAPERS, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: entries(window.sidebar_model)["Read"] == str(PAPERS))
    assert entries(window.sidebar_model) == fresh_count(window.library.directory)
    press(window, Key.Key_Z, CTRL)
    assert bold_rows(window) == PAPERS  # the undo shows at once too
    qtbot.waitUntil(lambda: read_in_library(window) == 0, timeout=WAIT_MS)


def test_a_failed_write_puts_the_rows_back_and_says_why(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    press(window, Key.Key_S)  # one paper starred before: it stays starred
    starred = window.current_id()
    assert window.edits.stack.undoText() == "Star"
    release = threading.Event()

    def refused(self: Library, ids: object, flag: str, value: bool) -> list[int]:
        release.wait(WAIT_MS / 1000)
        raise LibraryBusyError("the library is busy (another program is writing to it)")

    monkeypatch.setattr(Library, "turn_flag", refused)
    press(window, Key.Key_J)  # the paper shown: one not starred
    press(window, Key.Key_A, CTRL)
    press(window, Key.Key_S)
    assert window.message.text() == f"Starred {PAPERS:,} papers"
    assert all(window.model.row_at(n).starred for n in range(PAPERS))  # at once
    assert window.detail.header.star_button.isChecked()
    assert window.edits.stack.undoText() == f"Star ({PAPERS} Papers)"
    release.set()
    qtbot.waitUntil(lambda: "busy" in window.message.text(), timeout=WAIT_MS)
    assert window.message.text() == (
        "Not saved: the library is busy (another program is writing to it)"
    )
    shown = [window.model.row_at(n).id for n in range(PAPERS) if window.model.row_at(n).starred]
    assert shown == [starred]  # the rows as they were
    assert not window.detail.header.star_button.isChecked()
    assert window.edits.stack.undoText() == "Star"  # the failed change left the stack
    assert entries(window.sidebar_model)["Starred"] == "1"
