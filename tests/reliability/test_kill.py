"""Kill an import at random moments with SIGKILL: the library is always consistent, the
digest is wholly there or wholly absent, and search agrees with the database afterwards."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.core.library import Library
from tests.conftest import PROJECT_ROOT

PAPERS = 5_000
TRIALS = 10

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def _digest(path: Path) -> Path:
    lines = [
        f"- 2025-01-02, **Killable benchmark paper {n} on robust storage**, Ann Author et.al., "
        f"Paper: [http://arxiv.org/abs/2501.{n:05d}v1](http://arxiv.org/abs/2501.{n:05d}v1)"
        for n in range(PAPERS)
    ]
    path.write_text("## Storage\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _state(database: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(database)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        digests = conn.execute("SELECT count(*) FROM digests").fetchone()[0]
    finally:
        conn.close()
    return verdict, papers, digests


def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    digest = _digest(tmp_path / "big.md")
    data_dir = tmp_path / "library"
    with Library.open(data_dir) as library:  # an existing library with its index
        library.reindex()
    rng = random.Random(20261127)
    command = [sys.executable, "-m", "readinglist", "--data-dir", str(data_dir), "import"]
    started = time.monotonic()
    subprocess.run([*command, str(digest)], cwd=PROJECT_ROOT, capture_output=True, check=True)
    duration = time.monotonic() - started  # kills are spread over the whole import and beyond
    with Library.open(data_dir) as library:
        library.remove_digest(library.digests()[0].id)
    outcomes = []
    for _ in range(TRIALS):
        process = subprocess.Popen(
            [*command, str(digest)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, 1.2 * duration))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        verdict, papers, digests = _state(data_dir / "library.sqlite3")
        assert verdict == "ok"
        assert (papers, digests) in ((0, 0), (PAPERS, 1))
        outcomes.append(papers)
        if papers:  # undo it so the next trial kills a fresh import
            with Library.open(data_dir) as library:
                library.remove_digest(library.digests()[0].id)
    finished = subprocess.run(
        [*command, str(digest), "--json"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)[0]["new"] == PAPERS
    with Library.open(data_dir) as library:  # the next start: search agrees with the list
        listed = {p.id for p in library.papers()}
        assert library.matching_ids("killable", as_you_type=False) == listed
        assert library.search("killable").from_index
    print(f"papers present after each kill: {outcomes}")
