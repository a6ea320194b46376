"""Scheduled fetching into a large library, measured in the window (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/fetch_bench.py [--size 100000]

20 subscriptions (Daily Papers with catch-up, arXiv listings, arXiv API queries and plain
feed URLs) are served by a local server from the REAL files of ../shared/corpus/, with
three rules. The window fetches them as its schedule does (a worker); a 1 ms timer records
the longest stall of the GUI thread from the start of the fetch until the list shows the
new papers. Then, for each of several new papers, the time from the fetch's arrival (the
worker's "finished") until the window's search finds the paper by its title. Targets:
no stall > 100 ms; searchable <= 1 s after arrival.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.gui_bench import StallMeter  # noqa: E402
from benchmarks.stall_stacks import StallStacks  # noqa: E402
from benchmarks.synthetic import indexed_library  # noqa: E402
from readinglist import gc_policy  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.domain.entities import PaperQuery  # noqa: E402
from tests.conftest import CORPUS  # noqa: E402
from tests.local_server import Answer, FeedScript, default_paths, serving  # noqa: E402

NOW = datetime(2026, 8, 23, 9, 0, tzinfo=UTC)
FEED_FILES = [
    "bibtex/jabref_library_156.bib",
    "bibtex/zotero_bbt_arxiv_3.bib",
    "ris/scopus_1.ris",
    "ris/zotero_export_2.ris",
    "csl_json/zotero_better_csl_26.json",
    "csl_json/arxiv_item_1.json",
    "arxiv_atom/api_2026_oldstyle_id_1.xml",
    "markdown_lists/cv_arxiv_daily_bullets_2022-12-02.md",
    "markdown_lists/hf_daily_table_wrapped_titles_2025-10-30.md",
    "arxiv_rss/rss2_filtered_feed_2025-06-12_8items.xml",
]


def subscribe_twenty(library: Library, base: str) -> None:
    """2 Daily Papers, 4 arXiv listings, 4 arXiv queries, 10 feed URLs."""
    subs = library.subscriptions
    subs.subscribe("HF Daily Papers", "hf-daily")
    subs.subscribe("HF Daily Papers (weekly)", "hf-daily", interval_hours=168)
    for category in ("cs.CL", "cs.CV", "cs.CV+cs.LG", "cs.AI"):
        subs.subscribe(f"arXiv {category}", "arxiv-listing", category)
    for query in ("all:testing", "au:Hinton", "all:diffusion AND cat:cs.CV", "ti:agents"):
        subs.subscribe(f"arXiv: {query}", "arxiv-query", query)
    for n, name in enumerate(FEED_FILES):
        suffix = Path(name).suffix
        subs.subscribe(f"Feed {n}", "url", f"{base}/feeds/{n}{suffix}")
    subs.add_rule("title:speech OR title:audio", "tag", "audio")
    subs.add_rule("title:survey", "hide")
    subs.add_rule("*", "notify")


class GapMeter(StallMeter):
    """A StallMeter that also keeps every gap between two ticks (for percentiles)."""

    def start(self) -> None:
        self.gaps: list[int] = []
        super().start()

    def _tick(self) -> None:
        self.gaps.append(self.clock.elapsed() - self._last)
        super()._tick()

    def percentiles(self) -> str:
        """p50 / p95 / p99 / max of the gaps seen since ``start``, in ms."""
        gaps = sorted(self.gaps) or [0]
        at = [gaps[min(len(gaps) - 1, int(len(gaps) * q))] for q in (0.5, 0.95, 0.99)]
        return f"p50 {at[0]}, p95 {at[1]}, p99 {at[2]}, max {gaps[-1]} ms over {len(gaps)} ticks"


def pump(app: QApplication) -> None:
    """One turn of the event loop, then a short sleep that lets the workers run (a bare
    busy loop would fight them for the interpreter lock)."""
    app.processEvents()
    time.sleep(0.002)


def _wait_shown(app: QApplication, window: object, title: str, since: float) -> float:
    """Seconds from ``since`` until the list shows a paper of this title (60 s at most)."""
    while time.perf_counter() - since < 60:
        pump(app)
        model = window.model  # type: ignore[attr-defined]
        narrowed = model.rowCount() < len(window.list.rows)  # type: ignore[attr-defined]
        if narrowed and any(model.row_at(r).title == title for r in range(model.rowCount())):
            break
    return time.perf_counter() - since


def _full_collection() -> str:
    """What one full pass of the garbage collector costs the window process now (every
    thread waits for it): the objects it walks, its duration, and what is frozen."""
    walked = len(gc.get_objects())
    start, cpu = time.perf_counter(), time.thread_time()
    gc.collect()
    took, cpu = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
    return (f"  one full garbage collection in the window process now: {took:.0f} ms "
            f"({cpu:.0f} ms of CPU: the machine's load counts in the first) over "
            f"{walked:,} objects ({gc.get_freeze_count():,} frozen, not walked)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench-subscriptions"
    )
    parser.add_argument(
        "--stacks", action="store_true", help="print what ran while the window stalled"
    )
    args = parser.parse_args()
    source = indexed_library(args.cache, args.size)
    scratch = Path(tempfile.mkdtemp(prefix="rl-fetch-bench-"))
    try:
        directory = scratch / "library"
        shutil.copytree(source, directory)
        os.environ["HOME"] = str(scratch)
        return _measure(args, directory)
    finally:  # the copy of the library is as large as the cached one: never leave it
        shutil.rmtree(scratch, ignore_errors=True)


def _measure(args: argparse.Namespace, directory: Path) -> int:
    """Subscribe, open the window, fetch and search; print the figures."""
    script = FeedScript(
        days={"2026-08-21": CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json",
              "2026-08-22": CORPUS / "hf_daily_json" / "hf_daily_2024-05-27_oldschema.json"},
        paths={**default_paths(), **{
            f"/feeds/{n}{Path(name).suffix}": Answer((CORPUS / name).read_bytes())
            for n, name in enumerate(FEED_FILES)}},
    )  # fmt: skip
    from readinglist.ui.main_window import MainWindow

    with serving(script) as base:
        os.environ["READINGLIST_HF_URL"] = base
        os.environ["READINGLIST_ARXIV_RSS_URL"] = f"{base}/rss"
        os.environ["READINGLIST_ARXIV_API_URL"] = f"{base}/api/query"
        Library.open(directory).close()  # the once-a-day backup, not part of the figures
        library = Library.open(directory)
        subscribe_twenty(library, base)
        before = len(library.rows())
        app = QApplication([])
        gc_policy.apply()  # as the app's start-up does (app.run_app)
        window = MainWindow(library)
        window.feeds.clock = lambda: NOW
        window.resize(1280, 800)
        window.show()
        gc_policy.keep_long_lived()
        while len(window.list.rows) < before:
            pump(app)
        window.feeds.timer.stop()
        meter = GapMeter()
        meter.start()  # the floor: the idle window's longest stall under the machine's load
        idle_until = time.perf_counter() + 3
        while time.perf_counter() < idle_until:
            pump(app)
        idle = meter.stop()
        stacks = StallStacks() if args.stacks else None
        if stacks:
            stacks.start()
        meter.start()
        started = time.perf_counter()
        window.feeds.check_schedule()  # what the timer does: all 20 are due
        probe = "EnvHarness: Awakening Static Worlds for Agent Learning"  # in the HF day
        while window.feeds.job is not None:  # the worker's "finished" reaches the window
            pump(app)
        arrived = [time.perf_counter()]
        during = meter.longest  # while the worker fetched, stored and ruled
        window.search.setText('"Awakening Static Worlds"')  # the user searches at once
        fetch_s = arrived[0] - started
        found_s = _wait_shown(app, window, probe, arrived[0])
        stall = meter.stop()
        gaps = meter.percentiles()
        after = len(window.list.rows)  # the worker handed the window every row
        window.search.setText("")
        print(f"{args.size:,}-paper library, 20 subscriptions, {len(script.requests)} requests")
        print(f"  fetched, stored and ruled: {after - before} new papers in {fetch_s:.1f} s")
        print(f"  longest GUI stall of the idle window over 3 s (the floor): {idle} ms")
        print(f"  longest GUI stall from the fetch's start until all is shown: {stall} ms "
              f"(while the worker ran: {during} ms)")  # fmt: skip
        print(f"  gaps between the window's 1 ms ticks over that time: {gaps}")
        print(f"  arrival -> a new paper found by the window's search: {found_s * 1000:.0f} ms")
        # the papers the fetch brought (not the Inbox: here it holds the whole synthetic
        # library, and reading 100k papers on this thread would be measured as stalls)
        subs = library.subscriptions
        with stacks.quiet() if stacks else contextlib.nullcontext():  # the bench's own work
            fetched = sorted({d for sub in subs.list() for d in subs.digest_ids(sub.id)})
            new = list({p.id: p for d in fetched
                        for p in library.papers(PaperQuery(digest_id=d))}.values())  # fmt: skip
        probes = [p for p in new if len(p.title.split()) >= 4][:: max(1, len(new) // 8)][:8]
        delays, stalls = [], []
        for paper in probes:
            meter.start()
            mark = time.perf_counter()
            window.search.setText('"' + " ".join(paper.title.split()[:4]).replace('"', "") + '"')
            delays.append(_wait_shown(app, window, paper.title, mark))
            stalls.append(meter.stop())
        print(f"  then {len(probes)} more new papers searched by title: median "
              f"{statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms, "
              f"longest stall {max(stalls)} ms")  # fmt: skip
        if stacks:  # from the fetch's start to the last search
            stacks.stop()
            print(stacks.report())
        print(_full_collection())
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
