"""Run by ``test_window_for_you_process.py`` in a Python process of its own (its test
process has scikit-learn loaded by other tests): opens the window offscreen on a library
subscribed to Daily Papers (served by the test's local server, named in the environment)
with a ``score:`` rule, lets the scheduled look on start fetch, and prints, as JSON, each
fetched paper's title and Tags cell, whether the list is seen, and whether this process
ever imported scikit-learn.

    python tests/ui/fetch_score_probe.py LIBRARY_DIR SETTINGS_DIR
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.library import Library  # noqa: E402
from readinglist.ui import subscriptions_controller  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402
from tests.ui.probe_wait import answer_and_close, wait_until  # noqa: E402
from tests.ui.user import is_seen  # noqa: E402

START = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)  # a day the local server has


def main(library_dir: Path, settings_dir: Path) -> dict[str, object]:
    logging.basicConfig(level=logging.INFO)  # on stderr: what the test shows when it fails
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    subscriptions_controller.START_DELAY_MS = 50  # the scheduled look on start, at once
    app = QApplication([])
    library = Library.open(library_dir)
    before = {p.id for p in library.papers()}
    window = MainWindow(library)
    window.feeds.clock = lambda: START
    window.resize(1280, 800)
    window.show()
    model = window.model

    def new_rows() -> list[tuple[str, str]]:
        rows = (model.row_at(n) for n in range(model.rowCount()))
        return [
            (row.title, model.index(n, PaperTableModel.TAGS).data() or "")
            for n, row in enumerate(rows)
            if row.id not in before
        ]

    wait_until(app, lambda: window.feeds.job is None and bool(new_rows()))
    return answer_and_close(window, library, new=new_rows(), seen=is_seen(window.table))


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
