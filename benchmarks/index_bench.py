"""Index benchmark: full builds at 1k / 10k / 100k beside SQLite FTS5 on the same papers,
import-to-searchable times, cold start and edit-to-visible, on synthetic libraries.

    .venv/bin/python benchmarks/index_bench.py [--sizes 1000,10000,100000]

For each size: the full build (``Library.reindex`` in a fresh process: papers/s, index
size, peak temporary disk of the library folder and of the build's own TMPDIR, peak memory
of the building process), and FTS5 building a prefix index of the same papers in the
same run. For the largest size, on the library just built: a 5,000-paper import and the
example digest (114 papers), each timed until a search answers completely (as the
window's list asks, and as the CLI asks); the cold start of a fresh process (open the
library and answer its first ranked query); an edit visible to search.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import (  # noqa: E402
    EXAMPLE_DIGEST,
    cached_library,
    indexed_library,
    synthetic_records,
)
from readinglist.core.library import Library  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMPORT_SIZE = 5_000


def disk_usage(path: Path) -> int:
    """Bytes of the files under ``path`` (0 when it is gone)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total


class DiskPeak:
    """Polls the size of some folders in a thread and keeps the largest sum seen."""

    def __init__(self, *folders: Path) -> None:
        self.folders = folders
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> DiskPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, sum(disk_usage(f) for f in self.folders))


def tree_rss(pid: int) -> int:
    """Resident bytes of process ``pid`` and of its descendants, summed (Linux; 0 when
    /proc cannot tell)."""
    total = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                total += sum(tree_rss(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total


class MemoryPeak(DiskPeak):
    """Polls the resident memory of this process and its children, summed."""

    def _poll(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, tree_rss(os.getpid()))


def child_build(directory: Path) -> None:
    """In the child process: rebuild the index and print seconds and peak memory."""
    import resource

    start = time.perf_counter()
    with MemoryPeak() as memory, Library.open(directory) as library:
        library.reindex()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build's worker processes
    workers = children.ru_maxrss
    # on a shared machine, what the build itself used (its workers included)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "own_cpu": own.ru_utime + own.ru_stime,
                "summed_mb": memory.peak / 2**20,
                "rss_mb": own.ru_maxrss / 1024,
                "workers_mb": workers / 1024,
            }
        )
    )


def child_cold(directory: Path) -> None:
    """In a fresh process: open the library and answer a first ranked query."""
    start = time.perf_counter()
    library = Library.open(directory)
    opened = time.perf_counter()
    results = library.search("reinforcement learning", as_you_type=True, limit=50)
    first = time.perf_counter()
    print(
        json.dumps(
            {
                "open": opened - start,
                "first": first - start,
                "from_index": results.from_index,
                "total": results.total,
            }
        )
    )
    library.close()


