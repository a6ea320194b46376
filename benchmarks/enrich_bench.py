"""Completing the example digest through scripted services on 127.0.0.1 (issue 20).

    .venv/bin/python benchmarks/enrich_bench.py [--repeat 3]

Three runs, each on a fresh library holding the example digest (114 papers, no ids):
- "day": every paper found on the Daily Papers JSON of the digest's day (one request);
- "title": the day is empty, so every paper is looked up on arXiv by title (114
  requests; arXiv's 3 s interval is waited on a fake clock, so only app time counts);
- "cached": the "title" run again on the same library after undo (every answer cached).
Prints the app time of each, the longest gap between two progress calls (how long a
Cancel may wait), and the requests sent. Target: <= 2 s of app time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import EXAMPLE_DIGEST  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from tests.enrich_fakes import Script, Work, fake_services, settings_for  # noqa: E402


def _works(library: Library) -> tuple[str, list[Work]]:
    (digest,) = library.digests()
    assert digest.date
    papers = sorted(library.papers(), key=lambda p: p.id)
    works = [
        Work(p.title, [f"Author{n} Name", "Co Author"], f"2509.{n:05d}")
        for n, p in enumerate(papers)
    ]
    return digest.date, works


def run(folder: Path, mode: str) -> tuple[float, float, int, int]:
    """(app seconds, longest progress gap, requests, papers filled) for one run."""
    shutil.rmtree(folder, ignore_errors=True)
    with Library.open(folder) as library:
        library.import_path(EXAMPLE_DIGEST)
        day, works = _works(library)
        script = Script(days={day: works} if mode == "day" else {}, arxiv=works)
        ticks: list[float] = []

        def progress(done: int, total: int) -> None:
            ticks.append(time.perf_counter())

        with fake_services(script) as base:
            settings = settings_for(base)
            if mode == "cached":
                library.enrich(settings=settings)
                library.undo_enrichment()
            start = time.perf_counter()
            report = library.enrich(settings=settings, progress=progress)
            elapsed = time.perf_counter() - start
        gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
        return elapsed, max(gaps, default=0.0), report.requests, report.counts()["filled"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for mode in ("day", "title", "cached"):
            results = [run(Path(scratch) / f"{mode}-{n}", mode) for n in range(args.repeat)]
            best = min(results)
            print(
                f"{mode:>7}: app time best {best[0]:.3f} s, worst {max(results)[0]:.3f} s; "
                f"longest gap between progress calls {max(r[1] for r in results) * 1000:.0f} ms; "
                f"{best[2]} requests; {best[3]}/114 filled"
            )


if __name__ == "__main__":
    main()
