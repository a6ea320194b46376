"""Render the window with the "For you" ranking to docs/screenshot-for-you.png: a library
of real arXiv papers (shared/datasets) where the reader starred ten vision papers, the
list sorted For you, and a paper's "why" words in the detail pane.

    .venv/bin/python scripts/screenshot_for_you.py [--output PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402
from tests.ranking_fixtures import VISION, import_small_set  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", default=str(ROOT / "docs" / "screenshot-for-you.png"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="for-you-shot-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    library = Library.open(folder / "library")
    categories = import_small_set(library)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    library.set_starred(vision[:10])
    library.dismiss([sorted(pid for pid, c in categories.items() if c == "cs.CR")[0]])
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    deadline = time.monotonic() + 180
    while (window.for_you.mode != "learned" or window.for_you.job) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.table.horizontalHeader().setSortIndicator(
        PaperTableModel.SCORE, Qt.SortOrder.DescendingOrder
    )
    app.processEvents()
    shown = [window.model.row_at(n).id for n in range(window.model.rowCount())]
    window.select_paper(next(pid for pid in shown if pid not in vision[:10]))
    window.table.scrollToTop()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)

    window.grab().save(args.output)
    print(f"wrote {args.output}")
    window.close()
    library.close()


if __name__ == "__main__":
    main()
