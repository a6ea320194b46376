"""Where one chunk of a full index build spends its time, field by field.

    .venv/bin/python benchmarks/index_profile.py [--papers 10000] [--cache DIR] [--cprofile]

Writes the first ``--papers`` papers of a cached synthetic library as one segment, in this
process, as a build's worker writes a chunk (``parallel_build._write_chunk``), and prints
for each field the seconds spent analysing it (adding each document's postings), the
seconds spent writing its posting lists at commit, its posting bytes and its number of
terms; then the time to make the documents' fields (``IndexDocument.fields``, the word
pairs included) and the size of each file of the segment. ``--cprofile`` adds the 25
functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import cached_library  # noqa: E402
from readinglist import gc_policy  # noqa: E402
from readinglist.core import index_documents  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.search import compat, segment_writer  # noqa: E402
from readinglist.search.index import INDEX_NAME  # noqa: E402
from readinglist.search.schema import build_schema  # noqa: E402


class _TimedWriter(segment_writer.BulkSegmentWriter):
    """The bulk writer, timing each field's analysis and each field's posting lists."""

    analysis: defaultdict[str, float]
    writing: defaultdict[str, float]
    posting_bytes: defaultdict[str, int]

    def _index_field(self, name: str, field: Any, value: Any, docnum: int) -> int:
        start = time.perf_counter()
        try:
            return super()._index_field(name, field, value, docnum)
        finally:
            self.analysis[name] += time.perf_counter() - start

    def write_postings(self) -> None:
        writer = self.fieldwriter
        original_start = writer.start_field
        current: list[Any] = []

        def start_field(name: str, field: Any) -> None:
            now = time.perf_counter()
            if current:
                self._close(current, now)
            current[:] = [name, now, writer._postfile.tell()]
            original_start(name, field)

        writer.start_field = start_field
        super().write_postings()
        if current:
            self._close(current, time.perf_counter())

    def _close(self, current: list[Any], now: float) -> None:
        name, start, position = current
        self.writing[name] += now - start
        self.posting_bytes[name] += self.fieldwriter._postfile.tell() - position


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=10_000, help="the cached library's size")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench")
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}", flush=True)
    library_dir = cached_library(args.cache, args.size)
    with Library.open(library_dir) as library:
        ids = [paper.id for paper in library.papers()][: args.papers]
        documents = list(index_documents.documents_streamed(library._db, sorted(ids)))
    compat.prepare_codec()
    profile = cProfile.Profile() if args.cprofile else None
    with tempfile.TemporaryDirectory(prefix="rl-index-profile-") as folder:
        from whoosh import index as whoosh_index

        index = whoosh_index.create_in(folder, build_schema(), indexname=INDEX_NAME)
        writer = _TimedWriter(index, compound=False)
        writer.analysis, writer.writing = defaultdict(float), defaultdict(float)
        writer.posting_bytes = defaultdict(int)
        if profile:
            profile.enable()
        resident = {"documents read": _resident_mb()}
        start = time.perf_counter()
        with gc_policy.paused():
            fields_seconds = 0.0
            for document in documents:
                made = time.perf_counter()
                fields = document.fields()
                fields_seconds += time.perf_counter() - made
                writer.add_document(**fields)
            added = time.perf_counter()
            resident["documents added"] = _resident_mb()
            held = {
                name: (len(terms), sum(map(len, terms.values())) // 2)
                for name, terms in writer._postings.items()
            }
            writer.commit()
            resident["committed"] = _resident_mb()
            resident["peak"] = _resident_mb("VmHWM")
        total = time.perf_counter() - start
        if profile:
            profile.disable()
        terms = _term_counts(index)
        files = {p.name: p.stat().st_size for p in Path(folder).iterdir()}
        index.close()
    count = len(documents)
    print(
        f"{count:,} papers in {total:.2f} s = {count / total:,.0f} papers/s: documents' "
        f"fields {fields_seconds:.2f} s, adding {added - start - fields_seconds:.2f} s, "
        f"commit {total - (added - start):.2f} s"
    )
    print(f"{'field':<10} {'analysis s':>10} {'writing s':>10} {'postings MB':>12} {'terms':>9}")
    for name in sorted(writer.analysis, key=lambda n: -writer.analysis[n] - writer.writing[n]):
        print(
            f"{name:<10} {writer.analysis[name]:>10.2f} {writer.writing[name]:>10.2f} "
            f"{writer.posting_bytes[name] / 2**20:>12.2f} {terms.get(name, 0):>9,}"
        )
    print(
        "files: " + ", ".join(f"{n.split('.', 1)[-1]} {s / 2**20:.1f} MB" for n, s in files.items())
    )
    print(
        "resident memory (MB): "
        + ", ".join(f"{k} {v:.0f}" for k, v in resident.items())
        + "; postings held before the commit (terms / postings): "
        + ", ".join(
            f"{n} {t:,} / {p:,}" for n, (t, p) in sorted(held.items(), key=lambda i: -i[1][1])
        )
    )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    print(f"load average at end: {os.getloadavg()[0]:.1f}", flush=True)
    return 0


def _resident_mb(key: str = "VmRSS") -> float:
    """This process's resident memory (``VmHWM``: its peak) in MB, from /proc (0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _term_counts(index: Any) -> dict[str, int]:
    """How many terms each field has."""
    counts: dict[str, int] = defaultdict(int)
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field, _text in leaf.all_terms():
                counts[field] += 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
