"""Completing the example digest through scripted services on 127.0.0.1 (issue 20).

    .venv/bin/python benchmarks/enrich_bench.py [--repeat 3]

Three runs, each on a fresh library holding the example digest (114 papers, no ids):
- "day": every paper found on the Daily Papers JSON of the digest's day (one request);
- "title": the day is empty, so every paper is looked up on arXiv by title (114
  requests; arXiv's 3 s interval is waited on a fake clock, so only app time counts);
- "cached": the "title" run again on the same library after undo (every answer cached).
Prints the app time of each, the longest gap between two progress calls (how long a
Cancel may wait), and the requests sent. Target: <= 2 s of app time.

Then the window (offscreen): Complete Details Online on the example digest's sidebar entry,
through the same local server ("day" answers), and Ctrl+Z after it. Prints the longest
event-loop stall of each (a 1 ms timer's longest gap, until the window has settled).
Target: no stall > 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import EXAMPLE_DIGEST  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from tests.local_server import Script, Work, serving, settings_for  # noqa: E402


def _works(library: Library) -> tuple[str, list[Work]]:
    (digest,) = library.digests()
    assert digest.date
    papers = sorted(library.papers(), key=lambda p: p.id)
    works = [
        Work(p.title, [f"Author{n} Name", "Co Author"], f"2509.{n:05d}")
        for n, p in enumerate(papers)
    ]
    return digest.date, works


def run(folder: Path, mode: str) -> tuple[float, float, int, int]:
    """(app seconds, longest progress gap, requests, papers filled) for one run."""
    shutil.rmtree(folder, ignore_errors=True)
    with Library.open(folder) as library:
        library.import_path(EXAMPLE_DIGEST)
        day, works = _works(library)
        script = Script(days={day: works} if mode == "day" else {}, arxiv=works)
        ticks: list[float] = []

        def progress(done: int, total: int) -> None:
            ticks.append(time.perf_counter())

        with serving(script) as base:
            settings = settings_for(base)
            if mode == "cached":
                library.enrich(settings=settings)
                library.undo_enrichment()
            start = time.perf_counter()
            report = library.enrich(settings=settings, progress=progress)
            elapsed = time.perf_counter() - start
        gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
        return elapsed, max(gaps, default=0.0), report.requests, report.counts()["filled"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for mode in ("day", "title", "cached"):
            results = [run(Path(scratch) / f"{mode}-{n}", mode) for n in range(args.repeat)]
            best = min(results)
            print(
                f"{mode:>7}: app time best {best[0]:.3f} s, worst {max(results)[0]:.3f} s; "
                f"longest gap between progress calls {max(r[1] for r in results) * 1000:.0f} ms; "
                f"{best[2]} requests; {best[3]}/114 filled"
            )
        for n in range(args.repeat):
            completing, idle, undoing, message = window_stalls(Path(scratch) / f"window-{n}")
            print(
                f" window: longest stall while completing the example digest {completing} ms "
                f"(target 100 ms; idle as long: {idle} ms), of Ctrl+Z after it {undoing} ms; "
                f"said: {message!r}"
            )


def window_stalls(folder: Path) -> tuple[int, int, int, str]:
    """(longest stall while completing, then while idle as long, of Ctrl+Z after it, the
    window's message after completing)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOME"] = str(folder)  # this run's QSettings stay in the scratch folder
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.gui_bench import StallMeter
    from readinglist.core import enrich_http
    from readinglist.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    directory = folder / "window"
    with Library.open(directory) as library:
        library.import_path(EXAMPLE_DIGEST)
        day, works = _works(library)
        (digest,) = library.digests()
    with serving(Script(days={day: works})) as base:
        os.environ[enrich_http.HF_URL_ENV] = base
        os.environ[enrich_http.ARXIV_API_URL_ENV] = f"{base}/api/query"
        os.environ[enrich_http.OPENALEX_URL_ENV] = base
        library = Library.open(directory)
        window = MainWindow(library)
        window.resize(1280, 800)
        window.show()
        _settle(app, 500)
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        window.complete_details(digest.id)
        while window.enriching.job is not None:
            app.processEvents()
        _settle(app, 300)
        completing = meter.stop()
        meter.start()  # the same time with nothing to do: the machine's own noise
        _settle(app, (time.perf_counter() - started) * 1000)
        idle = meter.stop()
        message = window.message.text()
        meter.start()
        QTimer.singleShot(0, window.undo_action.trigger)  # Edit > Undo (Ctrl+Z)
        _settle(app, 300)
        assert window.message.text().startswith("Undone"), window.message.text()
        undoing = meter.stop()
        window.close()
        library.close()
    return completing, idle, undoing, message


def _settle(app, ms: int) -> None:  # type: ignore[no-untyped-def]
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()


if __name__ == "__main__":
    main()
