"""Dark mode switched on while the app runs: the detail pane's links take the new colours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import activate, is_seen

WAIT_MS = 15_000
NEW_LINK = QColor("#ff3030")  # unlike any link colour a default palette has


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    ris = tmp_path / "one.ris"
    ris.write_text("TY  - JOUR\nTI  - A paper with a DOI\nDO  - 10.1000/xyz123\nER  - \n")
    library.import_path(ris)
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


@pytest.fixture
def app_palette() -> Iterator[QApplication]:
    """The application, its palette put back after the test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    yield app
    app.setPalette(before)


def pixels_of(label: QLabel, colour: QColor) -> int:
    """How many pixels of ``label`` as rendered are close to ``colour``."""
    image = label.grab().toImage()
    count = 0
    for x in range(image.width()):
        for y in range(image.height()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) < 40
                and abs(pixel.green() - colour.green()) < 40
                and abs(pixel.blue() - colour.blue()) < 40
            ):
                count += 1
    return count


def test_links_follow_a_palette_changed_while_the_app_runs(
    qtbot, window: MainWindow, app_palette: QApplication
) -> None:
    qtbot.waitUntil(lambda: window.detail.current_paper_id() is not None, timeout=WAIT_MS)
    links = [label for label in window.detail.findChildren(QLabel, "paperLink") if is_seen(label)]
    assert links, "the shown paper has links"
    assert pixels_of(links[0], NEW_LINK) == 0

    dark = QPalette(app_palette.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Link, NEW_LINK)
    app_palette.setPalette(dark)  # what the system does when it switches to dark mode
    qtbot.waitUntil(lambda: pixels_of(links[0], NEW_LINK) > 20, timeout=WAIT_MS)
