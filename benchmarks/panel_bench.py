"""What reading the Subscriptions section costs in a large library (no window).

    .venv/bin/python benchmarks/panel_bench.py --library DIR

DIR (e.g. a cached library of ``fetch_bench.py``) is copied to a temporary folder, given
one subscription and a hide rule, then timed (median of 5): the Inbox listed (what the
panel used to count) and counted, and the whole section as a worker or the follower reads
it (``panel_state``). In a synthetic library every paper arrived after the last visit:
the Inbox holds all of them, the worst case.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.core.library import Library  # noqa: E402
from readinglist.ui.subscription_jobs import panel_state  # noqa: E402


def median_ms(work: Callable[[], object]) -> float:
    """The median time of five runs of ``work``, in milliseconds."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    try:
        shutil.copy(args.library / "library.sqlite3", scratch / "library.sqlite3")
        with Library.open(scratch) as library:
            subs = library.subscriptions
            subs.subscribe("HF", "hf-daily")
            subs.add_rule("title:survey", "hide")
            inbox = len(subs.inbox_ids())
            print(f"{library.stats().papers:,}-paper library, {inbox:,} papers in the Inbox")
            listed = median_ms(lambda: len(subs.inbox_ids()))
            print(f"  the Inbox listed and counted: {listed:.1f} ms")
            if hasattr(subs, "inbox_count"):  # not in versions before it (for comparisons)
                print(f"  the Inbox counted only: {median_ms(subs.inbox_count):.1f} ms")
            now = datetime.now(UTC)
            whole = median_ms(lambda: panel_state(library, now))
            print(f"  the whole section (panel_state): {whole:.1f} ms")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
