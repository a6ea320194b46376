"""The first thing a new user sees: the empty library's page, whole at every window size,
and Ctrl+V importing the digest text copied, as the page says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import WAIT_MS, activate, is_seen, press


@pytest.mark.parametrize("size", [(800, 500), (1024, 700), (1280, 800), (1920, 1080)])
def test_the_first_run_page_shows_all_its_text(
    qtbot, library: Library, example_digest: Path, size: tuple[int, int]
) -> None:
    window = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(window)
    window.resize(*size)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.empty_state.isVisible())
    labels = window.empty_state.findChildren(QLabel)
    text = next(label for label in labels if label.text().startswith("Drop a digest"))
    assert is_seen(text)
    assert text.height() >= text.heightForWidth(text.width())  # no line cut off
    assert text.visibleRegion().boundingRect() == text.rect()  # nor hidden by its parent
    for button in window.empty_state.findChildren(QPushButton):
        assert is_seen(button)
        assert not button.geometry().intersects(text.geometry())
    window.close()


def test_ctrl_v_on_the_first_run_page_imports_the_copied_digest(
    qtbot, window: MainWindow, example_digest: Path
) -> None:
    """The page says "paste digest text with Ctrl+V": the keys were in the search field,
    which took the text for a search, and nothing was imported."""
    qtbot.waitUntil(lambda: window.empty_state.isVisible())
    QApplication.clipboard().setText(example_digest.read_text(encoding="utf-8"))
    press(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert window.search.text() == ""
    assert is_seen(window.table)
    first = window.current_id()
    press(window, Qt.Key.Key_J)  # the keys are on the list now: J moves, not types
    assert window.search.text() == ""
    assert window.current_id() not in (None, first)
