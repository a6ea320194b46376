"""The window while the "For you" ranking trains (issue 18: the window never stalls
> 100 ms while a model trains), offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ranking_stall_bench.py [--size 20000]

A synthetic library (benchmarks/synthetic.py) opens in the window; once the window has
settled, 50 papers are starred and 30 tagged and the window ranks the library in the
background: first with no feature cache (every paper's features are computed, the model
trained and every paper scored, in another process), then again after one more star
(features cached: the retrain and the new scores). For each, printed: how long the
job took and the longest gap between two turns of the GUI event loop meanwhile (a 1 ms
timer), and the same while the reader presses J (next paper) every 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.gui_bench import StallMeter  # noqa: E402
from benchmarks.stall_stacks import StallStacks  # noqa: E402
from benchmarks.synthetic import indexed_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402

SETTLE_SECONDS = 5.0


def wait_for(app: QApplication, condition, seconds: float = 600) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the ranking did not finish")
        app.processEvents()
        time.sleep(0.001)


def settle(app: QApplication, seconds: float = SETTLE_SECONDS) -> None:
    """Let the window finish starting up (no ranking runs: nothing is starred yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


def ranked_stall(
    app: QApplication, window: MainWindow, meter: StallMeter, keys: bool, stacks: bool = False
) -> tuple[float, int]:  # type: ignore[no-untyped-def]  # noqa: E501
    """Seconds until the running ranking job is done and the longest stall meanwhile
    (``stacks``: what ran during stalls over 100 ms is printed)."""
    presses = QTimer(interval=50)
    presses.timeout.connect(lambda: QTest.keyClick(window.table, Qt.Key.Key_J))
    watch = StallStacks(late_ms=100) if stacks else None
    started = time.perf_counter()
    meter.start()
    if watch:
        watch.start()
    if keys:
        presses.start()
    wait_for(app, lambda: not window.for_you.busy)  # ranked, and the scores shown
    presses.stop()
    took, longest = time.perf_counter() - started, meter.stop()
    if watch:
        watch.stop()
        print(watch.report(), flush=True)
    return took, longest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument("--stacks", action="store_true", help="what ran during stalls")
    parser.add_argument("--no-keys", action="store_true", help="skip the runs pressing J")
    args = parser.parse_args()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # never the reader's settings
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="rl-")
    )
    app = QApplication([])
    source = indexed_library(args.cache, args.size)
    rows = []
    for keys in (False,) if args.no_keys else (False, True):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "library"
            shutil.copytree(source, folder)
            shutil.rmtree(folder / "ranking", ignore_errors=True)
            library = Library.open(folder)
            ids = [p.id for p in library.papers()]
            window = MainWindow(library)
            window.resize(1280, 800)
            window.show()
            settle(app)  # the window's own start (list, first paint) is not the ranking's
            rng = random.Random(1)
            library.set_starred(rng.sample(ids, 50))
            for pid in rng.sample(ids, 30):
                library.add_tags([pid], ["t"])
            window.for_you.refresh()
            meter = StallMeter()
            with_keys = " while J is pressed every 50 ms" if keys else ""
            took, stall = ranked_stall(app, window, meter, keys, args.stacks)
            rows.append((f"first ranking (features + training){with_keys}", took, stall))
            assert window.for_you.mode == "learned", window.for_you.status.toolTip()
            library.set_starred([ids[0]])
            window.for_you.refresh()
            took, stall = ranked_stall(app, window, meter, keys, args.stacks)
            rows.append((f"retrain after one more star{with_keys}", took, stall))
            window.close()
            library.close()
    print(f"\nthe window while For you ranks {args.size:,} papers")
    for name, took, stall in rows:
        print(f"  {name}: job {took:.1f} s, longest stall {stall} ms (target < 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
