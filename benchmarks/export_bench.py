"""Export benchmark: every format, as ``readinglist export -o FILE`` runs it, over synthetic
libraries of 1k, 10k and 100k papers.

    .venv/bin/python benchmarks/export_bench.py [--sizes 1000,10000,100000] [--formats md,csv]
        [--code /work/main]   # also run another checkout's code on the same libraries

Each export runs in a fresh subprocess (so one format's memory cannot inflate the next
one's figure) that calls the command line's ``main`` and reports the seconds it took, the
CPU seconds it used (user + system: the figure to compare on a busy machine) and the
process's peak resident memory (``VmHWM``). The library gets some annotations
first (tags on 5,000 papers, read on 20,000, a note), Markdown and HTML are grouped by tag
with abstracts. Target: under 10 s for every format at 100k papers, memory that does not
grow with the library.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
GROUPED = ("md", "html")
FORMATS = ("md", "html", "csv", "bibtex", "ris", "csl-json", "json")
EXTENSIONS = {"md": ".md", "html": ".html", "csv": ".csv", "bibtex": ".bib", "ris": ".ris"}


def prepare(template: Path, directory: Path) -> int:
    """Copy ``template`` to ``directory`` and annotate some papers; return the paper count."""
    from readinglist.core.library import Library

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
    """Run one export through the command line; print its figures as JSON."""
    from readinglist.cli import main as cli_main

    arguments = ["--data-dir", str(library), "export", "--format", fmt, "-o", str(target)]
    if fmt in GROUPED:
        arguments += ["--group-by", "tag", "--abstracts"]
    start = time.perf_counter()
    code = cli_main(arguments)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {"code": code, "seconds": seconds, "peak_mb": _peak_kib(usage) / 1024}
    figures["cpu"] = usage.ru_utime + usage.ru_stime  # includes the interpreter's start
    print(json.dumps(figures))
    return code


def _peak_kib(usage: resource.struct_rusage) -> float:
    """This process's peak resident memory in KiB: Linux's ``VmHWM``, which starts afresh
    with the program (``ru_maxrss`` survives ``exec`` and would report the benchmark's own
    peak, the parent's, for a child that used less)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return float(usage.ru_maxrss)
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return float(line.split()[1])


def measure(code: Path, library: Path, fmt: str, target: Path) -> dict[str, float]:
    """One export by the checkout at ``code``, in a fresh interpreter; its figures."""
    command = [sys.executable, __file__, "--child", str(library), fmt, str(target)]
    environment = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=code, env=environment
    )
    if done.returncode != 0:
        raise SystemExit(f"{fmt}: export failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["size_mb"] = target.stat().st_size / 2**20
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument("--code", type=Path, action="append", default=[], metavar="CHECKOUT")
    parser.add_argument("--child", nargs=3, metavar=("LIBRARY", "FORMAT", "TARGET"))
    args = parser.parse_args()
    if args.child:
        library, fmt, target = args.child
        return child(Path(library), fmt, Path(target))
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import cached_library

    checkouts = [ROOT, *args.code]
    formats = [name for name in args.formats.split(",") if name]
    for size in (int(text) for text in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            directory = Path(scratch) / "library"
            count = prepare(cached_library(args.cache, size), directory)
            print(f"exporting {count:,} papers (one subprocess per format):", flush=True)
            for fmt in formats:
                for code in checkouts:
                    target = Path(scratch) / f"export-{fmt}{EXTENSIONS.get(fmt, '.json')}"
                    _show(fmt, code, measure(code, directory, fmt, target))
                    target.unlink()
    return 0


def _show(fmt: str, code: Path, figures: dict[str, float]) -> None:
    verdict = "met" if figures["seconds"] <= TARGET_SECONDS else "MISSED"
    print(
        f"  {fmt:<9} {figures['seconds']:6.1f} s  cpu {figures['cpu']:6.1f} s"
        f"  peak {figures['peak_mb']:6.0f} MB  file {figures['size_mb']:6.1f} MB"
        f"  (target <= 10 s: {verdict})  [{code}]",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
