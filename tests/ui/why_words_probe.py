"""Run by ``test_window_for_you_process.py`` in a Python process of its own (its test
process has scikit-learn loaded by other tests): opens the window offscreen on a library,
stars the papers named on the command line with S, waits for the learned ranking, sorts
For you, makes the best paper not starred current and waits for its "why" words in the
detail pane; then prints, as JSON, the text shown, whether it is seen, and whether this
process ever imported scikit-learn.

    python tests/ui/why_words_probe.py LIBRARY_DIR SETTINGS_DIR PAPER_ID...
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from tests.ui.probe_wait import answer_and_close, wait_until  # noqa: E402
from tests.ui.user import is_seen, press  # noqa: E402


def main(library_dir: Path, settings_dir: Path, starred: list[int]) -> dict[str, object]:
    logging.basicConfig(level=logging.INFO)  # on stderr: what the test shows when it fails
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    app = QApplication([])
    library = Library.open(library_dir)
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    wait_until(app, lambda: QApplication.activeWindow() is window)
    for pid in starred:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    for_you = window.for_you
    wait_until(
        app,
        lambda: for_you.mode == "learned" and for_you.job is None and not for_you._timer.isActive(),
    )
    press(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    rows = [window.model.row_at(n).id for n in range(window.model.rowCount())]
    best = next(pid for pid in rows if pid not in starred)
    window.select_paper(best)
    wait_until(app, lambda: "why:" in for_you.why.text() and "…" not in for_you.why.text())
    return answer_and_close(window, library, why=for_you.why.text(), seen=is_seen(for_you.why))


if __name__ == "__main__":
    ids = [int(arg) for arg in sys.argv[3:]]
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), ids)))
