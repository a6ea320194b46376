"""How soon a digest imported in the window shows its "For you" scores (issue 18: a new
digest is ranked ≤ 100 ms after it is imported), offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ranking_import_bench.py \
        [--size 100000] [--cache DIR]

A synthetic library (benchmarks/synthetic.py) opens in the window with 50 papers starred;
once the learned ranking is shown, three new 114-paper digests (CSL-JSON files) are
imported one after the other through the window's import (what a drop starts), with the
list sorted For you and then by date added. For each, printed with the machine's load: the
time from the import's end (its worker done: papers stored, rows read) to every new paper
showing its score in the list, the longest stall of the event loop meanwhile, and where
that time went (``import_steps``: each step of the window after the worker's end).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.gui_bench import StallMeter  # noqa: E402
from benchmarks.import_steps import StepClock  # noqa: E402
from benchmarks.ranking_stall_bench import settle, wait_for  # noqa: E402
from benchmarks.synthetic import indexed_library, synthetic_records  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.dnd import ImportSource  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from readinglist.ui.models.paper_table_model import PaperTableModel  # noqa: E402

DIGEST_SIZE = 114


def load() -> str:
    return "load " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def write_digest(folder: Path, number: int) -> Path:
    """A CSL-JSON digest of papers not in the library."""
    items = [
        {
            "id": f"new-{number}-{n}",
            "type": "article",
            "title": f"{record.title} fresh {number} {n}",
            "abstract": record.abstract,
            "author": [{"literal": name} for name in record.authors],
        }
        for n, record in enumerate(synthetic_records(DIGEST_SIZE, seed=500 + number))
    ]
    path = folder / f"digest-{number}.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def measure(
    app: QApplication, window: MainWindow, digest: Path, steps: StepClock
) -> tuple[float, float, int, str]:
    """Import ``digest`` through the window; (ms from the import's end to its papers'
    scores on the list's rows, ms to the ranking fully applied (Top Picks too) and the
    list painted, the longest event-loop stall from the import's start to then, where
    the time went)."""
    for_you = window.for_you
    ended: list[float] = []
    fresh: list[int] = []  # the new papers' ids, from the import's outcome (no 100k pass)
    note = _note_fresh(fresh)
    window.imports.finished.connect(note)
    meter = StallMeter()  # from the start: the window may show the rows as the worker ends
    meter.start()
    window.imports.start([ImportSource("path", str(digest))])
    window.imports.job.signals.finished.connect(  # in the worker, as it ends
        lambda _: ended.append(time.perf_counter()), Qt.ConnectionType.DirectConnection
    )
    steps.clear()
    wait_for(app, lambda: bool(ended))
    model = window.model

    def shown() -> bool:  # every new paper is a row of the table, with its score
        if len(fresh) != DIGEST_SIZE:
            return False
        at = [model.position_of(pid) for pid in fresh]
        return all(n is not None and model.row_at(n).score is not None for n in at)

    wait_for(app, shown, seconds=120)
    on_rows = (time.perf_counter() - ended[0]) * 1000
    wait_for(app, lambda: shown() and not for_you.busy, seconds=120)
    wait_for(app, lambda: steps.painted_after_show(ended[0]) is not None, seconds=10)
    applied = (time.perf_counter() - ended[0]) * 1000
    window.imports.finished.disconnect(note)
    return on_rows, applied, meter.stop(), steps.breakdown(ended[0])


def _note_fresh(fresh: list[int]):  # type: ignore[no-untyped-def]
    def note(outcome) -> None:  # type: ignore[no-untyped-def]
        merged = outcome.merged
        fresh.extend(row.id for row in (merged.fresh if merged is not None else []))

    return note


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    args = parser.parse_args()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="rl-")
    )
    app = QApplication([])
    steps = StepClock()  # before the window: its signals connect to the timed methods
    source = indexed_library(args.cache, args.size)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "library"
        shutil.copytree(source, folder)
        shutil.rmtree(folder / "ranking", ignore_errors=True)
        library = Library.open(folder)
        ids = library.ranking.paper_ids()
        library.set_starred(random.Random(1).sample(ids, 50))
        window = MainWindow(library)
        window.resize(1280, 800)
        window.show()
        steps.watch_paints(window.table.viewport())
        for_you = window.for_you
        wait_for(app, lambda: for_you.mode == "learned" and not for_you.busy)
        settle(app)  # the ranking process warms up, the first paint is done
        print(f"{args.size:,} papers, learned ranking shown [{load()}]", flush=True)
        number = 0
        for column, name in ((PaperTableModel.SCORE, "For you"), (PaperTableModel.ADDED, "added")):
            window.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
            wait_for(app, lambda: not for_you.busy)
            settle(app, 2.0)
            for _ in range(3):
                number += 1
                digest = write_digest(Path(scratch), number)
                on_rows, applied, stall, where = measure(app, window, digest, steps)
                print(
                    f"  sorted {name}: digest {number} scores on the rows {on_rows:.0f} ms, "
                    f"ranking applied and painted {applied:.0f} ms after the import ended, "
                    f"longest stall (import start on) {stall} ms [{load()}]\n    steps (ms "
                    f"after the worker's end @, own time +): {where}",
                    flush=True,
                )
                settle(app, 2.0)
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
