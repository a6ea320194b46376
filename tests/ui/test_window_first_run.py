"""The first thing a new user sees: the empty library's page, whole at every window size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import activate, is_seen


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
