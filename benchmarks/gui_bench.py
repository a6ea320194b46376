"""GUI responsiveness with a large library, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_bench.py [--size 100000]

Measures how long the GUI thread is blocked: opening the window until the first rows are
painted; scrolling; sorting by each column; selecting rows (the detail pane fills in);
typing a search; an import of 1,000 papers running in the background (the longest gap
between two turns of the event loop, recorded by a 1 ms timer); Ctrl+A, Space and S on
5,000 selected papers and a digest chosen in the sidebar (the longest stall of each); a
search answered while a 5,000-paper import is being written to the index; and "Undo
import" of another 1,000-paper import (the longest stall until the list shows the papers
gone). Targets: first
rows < 1.5 s; every other stall < 100 ms. Space and S are also given as the GUI thread's
CPU time (the key and the turn of the event loop after it): on a loaded machine a stall
also counts the time the thread waited for a core, the CPU time does not.
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

from PySide6.QtCore import (  # noqa: E402
    QElapsedTimer,
    QItemSelection,
    QItemSelectionModel,
    Qt,
    QTimer,  # noqa: E402
)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.synthetic import indexed_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.dnd import ImportSource  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402

CATCH_UP_LIMIT_MS = 180_000  # how long the last figure waits for the index to catch up


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
    while len(window.list.rows) < args.size:
        app.processEvents()
    whole = (time.perf_counter() - start) * 1000
    figures.append((f"whole list ({len(window.list.rows):,} rows) shown", whole, 3000))
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
        took, shown = sort_stall(app, window, meter, column)  # a click on the header
        figures.append(
            (f"sort by {name} (longest stall; rows shown after {shown:.0f} ms)", took, 100)
        )
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
    while window.model.rowCount() == len(window.list.rows) and results_in.elapsed() < 10_000:
        app.processEvents()
    figures.append(
        ("search results applied (ms after the last keystroke)", results_in.elapsed(), 150)
    )
    meter.start()  # clearing the search brings back all rows: its own stall, not the import's
    window.search.clear()
    while window.model.rowCount() != len(window.list.rows):
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
    while window.imports.job is not None:
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
    figures += triage_stalls(app, window, meter)
    figures += search_during_catch_up(app, window, meter, scratch)
    figures += undo_import_stall(app, window, meter, scratch)

    print(f"\nGUI with {args.size:,} papers (offscreen, this machine):")
    for name, value, target in figures:
        verdict = "met" if value <= target else "MISSED"
        print(f"  {name:<62} {value:8.0f} ms   (target {target} ms: {verdict})")
    window.close()
    library.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


def cpu_ms(app: QApplication, work) -> float:  # type: ignore[no-untyped-def]
    """The GUI thread's CPU time for ``work`` and the turn of the event loop after it."""
    start = time.thread_time()
    work()
    app.processEvents()
    return (time.thread_time() - start) * 1000


def stall_of(app: QApplication, meter: StallMeter, work, settle_ms: int = 300) -> int:  # type: ignore[no-untyped-def]
    """The longest event-loop stall while ``work`` runs and the window settles after it."""
    meter.start()
    QTimer.singleShot(0, work)
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < settle_ms:
        app.processEvents()
    return meter.stop()


def sort_stall(app: QApplication, window: MainWindow, meter: StallMeter, column: int):  # type: ignore[no-untyped-def]
    """The longest event-loop stall from a header click until the rows are shown in the
    new order (sorted on the GUI thread or in a worker), and when they were shown (ms)."""
    header = window.table.horizontalHeader()
    shown: list[float] = []
    start = time.perf_counter()

    def on_shown() -> None:
        shown.append((time.perf_counter() - start) * 1000)

    window.papers.changed.connect(on_shown)
    meter.start()
    start = time.perf_counter()
    header.setSortIndicator(column, header.sortIndicatorOrder())
    while not shown and time.perf_counter() - start < 10:
        app.processEvents()
    settle = time.perf_counter()
    while time.perf_counter() - settle < 0.1:  # the repaint after the update
        app.processEvents()
    window.papers.changed.disconnect(on_shown)
    return meter.stop(), shown[0] if shown else float("nan")


