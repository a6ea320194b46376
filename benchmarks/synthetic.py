"""Synthetic libraries for benchmarks, built from the example digest's own vocabulary.

Deterministic for a given seed, so figures from different runs compare.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search.schema import SCHEMA_VERSION as SEARCH_SCHEMA_VERSION
from readinglist.storage.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIGEST = ROOT.parent / "shared" / "corpus" / "hf_daily_text" / "daily_papers_sep9.txt"
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
_FIRST = ["Wei", "Anna", "Luis", "Priya", "Kenji", "Sara", "Omar", "Lena", "Chen", "Ivan", "Mia"]
_LAST = ["Kim", "Zhang", "Garcia", "Patel", "Sato", "Novak", "Haddad", "Berg", "Li", "Rossi"]


def vocabulary() -> tuple[list[str], list[str]]:
    """Words of the example digest's titles and of its abstracts."""
    lines = [line for line in EXAMPLE_DIGEST.read_text(encoding="utf-8").splitlines() if line]
    titles = [line for line in lines if len(line) < 300]
    abstracts = [line for line in lines if len(line) >= 300]
    return _WORD.findall(" ".join(titles)), _WORD.findall(" ".join(abstracts))


def synthetic_records(count: int, seed: int = 7) -> list[PaperRecord]:
    """``count`` distinct papers with arXiv ids, titles, authors and ~150-word abstracts."""
    rng = random.Random(seed)
    title_words, abstract_words = vocabulary()
    records = []
    for n in range(count):
        year, month = 20 + n // 1_200_000 % 6, 1 + n // 100_000 % 12
        title = " ".join(rng.choice(title_words) for _ in range(rng.randint(6, 12)))
        records.append(
            PaperRecord(
                title=f"{title.capitalize()} {n}",
                abstract=" ".join(rng.choice(abstract_words) for _ in range(150)) + ".",
                authors=[
                    f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 6))
                ],
                arxiv_id=f"{year:02d}{month:02d}.{n % 100_000:05d}",
                published=f"20{year:02d}-{month:02d}-{1 + n % 28:02d}",
            )
        )
    return records


def build_library(directory: Path, count: int, *, chunk: int = 5_000) -> float:
    """Create a library of ``count`` synthetic papers in ``directory``; return seconds taken."""
    start = time.perf_counter()
    with Library.open(directory) as library:
        records = synthetic_records(count)
        for offset in range(0, count, chunk):
            library.import_records(records[offset : offset + chunk], f"synthetic-{offset}")
    return time.perf_counter() - start


def cached_library(cache: Path, count: int) -> Path:
    """A library of ``count`` papers, built once under ``cache`` and reused afterwards."""
    directory = cache / f"library-{count}-schema{LATEST_VERSION}"
    if not (directory / "library.sqlite3").exists():
        building = directory.with_name(directory.name + ".building")  # an interrupted
        shutil.rmtree(building, ignore_errors=True)  # build is never taken for a library
        shutil.rmtree(directory, ignore_errors=True)
        seconds = build_library(building, count)
        os.replace(building, directory)
        print(f"  built a {count:,}-paper library in {seconds:.1f} s", flush=True)
    return directory


def indexed_library(cache: Path, size: int) -> Path:
    """A cached library of ``size`` papers with its search index already built."""
    target = cache / f"library-{size}-schema{LATEST_VERSION}-index{SEARCH_SCHEMA_VERSION}"
    if not (target / "index").is_dir():
        building = target.with_name(target.name + ".building")  # renamed once complete
        shutil.rmtree(building, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(cached_library(cache, size), building)
        start = time.perf_counter()
        with Library.open(building) as library:
            library.reindex()
        os.replace(building, target)
        print(f"  indexed {size:,} papers in {time.perf_counter() - start:.0f} s", flush=True)
    return target
