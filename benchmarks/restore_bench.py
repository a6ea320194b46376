"""What checking and restoring a backup costs now that a restore rebuilds the database with
the app's own schema and checks every value (issue 13).

    .venv/bin/python benchmarks/restore_bench.py [--sizes 1000,10000]

For each synthetic library size prints: the backup file's size, the time to make the
backup, to check it (``restore.check_backup``: private copy, shape, every row, a full
read), and a whole ``Library.restore`` (check + safety copy + swap; the search index is
rebuilt afterwards, lazily, and not counted).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import cached_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.storage import restore  # noqa: E402


def measure(cache: Path, size: int) -> None:
    """Print the figures for one library size."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "library"
        shutil.copytree(cached_library(cache, size), work)
        with Library.open(work) as library:
            ids = [row.id for row in library.rows(limit=200)]
            library.add_tags(ids, ["bench"])
            for paper_id in ids[:50]:
                library.set_notes(paper_id, f"note {paper_id}")
            start = time.perf_counter()
            backup = library.backup(Path(scratch) / "copy.sqlite3")
            made = time.perf_counter() - start
            start = time.perf_counter()
            restore.check_backup(backup)
            checked = time.perf_counter() - start
            start = time.perf_counter()
            library.restore(backup)
            restored = time.perf_counter() - start
            assert library.stats().papers == size
        megabytes = backup.stat().st_size / 1e6
        print(
            f"{size:>7,} papers  {megabytes:6.1f} MB  backup {made:5.2f} s  "
            f"check {checked:5.2f} s  restore {restored:5.2f} s",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "rl-bench-cache"))
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        measure(cache, size)


if __name__ == "__main__":
    main()
