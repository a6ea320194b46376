"""File > Export… the way a person does it: Ctrl+E, Save in the dialog, a file name in the
file dialog; the status bar then says what happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QPushButton, QWidget

from readinglist.ui.export_dialog import ExportDialog
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, click, is_seen, press

Key = Qt.Key


def when_dialog(kind: type, answer: Callable[[QWidget], None]) -> None:
    """Answer the next modal dialog of ``kind`` as soon as it is up."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            timer.stop()
            answer(dialog)

    timer = QTimer(QApplication.instance())
    timer.timeout.connect(check)
    timer.start(20)


def export_to(qtbot, window: MainWindow, target: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+E, BibTeX, Save, then the file name."""
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )

    def choose_bibtex_and_save(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentIndex(dialog.format.findData("bibtex"))
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        click(save)

    when_dialog(ExportDialog, choose_bibtex_and_save)
    press(window, Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def show_button(window: MainWindow) -> QPushButton:
    return next(b for b in window.statusBar().findChildren(QPushButton) if b.text() == "Show")


def test_export_ends_with_what_was_written_and_where(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    open_example(qtbot, window)
    target = tmp_path / "out" / "list.bib"
    target.parent.mkdir()  # a file dialog offers folders that exist
    export_to(qtbot, window, target, monkeypatch)
    qtbot.waitUntil(lambda: "Exporting" not in window.message.text(), timeout=WAIT_MS)
    assert window.message.text() == f"Exported 114 papers to {target}"
    assert is_seen(window.message)
    assert target.read_text(encoding="utf-8").count("\n@") == 114
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    button = show_button(window)
    assert is_seen(button)
    click(button)
    assert opened == [QUrl.fromLocalFile(str(target.parent))]


def test_a_failed_export_says_why(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    open_example(qtbot, window)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("in the way", encoding="utf-8")
    export_to(qtbot, window, not_a_folder / "list.bib", monkeypatch)
    qtbot.waitUntil(lambda: "Exporting" not in window.message.text(), timeout=WAIT_MS)
    assert window.message.text().startswith("Export failed: ")
    assert "cannot write here" in window.message.text()
    assert is_seen(window.message)
    assert not show_button(window).isVisible()
    assert not_a_folder.read_text(encoding="utf-8") == "in the way"
