"""Export benchmark: every format over a synthetic library (100,000 papers by default).

    .venv/bin/python benchmarks/export_bench.py [--size 100000]

Prints seconds per format for ``Library.export`` (reading the papers + writing the text)
and the output size. Target: under 10 s per format at 100k papers.
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
from readinglist.domain.entities import ExportOptions  # noqa: E402
from readinglist.formats.writers import WRITERS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "library"
        shutil.copytree(cached_library(args.cache, args.size), directory)
        with Library.open(directory) as library:
            ids = [row.id for row in library.rows()]
            library.add_tags(ids[:5000], ["to-read"])
            library.set_notes(ids[0], "A note with <b>markup</b>, {braces} and 50% & more.")
            library.set_read(ids[:20_000])
            print(f"exporting {len(ids):,} papers:")
            for name in WRITERS:
                options = ExportOptions(group_by="tag", include_abstracts=True)
                start = time.perf_counter()
                text = library.export(name, options=options)
                seconds = time.perf_counter() - start
                verdict = "met" if seconds < 10 else "MISSED"
                print(
                    f"  {name:<9} {seconds:6.1f} s  {len(text) / 2**20:7.1f} MB  "
                    f"(target < 10 s: {verdict})",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