def key(window: MainWindow, which: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    """A key pressed on the window (through its shortcuts), as a person does."""
    return lambda: QTest.keyClick(window.windowHandle(), which, modifier)


def triage_stalls(
    app: QApplication, window: MainWindow, meter: StallMeter
) -> list[tuple[str, float, float]]:
    """Ctrl+A; Space and S on 5,000 selected papers; a digest chosen in the sidebar."""
    figures: list[tuple[str, float, float]] = []
    window.activateWindow()
    window.table.setFocus()
    figures.append(
        (
            "Ctrl+A (longest stall)",
            stall_of(app, meter, key(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)),
            100,
        )
    )
    model = window.table.model()
    count = min(5000, model.rowCount())

    def select_5000() -> None:
        last = model.index(count - 1, model.columnCount() - 1)
        selection = QItemSelection(model.index(0, 0), last)
        window.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    select_5000()
    app.processEvents()
    for name, which in (("Space", Qt.Key.Key_Space), ("S", Qt.Key.Key_S)):
        took = stall_of(app, meter, key(window, which), 1500)
        figures.append((f"{name} on {count:,} selected papers (longest stall)", took, 100))
        select_5000()
        app.processEvents()
        took = cpu_ms(app, key(window, which))  # the same papers back: as many turned
        figures.append((f"{name} again on {count:,} (GUI-thread CPU)", took, 100))
        stall_of(app, meter, select_5000, 1500)  # settled before the next key
    tree = window.sidebars.tree
    sidebar = tree.model()
    digests = next(
        sidebar.index(row, 0)
        for row in range(sidebar.rowCount())
        if "Digest" in str(sidebar.index(row, 0).data())
    )
    digest = sidebar.index(0, 0, digests)
    figures.append(
        (
            "a digest chosen in the sidebar (longest stall)",
            stall_of(app, meter, lambda: tree.setCurrentIndex(digest), 1000),
            100,
        )
    )
    every = sidebar.index(0, 0, sidebar.index(0, 0))  # Library > All
    tree.setCurrentIndex(every)
    app.processEvents()
    return figures


def search_during_catch_up(
    app: QApplication, window: MainWindow, meter: StallMeter, scratch: Path
) -> list[tuple[str, float, float]]:
    """Import 5,000 BibTeX entries (the longest stall until the index has them all), then
    search while the index catches up with them."""
    big = scratch / "five-thousand.bib"
    big.write_text(
        "\n".join(
            f"@article{{bench{n},\n  title = {{Bench study {n} of quokkabird{n} migration}},\n"
            f"  author = {{Ann Author}},\n  year = {{2024}}\n}}\n"
            for n in range(5000)
        )
    )
    meter.start()
    window.start_import([ImportSource("path", str(big))])
    while window.imports.job is not None:
        app.processEvents()
    catching_up = window.indexing.catch_up_job is not None
    clock = QElapsedTimer()
    clock.start()
    window.search.setText("quokkabird4321")
    while window.model.rowCount() != 1 and clock.elapsed() < 120_000:
        app.processEvents()
    answered = clock.elapsed()
    still = window.indexing.catch_up_job is not None
    print(f"rows shown for the search: {window.model.rowCount()}")
    print(f"catch-up running when the search was typed: {catching_up}; when answered: {still}")
    while window.indexing.catch_up_job is not None and clock.elapsed() < CATCH_UP_LIMIT_MS:
        app.processEvents()  # not forever: past the limit the figure says MISSED
    caught_up = clock.elapsed()
    import_stall = meter.stop()
    window.search.clear()
    app.processEvents()
    return [
        ("longest stall from dropping 5,000 papers to their index written", import_stall, 100),
        ("search answered during a 5,000-paper index catch-up (ms)", answered, 250),
        ("index caught up with the 5,000 papers (ms after the search)", caught_up, 120_000),
        # (when still running at CATCH_UP_LIMIT_MS, the window stops it on closing)
    ]


def undo_import_stall(
    app: QApplication, window: MainWindow, meter: StallMeter, scratch: Path
) -> list[tuple[str, float, float]]:
    """Import 1,000 more papers, then "Undo import": the longest stall until the list
    shows them gone."""
    digest = scratch / "thousand-more.md"
    digest.write_text(
        "\n".join(
            f"- 2025-02-01, **Undone benchmark paper {n} on gadgets**, Bo Author et.al., Paper: [http://arxiv.org/abs/2502.{n:05d}v1](http://arxiv.org/abs/2502.{n:05d}v1)"
            for n in range(1000)
        )
    )
    before = len(window.list.rows)
    window.start_import([ImportSource("path", str(digest))])
    while window.imports.job is not None:
        app.processEvents()
    app.processEvents()
    imported = len(window.list.rows) - before
    meter.start()
    clock = QElapsedTimer()
    clock.start()
    QTimer.singleShot(0, window.undo_last_import)  # the status bar's "Undo import"
    while (len(window.list.rows) != before or window.edits.busy) and clock.elapsed() < 60_000:
        app.processEvents()
    done = clock.elapsed()
    app.processEvents()
    print(f"undo import: {imported} papers imported, {len(window.list.rows) - before} left "
          f"after the undo; message: {window.message.text()}")  # fmt: skip
    return [
        (f"longest stall while undoing an import of 1,000 papers ({done} ms)", meter.stop(), 100)
    ]


if __name__ == "__main__":
    sys.exit(main())
