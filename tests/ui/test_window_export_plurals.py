"""The Export dialog and its message count papers in English: one paper selected is "The 1
paper selected" and "Exported 1 paper to …" (they said "The 1 selected papers" and
"Exported 1 papers"). Driven by keys: Ctrl+E, Tab to the papers, End, Enter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from readinglist.ui.export_dialog import ExportDialog
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_export import when_dialog
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key


def test_exporting_the_one_selected_paper_says_one_paper(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    chosen = window.current_id()
    target = tmp_path / "one.md"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    seen: dict[str, list[str]] = {}

    def choose_the_selection_and_save(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        seen["papers"] = [dialog.scope.itemText(n) for n in range(dialog.scope.count())]
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)  # format -> papers
        assert QApplication.focusWidget() is dialog.scope
        QTest.keyClick(dialog.scope, Key.Key_End)  # the selected papers
        QTest.keyClick(dialog.scope, Key.Key_Return)  # Save

    when_dialog(ExportDialog, choose_the_selection_and_save)
    press(window, Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.message.text().startswith("Exported"), timeout=WAIT_MS)
    assert seen["papers"] == ["All papers", "The 114 papers in the list", "The 1 paper selected"]
    assert window.message.text() == f"Exported 1 paper to {target}"
    written = target.read_text(encoding="utf-8")
    assert window.library.paper(chosen).title in written
    assert window.model.row_at(0).title not in written