def run_child(mode: str, directory: Path, tmp: Path) -> dict[str, object]:
    env = dict(os.environ, TMPDIR=str(tmp))
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(directory)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fts_build(source: Path, target: Path) -> tuple[float, int]:
    """Seconds to build an FTS5 prefix index of the papers' title, abstract and authors
    (read from the library's database), and its size in bytes."""
    start = time.perf_counter()
    conn = sqlite3.connect(target)
    conn.execute(f"ATTACH DATABASE '{source}' AS lib")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, abstract, authors, prefix='2 3 4')")
    conn.execute(
        "INSERT INTO fts(rowid, title, abstract, authors) "
        "SELECT id, title, abstract, authors FROM lib.papers"
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - start, target.stat().st_size


def bench_build(size: int, cache: Path, scratch: Path) -> Path:
    """Print the build figures of ``size`` papers; return the built library's folder."""
    library_dir = scratch / f"lib-{size}"
    shutil.copytree(
        cached_library(cache, size), library_dir, ignore=shutil.ignore_patterns("index*")
    )
    tmp = scratch / f"tmp-{size}"
    tmp.mkdir()
    before = disk_usage(library_dir)
    with DiskPeak(library_dir, tmp) as peak:
        result = run_child("build", library_dir, tmp)
    index_mb = disk_usage(library_dir / "index") / 2**20
    temp_mb = max(0, peak.peak - before) / 2**20
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    fts_cpu = time.process_time()
    fts_seconds, fts_bytes = fts_build(library_dir / "library.sqlite3", scratch / f"fts-{size}.db")
    fts_cpu = time.process_time() - fts_cpu
    print(
        f"{size:>7,} papers: build {seconds:6.1f} s = {size / seconds:6,.0f} papers/s "
        f"(CPU, workers included, {result['cpu']:.1f} s = "
        f"{size / float(result['cpu']):,.0f} papers/s of CPU; the building process's own "
        f"{result['own_cpu']:.1f} s); "
        f"index {index_mb:5.0f} MB; temp disk peak {temp_mb:6.0f} MB "
        f"(polled, index included); peak memory {result['rss_mb']:.0f} MB "
        f"(its worker processes {result['workers_mb']:.0f} MB; all the build's processes "
        f"together, polled: {result['summed_mb']:.0f} MB) | FTS5 {fts_seconds:5.1f} s = "
        f"{size / fts_seconds:7,.0f} papers/s, {fts_bytes / 2**20:.0f} MB; "
        f"ratio {seconds / fts_seconds:.1f}x (FTS5 CPU {fts_cpu:.1f} s; ratio of CPU "
        f"{float(result['cpu']) / max(fts_cpu, 0.01):.1f}x)",  # type: ignore[arg-type]
        flush=True,
    )
    print(
        f"  postings by field (terms counted per segment): {field_costs(library_dir)}", flush=True
    )
    return library_dir


def field_costs(library_dir: Path) -> str:
    """Each field's terms and posting-list bytes in the built index, largest first."""
    from whoosh import index as whoosh_index

    from readinglist.search import compat
    from readinglist.search.index import INDEX_NAME
    from readinglist.search.index_folders import current_folder

    terms: dict[str, int] = {}
    sizes: dict[str, int] = {}
    index = whoosh_index.open_dir(str(current_folder(library_dir / "index")), indexname=INDEX_NAME)
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field, text in leaf.all_terms():
                terms[field] = terms.get(field, 0) + 1
                sizes[field] = sizes.get(field, 0) + compat.posting_bytes(
                    leaf.term_info(field, text)
                )
    index.close()
    from readinglist.search.vocabulary import VOCABULARY_EXT

    folder = current_folder(library_dir / "index")
    words = sum(path.stat().st_size for path in folder.glob("*" + VOCABULARY_EXT))
    return ", ".join(
        [
            f"{field} {sizes[field] / 2**20:.1f} MB / {terms[field]:,} terms"
            for field in sorted(sizes, key=lambda name: -sizes[name])
        ]
        + [f"spelling vocabulary files {words / 2**20:.1f} MB"]
    )


def complete_after(library: Library, word: str, expected: set[int]) -> dict[str, float]:
    """Milliseconds until the window's list path and the CLI's ranked search hold all of
    ``expected`` for ``word`` (each timed from now)."""
    times = {}
    start = time.perf_counter()
    found = library.matching_ids(word, as_you_type=True)
    times["list"] = (time.perf_counter() - start) * 1000
    assert expected <= found, (len(expected), len(expected & found))
    start = time.perf_counter()
    results = library.search(word, as_you_type=False, limit=len(expected) + 10)
    times["ranked"] = (time.perf_counter() - start) * 1000
    assert expected <= {hit.paper.id for hit in results.hits} or results.total >= len(expected)
    return times


def bench_import(built: Path, size: int, scratch: Path) -> None:
    """A 5,000-paper import and the example digest, each into a copy of ``built``."""
    target = scratch / "import-5000"
    shutil.copytree(built, target)
    records = synthetic_records(size + IMPORT_SIZE)[size:]
    with Library.open(target) as library:
        library.search("warm up", as_you_type=True)
        start = time.perf_counter()
        report = library.import_records(records, "bench-5000")
        stored = (time.perf_counter() - start) * 1000
        ids = {p.id for p in library.papers() if p.title.endswith(f" {size + IMPORT_SIZE - 1}")}
        assert report.new == IMPORT_SIZE and len(ids) == 1, report
        times = complete_after(library, str(size + IMPORT_SIZE - 1), ids)
    print(
        f"5,000-paper import into {size:,}: stored in {stored:,.0f} ms; then complete "
        f"answers in {times['list']:,.0f} ms (window list path) / {times['ranked']:,.0f} ms "
        f"(ranked, CLI path)",
        flush=True,
    )
    shutil.rmtree(target)
    target = scratch / "import-digest"
    shutil.copytree(built, target)
    with Library.open(target) as library:
        library.search("warm up", as_you_type=True)
        start = time.perf_counter()
        library.import_path(EXAMPLE_DIGEST)
        stored = (time.perf_counter() - start) * 1000
        digest = [p for p in library.papers() if not p.title.split()[-1].isdigit()]
        video = {p.id for p in digest if "video" in p.title.lower().split()}
        times = complete_after(library, "video", video)
        searchable = stored + times["list"]  # the first search after the import
    print(
        f"114-paper digest into {size:,}: stored {stored:,.0f} ms; searchable "
        f"{times['list']:,.0f} ms (list) / {times['ranked']:,.0f} ms (ranked) after; "
        f"import to its first complete answer {searchable:,.0f} ms "
        f"({len(video)} of its papers have 'video' in the title)",
        flush=True,
    )
    shutil.rmtree(target)


def bench_cold_and_edit(built: Path, size: int, scratch: Path) -> None:
    runs = [run_child("cold", built, scratch) for _ in range(3)]
    opened = [float(r["open"]) * 1000 for r in runs]  # type: ignore[arg-type]
    first = [float(r["first"]) * 1000 for r in runs]  # type: ignore[arg-type]
    print(
        f"cold start at {size:,} (3 fresh processes): open {statistics.median(opened):,.0f} ms"
        f" (median), first ranked answer {statistics.median(first):,.0f} ms (median; "
        f"{', '.join(f'{t:,.0f}' for t in first)}); from index: {runs[0]['from_index']}",
        flush=True,
    )
    target = scratch / "edit"
    shutil.copytree(built, target)
    with Library.open(target) as library:
        ids = [p.id for p in library.papers()][100:110]
        library.search("warm up", as_you_type=True)
        note_times, tag_times = [], []
        for n, pid in enumerate(ids):
            start = time.perf_counter()
            library.set_notes(pid, f"quokkanote{n}")
            assert library.matching_ids(f"quokkanote{n}", as_you_type=True) == {pid}
            note_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            library.add_tags([pid], [f"wombat{n}"])
            assert pid in library.matching_ids(f"wombat{n}", as_you_type=True)
            tag_times.append((time.perf_counter() - start) * 1000)
    print(
        f"edit visible to search at {size:,}: note median {statistics.median(note_times):.0f} "
        f"ms (max {max(note_times):.0f}); tag median {statistics.median(tag_times):.0f} ms "
        f"(max {max(tag_times):.0f})",
        flush=True,
    )
    shutil.rmtree(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="skip the builds: time imports, cold start and edits on the cached indexed "
        "library of the largest size (built once if missing)",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, directory = args.child
        (child_build if mode == "build" else child_cold)(Path(directory))
        return 0
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores, shared)", flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="rl-index-bench-") as scratch_name:
        scratch = Path(scratch_name)
        largest = max(sizes)
        if args.no_build:
            built = {largest: indexed_library(args.cache, largest)}
        else:
            built = {size: bench_build(size, args.cache, scratch) for size in sizes}
        bench_import(built[largest], largest, scratch)
        bench_cold_and_edit(built[largest], largest, scratch)
    print(f"load average at end: {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
