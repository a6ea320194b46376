"""Export benchmark: every format, as ``readinglist export -o FILE`` runs it, over synthetic
libraries of 1k, 10k and 100k papers.

    .venv/bin/python benchmarks/export_bench.py [--sizes 1000,10000,100000] [--formats md,csv]

Each export runs in a fresh subprocess (so one format's memory cannot inflate the next
one's figure) that calls the command line's ``main`` and reports the seconds it took and
the process's peak resident memory (``ru_maxrss``). The library gets some annotations
first (tags on 5,000 papers, read on 20,000, a note), Markdown and HTML are grouped by tag
with abstracts. Target: under 10 s for every format at 100k papers, memory that does not
grow with the library.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import cached_library  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.formats.writers import WRITERS  # noqa: E402

TARGET_SECONDS = 10.0
GROUPED = ("md", "html")


def prepare(template: Path, directory: Path) -> int:
    """Copy ``template`` to ``directory`` and annotate some papers; return the paper count."""
    shutil.copytree(template, directory)
    with Library.open(directory) as library:
        ids = [row.id for row in library.rows()]
        library.add_tags(ids[:5000], ["to-read"])
        library.add_tags(ids[2500:3000], ["survey"])
        library.set_notes(ids[0], "A note with <b>markup</b>, {braces} and 50% & more.")
        library.set_read(ids[:20_000])
        library.set_starred(ids[:100])
    return len(ids)


def child(library: Path, fmt: str, target: Path) -> int:
    """Run one export through the command line; print seconds and peak memory as JSON."""
    from readinglist.cli import main as cli_main

    arguments = ["--data-dir", str(library), "export", "--format", fmt, "-o", str(target)]
    if fmt in GROUPED:
        arguments += ["--group-by", "tag", "--abstracts"]
    start = time.perf_counter()
    code = cli_main(arguments)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_kb / 1024}))
    return code


def measure(library: Path, fmt: str, target: Path) -> dict[str, float]:
    """One export in a fresh interpreter; its figures."""
    command = [sys.executable, __file__, "--child", str(library), fmt, str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{fmt}: export failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["size_mb"] = target.stat().st_size / 2**20
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--formats", default=",".join(WRITERS), help="comma-separated")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument("--child", nargs=3, metavar=("LIBRARY", "FORMAT", "TARGET"))
    args = parser.parse_args()
    if args.child:
        library, fmt, target = args.child
        return child(Path(library), fmt, Path(target))
    formats = [name for name in args.formats.split(",") if name]
    for size in (int(text) for text in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            directory = Path(scratch) / "library"
            count = prepare(cached_library(args.cache, size), directory)
            print(f"exporting {count:,} papers (one subprocess per format):", flush=True)
            for fmt in formats:
                target = Path(scratch) / f"export-{fmt}{WRITERS[fmt].extension}"
                figures = measure(directory, fmt, target)
                verdict = "met" if figures["seconds"] <= TARGET_SECONDS else "MISSED"
                print(
                    f"  {fmt:<9} {figures['seconds']:6.1f} s  peak {figures['peak_mb']:6.0f} MB"
                    f"  file {figures['size_mb']:6.1f} MB  (target <= 10 s: {verdict})",
                    flush=True,
                )
                target.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
