"""SIGKILL at random moments: during an import of a 20,000-paper digest, during a burst of
annotations and during an export. The library is always consistent, an import is wholly there
or wholly absent, nothing committed is lost, and search agrees with the database afterwards."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.library import Library
from tests.conftest import PROJECT_ROOT

PAPERS = 20_000
TRIALS = 10
CLI = [sys.executable, "-m", "readinglist"]

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def big_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Markdown digest of PAPERS papers, all matching the word "killable"."""
    lines = [
        f"- 2025-01-02, **Killable benchmark paper {n} on robust storage**, Ann Author et.al., "
        f"Paper: [http://arxiv.org/abs/2501.{n:05d}v1](http://arxiv.org/abs/2501.{n:05d}v1)"
        for n in range(PAPERS)
    ]
    path = tmp_path_factory.mktemp("digest") / "big.md"
    path.write_text("## Storage\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def filled_library(tmp_path_factory: pytest.TempPathFactory, big_digest: Path) -> Path:
    """A library holding the big digest (copy it before writing to it)."""
    data_dir = tmp_path_factory.mktemp("filled") / "library"
    with Library.open(data_dir) as library:
        library.import_path(big_digest)
    return data_dir


@pytest.fixture
def library_copy(filled_library: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "library"
    shutil.copytree(filled_library, copy)
    yield copy


def _integrity(database: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(database)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        digests = conn.execute("SELECT count(*) FROM digests").fetchone()[0]
    finally:
        conn.close()
    return verdict, papers, digests


def _kill_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    time.sleep(seconds)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def _without_time(export: str) -> dict[str, object]:
    document = json.loads(export)
    document.pop("exported_at")
    return document


def _search_agrees_with_list(data_dir: Path) -> None:
    with Library.open(data_dir) as library:  # the next start
        listed = {p.id for p in library.papers()}
        assert library.matching_ids("killable", as_you_type=False) == listed
        assert library.search("killable").total == len(listed)


def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path, big_digest: Path) -> None:
    data_dir = tmp_path / "library"
    with Library.open(data_dir) as library:  # an existing library with its index
        library.reindex()
    command = [*CLI, "--data-dir", str(data_dir), "import", str(big_digest)]
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, check=True)
    duration = time.monotonic() - started  # kills are spread over the whole import and beyond
    with Library.open(data_dir) as library:
        library.remove_digest(library.digests()[0].id)
    rng = random.Random(20261127)
    outcomes = []
    for _ in range(TRIALS):
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _kill_after(process, rng.uniform(0.2, 1.2 * duration))
        verdict, papers, digests = _integrity(data_dir / "library.sqlite3")
        assert verdict == "ok"
        assert (papers, digests) in ((0, 0), (PAPERS, 1))
        outcomes.append(papers)
        _search_agrees_with_list(data_dir)
        if papers:  # undo it so the next trial kills a fresh import
            with Library.open(data_dir) as library:
                library.remove_digest(library.digests()[0].id)
    finished = subprocess.run(
        [*command, "--json"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)[0]["new"] == PAPERS
    _search_agrees_with_list(data_dir)
    print(f"papers present after each kill: {outcomes}")


_ANNOTATION_BURST = """
import sys
from readinglist.core.library import Library

library = Library.open(sys.argv[1])
ids = [p.id for p in library.papers()]
for step, paper_id in enumerate(ids):
    library.add_tags([paper_id], [f"burst-{step}"])
    library.set_notes(paper_id, f"note {step}: " + "words " * 50)
    library.set_read([paper_id], True)
    print(step, flush=True)  # everything of this step is committed
"""


def test_sigkill_during_an_annotation_burst_loses_nothing_committed(library_copy: Path) -> None:
    rng = random.Random(8)
    committed_before = -1
    for _ in range(TRIALS):
        process = subprocess.Popen(
            [sys.executable, "-c", _ANNOTATION_BURST, str(library_copy)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        _kill_after(process, rng.uniform(0.5, 3.0))
        assert process.stdout is not None
        reported = process.stdout.read().split()
        process.stdout.close()
        last_committed = int(reported[-1]) if reported else -1
        verdict, papers, _ = _integrity(library_copy / "library.sqlite3")
        assert verdict == "ok" and papers == PAPERS
        with Library.open(library_copy) as library:
            ids = [p.id for p in library.papers()]
            for step in range(max(last_committed, committed_before) + 1):
                paper = library.paper(ids[step])
                assert f"burst-{step}" in paper.tags
                assert paper.notes.startswith(f"note {step}: ") and paper.read
            if last_committed + 1 < len(ids):
                in_flight = library.paper(ids[last_committed + 1])
                assert in_flight.notes in ("", f"note {last_committed + 1}: " + "words " * 50)
            if last_committed >= 0:  # the search sees the last committed tag
                tag = f"tag:burst-{last_committed}"
                assert ids[last_committed] in library.matching_ids(tag, as_you_type=False)
        committed_before = max(committed_before, last_committed)
    assert committed_before > 0, "the burst never got going: the kills came too early"


def test_sigkill_during_an_export_leaves_the_old_or_the_new_file(
    library_copy: Path, tmp_path: Path
) -> None:
    target = tmp_path / "papers.json"
    old = '{"previous": "export"}\n'
    target.write_text(old, encoding="utf-8")
    reference = tmp_path / "reference.json"
    command = [*CLI, "--data-dir", str(library_copy), "export", "--format", "json", "-o"]
    started = time.monotonic()
    subprocess.run([*command, str(reference)], cwd=PROJECT_ROOT, check=True)
    duration = time.monotonic() - started
    new = reference.read_text(encoding="utf-8")
    assert len(json.loads(new)["papers"]) == PAPERS
    rng = random.Random(11)
    seen = set()
    for _ in range(TRIALS):
        process = subprocess.Popen(
            [*command, str(target)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _kill_after(process, rng.uniform(0.3, 1.5 * duration))
        content = target.read_text(encoding="utf-8")
        if content == old:
            seen.add("old")
        else:  # complete: the same export as the reference, but for its time stamp
            assert _without_time(content) == _without_time(new), "a torn export file"
            seen.add("new")
        target.write_text(old, encoding="utf-8")
    print(f"outcomes: {sorted(seen)}")
