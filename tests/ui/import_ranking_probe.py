"""Run by ``test_window_for_you_process.py`` in a Python process of its own (its test
process has scikit-learn loaded by other tests): opens the window offscreen on a library
whose reader starred some papers, waits for the learned ranking, sorts For you, drops a
digest file on the window and waits until the new papers show a score; then prints, as
JSON, the new papers' places in the list (best first) with their score bars, whether the
list is seen, and whether this process ever imported scikit-learn.

    python tests/ui/import_ranking_probe.py LIBRARY_DIR SETTINGS_DIR DIGEST_FILE
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402
from tests.conftest import drag_enter_event  # noqa: E402
from tests.ui.probe_wait import answer_and_close, wait_until  # noqa: E402
from tests.ui.user import is_seen, press  # noqa: E402


def drop_file(window: MainWindow, path: Path) -> None:
    """Drag a file from a file manager onto the window and let go."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = drag_enter_event(mime, 200, 200)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, drop)


def main(library_dir: Path, settings_dir: Path, digest: Path) -> dict[str, object]:
    logging.basicConfig(level=logging.INFO)  # on stderr: what the test shows when it fails
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    app = QApplication([])
    library = Library.open(library_dir)
    before = {p.id for p in library.papers()}
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    wait_until(app, lambda: QApplication.activeWindow() is window)
    for_you = window.for_you
    wait_until(app, lambda: for_you.mode == "learned" and not for_you.busy)
    press(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    drop_file(window, digest)
    model = window.model

    def new_rows() -> list[tuple[str, object]]:
        rows = (model.row_at(n) for n in range(model.rowCount()))
        return [
            (row.title, model.index(n, PaperTableModel.SCORE).data())
            for n, row in enumerate(rows)
            if row.id not in before
        ]

    wait_until(
        app,
        lambda: (
            window.imports.job is None
            and bool(new_rows())
            and all(bar not in (None, "") for _, bar in new_rows())
            and not for_you.busy
        ),
    )
    return answer_and_close(window, library, new=new_rows(), seen=is_seen(window.table))


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))))
