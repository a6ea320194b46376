"""Import benchmark: the example digest into an empty, a 10k and a 100k-paper library.

    .venv/bin/python benchmarks/import_bench.py [--sizes 0,10000,100000] [--repeat 5]

Each measurement imports into a fresh copy of the prepared library, so every import really
adds the 114 papers. Prints seconds per import and papers per second. Target: < 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import EXAMPLE_DIGEST, cached_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.formats import read_digest  # noqa: E402

CORPUS = EXAMPLE_DIGEST.parent.parent


def time_import(template: Path | None, scratch: Path, repeat: int) -> list[float]:
    """Seconds for importing the example digest into fresh copies of ``template``."""
    timings = []
    for attempt in range(repeat):
        target = scratch / f"run-{attempt}"
        shutil.rmtree(target, ignore_errors=True)
        if template is None:
            target.mkdir(parents=True)
        else:
            shutil.copytree(template, target)
        with Library.open(target) as library:
            start = time.perf_counter()
            report = library.import_path(EXAMPLE_DIGEST)
            timings.append(time.perf_counter() - start)
            assert report.new == 114, report
        shutil.rmtree(target)
    return timings


def reader_speeds(repeat: int) -> dict[str, tuple[str, int, float]]:
    """For each format: its largest corpus file, papers in it, and papers/s reading it
    (decode + detect + read, best of ``repeat``)."""
    largest: dict[str, tuple[str, int, float]] = {}
    today = date.today()
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md"):
        data = path.read_bytes()
        try:
            parsed = read_digest(data, path.name, today)
        except Exception:  # files documented as refused
            continue
        count = len(parsed.records)
        best = min(_timed(read_digest, data, path.name, today) for _ in range(repeat))
        previous = largest.get(parsed.format)
        if count and (previous is None or count > previous[1]):
            largest[parsed.format] = (path.name, count, count / best)
    return largest


def _timed(work: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000", help="library sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    args = parser.parse_args()
    print("readers on the largest corpus file of each format (decode + detect + read):")
    speeds = reader_speeds(max(args.repeat, 5))
    for fmt, (name, count, rate) in sorted(speeds.items(), key=lambda item: item[1][2]):
        print(f"  {fmt:<15} {rate:>9,.0f} papers/s  ({count} papers, {name})")
    slowest = min(speeds.items(), key=lambda item: item[1][2])
    verdict = "met" if slowest[1][2] > 5000 else "MISSED"
    print(
        f"slowest reader: {slowest[0]} at {slowest[1][2]:,.0f} papers/s (target > 5,000: {verdict})"
    )
    print(f"importing {EXAMPLE_DIGEST.name} (114 papers), {args.repeat} runs per size")
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            template = cached_library(args.cache, size) if size else None
            timings = time_import(template, Path(scratch), args.repeat)
            median = statistics.median(timings)
            print(
                f"library of {size:>7,} papers: median {median * 1000:7.1f} ms, "
                f"max {max(timings) * 1000:7.1f} ms, {114 / median:8,.0f} papers/s "
                f"(target < 500 ms: {'met' if max(timings) < 0.5 else 'MISSED'})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
