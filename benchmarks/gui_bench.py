"""GUI responsiveness with a large library, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_bench.py [--size 100000]

Measures how long the GUI thread is blocked: opening the window until the first rows are
painted; scrolling; sorting by each column; selecting rows (the detail pane fills in);
typing a search; and an import of 1,000 papers running in the background (the longest gap
between two turns of the event loop, recorded by a 1 ms timer). Targets: first rows < 1.5 s;
every other stall < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.synthetic import indexed_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.dnd import ImportSource  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402


class StallMeter:
    """Records the longest gap between two ticks of a 1 ms timer (an event-loop stall)."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=1)
        self.timer.timeout.connect(self._tick)
        self.longest = 0
        self._last = 0

    def start(self) -> None:
        self.longest = 0
        self.clock.start()
        self._last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> int:
        self.timer.stop()
        return self.longest


def blocked_ms(app: QApplication, work) -> float:  # type: ignore[no-untyped-def]
    """How long ``work`` plus the repaint it causes keep the GUI thread busy."""
    start = time.perf_counter()
    work()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    args = parser.parse_args()
    source = indexed_library(args.cache, args.size)
    scratch = Path(tempfile.mkdtemp())
    directory = scratch / "library"
    shutil.copytree(source, directory)
    os.environ["HOME"] = str(scratch)  # QSettings of this run stay in the scratch folder
    app = QApplication([])
    app.setOrganizationName("readinglist-bench")
    meter = StallMeter()
    figures: list[tuple[str, float, float]] = []

    start = time.perf_counter()
    Library.open(directory).close()  # the once-a-day backup, timed on its own
    backup_ms = (time.perf_counter() - start) * 1000
    figures.append(("daily backup (first open of the day only)", backup_ms, 1500))
    start = time.perf_counter()
    library = Library.open(directory)
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    first_rows = (time.perf_counter() - start) * 1000
    figures.append(
        (f"open window, first {window.model.rowCount():,} rows painted", first_rows, 1500)
    )
    meter.start()
    while len(window._all_rows) < args.size:
        app.processEvents()
    whole = (time.perf_counter() - start) * 1000
    figures.append((f"whole list ({len(window._all_rows):,} rows) shown", whole, 3000))
    figures.append(("longest stall while the whole list loads", meter.stop(), 100))

    bar = window.table.verticalScrollBar()
    scroll = max(
        blocked_ms(app, lambda v=v: bar.setValue(v))
        for v in range(0, bar.maximum(), max(1, bar.maximum() // 40))
    )
    figures.append(("scroll (worst of 40 jumps)", scroll, 100))
    for column, name in (
        (PaperTableModel.TITLE, "title"),
        (PaperTableModel.AUTHORS, "authors"),
        (PaperTableModel.DATE, "date"),
        (PaperTableModel.ADDED, "added"),
    ):
        header = window.table.horizontalHeader()  # what a click on the header does
        took = blocked_ms(
            app, lambda c=column, h=header: h.setSortIndicator(c, h.sortIndicatorOrder())
        )
        figures.append((f"sort by {name}", took, 100))
    select = max(
        blocked_ms(app, lambda r=r: window.table.selectRow(r))
        for r in (0, 5, 500, 5000, 50_000)
        if r < window.model.rowCount()
    )
    figures.append(("select a row (detail pane filled)", select, 100))
    keystroke = max(
        blocked_ms(app, lambda t=t: window.search.setText(t))
        for t in ("tr", "tra", "tran", "transf")
    )
    figures.append(("a keystroke in the search field", keystroke, 100))
    results_in = QElapsedTimer()
    results_in.start()
    while window.model.rowCount() == len(window._all_rows) and results_in.elapsed() < 10_000:
        app.processEvents()
    figures.append(
        ("search results applied (ms after the last keystroke)", results_in.elapsed(), 250)
    )
    meter.start()  # clearing the search brings back all rows: its own stall, not the import's
    window.search.clear()
    while window.model.rowCount() != len(window._all_rows):
        app.processEvents()
    app.processEvents()
    figures.append(
        ("longest stall while a cleared search brings back every row", meter.stop(), 100)
    )

    digest = scratch / "thousand.md"
    digest.write_text(
        "\n".join(
            f"- 2025-01-01, **Benchmark paper number {n} about widgets**, Ann Author et.al., Paper: [http://arxiv.org/abs/2501.{n:05d}v1](http://arxiv.org/abs/2501.{n:05d}v1)"
            for n in range(1000)
        )
    )
    meter.start()
    import_start = time.perf_counter()
    window.start_import([ImportSource("path", str(digest))])
    while window._import_job is not None:
        app.processEvents()
    app.processEvents()
    figures.append(
        (
            f"stall while importing 1,000 papers ({time.perf_counter() - import_start:.1f} s)",
            meter.stop(),
            100,
        )
    )
    print(f"message: {window.message.text()}")

    print(f"\nGUI with {args.size:,} papers (offscreen, this machine):")
    for name, value, target in figures:
        verdict = "met" if value <= target else "MISSED"
        print(f"  {name:<62} {value:8.0f} ms   (target {target} ms: {verdict})")
    window.close()
    library.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
