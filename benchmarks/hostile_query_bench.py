"""Hostile queries on synthetic 10k / 100k libraries: each must be answered (or refused
with a clear message) within 1 s at 10k and 2 s at 100k.

    .venv/bin/python benchmarks/hostile_query_bench.py [--sizes 10000,100000]

Reuses the libraries ``benchmarks/search_bench.py`` builds (``--cache``). One paper of a
copy gets a 50 MB note full of a common word. Prints, per query: a fresh process (open
the library, run the query once: what ``readinglist search`` costs) and a warm one (the
window's search thread: matching ids, then a spelling suggestion when nothing matched;
and the command line's ranked top 50 with highlights), the slowest of three runs, and
what came back (the number of results, or the message of a refused query).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import indexed_library, vocabulary  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.domain.errors import ReadingListError  # noqa: E402

NOTE_WORD = "transformer"
NOTE_MB = 50


def hostile_queries() -> dict[str, str]:
    """The queries of issue 13, built deterministically."""
    rng = random.Random(13)
    _, abstract_words = vocabulary()
    words = sorted({w.lower() for w in abstract_words if len(w) >= 6})

    def nonsense(length: int) -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))

    def typo(word: str) -> str:
        at = rng.randrange(1, len(word))
        return word[:at] + rng.choice("qxz") + word[at + 1 :]

    typos = [typo(rng.choice(words)) for _ in range(200)]
    return {
        "10,000-char word": nonsense(10_000),
        "1,000-char word": nonsense(1_000),
        "1,000 nonsense words": " ".join(nonsense(8) for _ in range(1_000)),
        "64 nonsense words": " ".join(nonsense(8) for _ in range(64)),
        "500 unknown ORs": " OR ".join(nonsense(9) for _ in range(500)),
        "60 unknown ORs": " OR ".join(nonsense(9) for _ in range(60)),
        "200 typos": " ".join(typos),
        "64 typos": " ".join(typos[:64]),
        "8 typos": " ".join(typos[:8]),
        "a*": "a*",
        "k*": "k*",
        "8 one-letter prefixes": " OR ".join(f"{c}*" for c in "abcdefgh"),
        "8 fuzzy words": " OR ".join(w + "~" for w in typos[:8]),
        "1,000 ( deep": "(" * 1_000 + "model" + ")" * 1_000,
        "1,000 NOT deep": "NOT " * 1_000 + "model",
        "32 ( deep": "(" * 32 + "model" + ")" * 32,
        "32 NOT deep": "NOT " * 32 + "model",
        "50 MB note hit": NOTE_WORD,
        "note:word (50 MB note)": f"note:{NOTE_WORD}",
    }


def window_search(library: Library, query: str) -> int:
    """What the window's search thread does per query."""
    ids = library.matching_ids(query, as_you_type=True)
    if not ids:
        library.search(query, limit=1)
    return len(ids)


def cli_search(library: Library, query: str) -> int:
    """What ``readinglist search`` does: the ranked top 50 with highlights."""
    return library.search(query, limit=50).total


def timed(work: Callable[[Library, str], int], library: Library, query: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        outcome = f"{work(library, query):,} results"
    except ReadingListError as exc:
        outcome = f"refused: {str(exc)[:60]}"
    return (time.perf_counter() - start) * 1000, outcome


def fresh(directory: Path, name: str) -> tuple[float, float]:
    """(open ms, query ms) of one query in a new process, as the command line runs it."""
    code = (
        "import json, sys, time; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.hostile_query_bench import hostile_queries, cli_search;"
        "from readinglist.domain.errors import ReadingListError;"
        "from readinglist.core.library import Library;"
        "q = hostile_queries()[sys.argv[3]]; t0 = time.perf_counter();"
        "lib = Library.open(sys.argv[2]); t1 = time.perf_counter();\n"
        "try: cli_search(lib, q)\n"
        "except ReadingListError: pass\n"
        "print(json.dumps([t1 - t0, time.perf_counter() - t1]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(directory), name],
        capture_output=True,
        text=True,
        check=True,
    )
    opened, queried = json.loads(done.stdout.splitlines()[-1])
    return opened * 1000, queried * 1000


def bench_size(size: int, cache: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "lib"
        shutil.copytree(indexed_library(cache, size), directory)
        with Library.open(directory) as library:
            start = time.perf_counter()
            target = library.papers()[size // 2].id
            library.set_notes(target, (NOTE_WORD + " ") * (NOTE_MB * 2**20 // 12))
            library.sync_index()
            print(
                f"\n== {size:,} papers; a {NOTE_MB} MB note written and indexed in "
                f"{time.perf_counter() - start:.1f} s"
            )
        print(f"{'query':<24} {'fresh open+query ms':>20} {'window ms':>10} {'cli ms':>9}  outcome")
        with Library.open(directory) as library:
            library.search("warm up the searcher")
            for name, query in hostile_queries().items():
                opened, queried = fresh(directory, name)
                window = [timed(window_search, library, query) for _ in range(runs)]
                cli = [timed(cli_search, library, query) for _ in range(runs)]
                print(
                    f"{name:<24} {opened:>8.0f} + {queried:>7.0f}"
                    f" {max(ms for ms, _ in window):>10.0f} {max(ms for ms, _ in cli):>9.0f}"
                    f"  {cli[-1][1]}",
                    flush=True,
                )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process so far: {peak:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench_size(size, args.cache, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
