"""Undo and redo of a triage key on several papers keep the papers selected: the same rows
stay selected and the cursor stays where it was, so the next key acts on them again, also
when the list is a search's results (shown again after each change)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press, type_text

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def highlighted_rows(window: MainWindow) -> list[int]:
    """The rows drawn selected in the list, top to bottom."""
    return sorted({index.row() for index in window.table.selectionModel().selectedIndexes()})


def _answered_again(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The search answers again and the list shows its answer, as after every catch-up
    of the index (answers come in order: every earlier one has been shown too)."""
    with qtbot.waitSignal(window.searching.results, timeout=WAIT_MS):
        window.searching.ask_again()


def test_space_then_ctrl_z_and_redo_on_three_search_results_keep_the_three_selected(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.search.setFocus()
    type_text(window, "learning")
    press(window, Key.Key_Return)  # back to the list, the search applied
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 114, timeout=WAIT_MS)
    _answered_again(qtbot, window)
    for _ in range(2):
        press(window, Key.Key_J)
    for _ in range(2):
        press(window, Key.Key_Down, SHIFT)
    chosen = window.selected_ids()
    rows, current = highlighted_rows(window), window.current_id()
    assert rows == [2, 3, 4] and current == chosen[-1]

    press(window, Key.Key_Space)
    qtbot.waitUntil(lambda: all(window.library.paper(p).read for p in chosen), timeout=WAIT_MS)
    _answered_again(qtbot, window)
    assert highlighted_rows(window) == rows

    press(window, Key.Key_Z, CTRL)
    assert window.message.text() == "Undone: Mark Read (3 Papers)"
    _answered_again(qtbot, window)
    assert not any(window.library.paper(p).read for p in chosen)
    assert highlighted_rows(window) == rows
    assert window.current_id() == current

    press(window, Key.Key_Z, CTRL | SHIFT)
    assert window.message.text() == "Redone: Mark Read (3 Papers)"
    _answered_again(qtbot, window)
    assert all(window.library.paper(p).read for p in chosen)
    assert highlighted_rows(window) == rows
    assert window.current_id() == current

    press(window, Key.Key_S)  # the next key acts on the same three papers
    assert window.message.text() == "Starred 3 papers"
    assert sorted(p.id for p in window.library.papers() if p.starred) == sorted(chosen)


def test_a_click_on_a_column_header_keeps_the_selected_papers_selected(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    for _ in range(3):
        press(window, Key.Key_Down, SHIFT)
    chosen, current = window.selected_ids(), window.current_id()
    header = window.table.horizontalHeader()
    header.setSortIndicator(window.model.TITLE, Qt.SortOrder.AscendingOrder)  # what a click does
    assert window.sort_order() == (window.model.TITLE, False)
    assert sorted(window.selected_ids()) == sorted(chosen)
    assert window.current_id() == current
    assert len(highlighted_rows(window)) == 4


def _many_papers(path: Path, count: int) -> Path:
    path.write_text(
        "\n".join(
            f"@article{{many{n},\n  title = {{Survey {n} of heron{n} flight}},\n"
            f"  author = {{Ann Author}},\n  year = {{2024}}\n}}\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )
    return path


def _indexed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The "Indexing N papers…" note came and went, and the list was shown again."""
    qtbot.waitUntil(lambda: not window.indexing.catching_up.isVisible(), timeout=WAIT_MS * 4)
    _answered_again(qtbot, window)


def test_space_and_ctrl_z_on_hundreds_of_papers_keep_them_selected_after_indexing(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """More changed papers than a search overlays are written to the index, and the list
    is shown again when that is done: the selection survives it."""
    drop_paths(window, _many_papers(tmp_path / "many.bib", 620))
    qtbot.waitUntil(lambda: "620 new" in window.message.text(), timeout=WAIT_MS * 4)
    _indexed(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    press(window, Key.Key_End, SHIFT)
    chosen, current = window.selected_ids(), window.current_id()
    assert len(chosen) == 619 and highlighted_rows(window) == list(range(1, 620))

    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 619 papers read"
    _indexed(qtbot, window)
    assert highlighted_rows(window) == list(range(1, 620))
    press(window, Key.Key_Z, CTRL)  # 619 marks: turned back in the background
    qtbot.waitUntil(
        lambda: window.message.text() == "Undone: Mark Read (619 Papers)", timeout=WAIT_MS
    )
    _indexed(qtbot, window)
    assert highlighted_rows(window) == list(range(1, 620))
    assert window.current_id() == current
    assert window.library.stats().read == 0
