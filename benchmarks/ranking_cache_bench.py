"""The "For you" scores kept in the library (issue 18), on a synthetic library.

    .venv/bin/python benchmarks/ranking_cache_bench.py [--size 10000]

A copy of a cached synthetic library (benchmarks/synthetic.py) gets 50 starred papers.
Printed, each with the machine's load: the first background update (features, training
and every paper scored, in a spawned process); ranking every paper after a restart (the
cached scores read back, nothing computed); importing a new 114-paper digest (its
features and scores computed as it is stored) and ranking it right after; a ``score:``
search; and the update after one more star (a new model version scores every paper
again).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import cached_library, synthetic_records  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.core.ranking import background  # noqa: E402
from readinglist.domain.entities import PaperRecord  # noqa: E402

DIGEST_SIZE = 114


def load() -> str:
    """The load averages (1, 5, 15 min) to print beside each figure."""
    return "load " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def new_digest(size: int) -> list[PaperRecord]:
    """Papers not in the library (other titles and arXiv ids)."""
    records = synthetic_records(DIGEST_SIZE, seed=99)
    for n, record in enumerate(records):
        record.title = f"{record.title} new {n}"
        record.arxiv_id = f"3001.{size + n:05d}"
    return records


def timed_ms(work, runs: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median and longest of ``runs`` calls, in ms."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def bench(source: Path, size: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "library"
        shutil.copytree(source, folder)
        shutil.rmtree(folder / "ranking", ignore_errors=True)
        with Library.open(folder) as library:
            ids = library.ranking.paper_ids()
            library.set_starred(random.Random(1).sample(ids, 50))
            started = time.perf_counter()
            assert background.update(library.ranking)
            took = time.perf_counter() - started
            print(
                f"first update (features, training, {len(ids):,} scores): {took:.1f} s [{load()}]"
            )
        with Library.open(folder) as library:  # a restart
            ranker = library.ranking
            median, worst = timed_ms(lambda: ranker.rank(ranker.paper_ids()), runs=1)
            print(f"rank every paper after a restart (cached scores): {median:.0f} ms [{load()}]")
            ranker.prepare_reasons()  # scikit-learn loaded, as in a window that ranked
            started = time.perf_counter()
            report = library.import_records(new_digest(size), "new digest")
            imported = (time.perf_counter() - started) * 1000
            digest = ranker.paper_ids()[-DIGEST_SIZE:]
            version = str(ranker.current_version())
            assert report.new == DIGEST_SIZE
            assert len(ranker.scores.cached(version, digest)) == DIGEST_SIZE
            print(
                f"import of a {DIGEST_SIZE}-paper digest, scored as stored: {imported:.0f} ms "
                f"[{load()}]"
            )
            first, _ = timed_ms(lambda: ranker.rank(digest), runs=1)
            median, worst = timed_ms(
                lambda: type(ranker)(library._db, ranker.directory, lambda *_: []).rank(digest)
            )
            print(
                f"ranking the new digest right after its import: first {first:.1f} ms; "
                f"a fresh ranker: median {median:.1f} ms, max {worst:.1f} ms [{load()}]"
            )
            median, worst = timed_ms(lambda: library.matching_ids("score:>0.9", as_you_type=False))
            found = len(library.matching_ids("score:>0.9", as_you_type=False))
            print(
                f"search score:>0.9 ({found:,} papers): median {median:.1f} ms, "
                f"max {worst:.1f} ms [{load()}]"
            )
            library.set_starred([ids[0]])
            started = time.perf_counter()
            assert background.update(library.ranking)
            took = time.perf_counter() - started
            print(
                f"update after one more star (retrain, every paper scored again): {took:.1f} s "
                f"[{load()}]"
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    args = parser.parse_args()
    print(f"For you score cache, {args.size:,} papers [{load()}]")
    bench(cached_library(args.cache, args.size), args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
