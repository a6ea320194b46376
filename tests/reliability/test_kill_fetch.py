"""SIGKILL at random moments of ``readinglist fetch`` (downloading, storing, ruling): the
library stays consistent — a subscription's fetch is wholly there (digest, papers and its
new state) or wholly absent, rules act all or nothing and exactly once, search agrees."""

from __future__ import annotations

import os
import random
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
from tests.local_server import Answer, FeedScript, default_paths, serving

PAPERS = 2000
TRIALS = 6
CLI = [sys.executable, "-m", "readinglist"]

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def _big_atom() -> bytes:
    """An arXiv API answer of PAPERS entries, every title with the word "killable"."""
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/2501.{n:05d}v1</id>"
        f"<title>Killable fetched paper {n} on robust storage</title>"
        f"<published>2025-01-02T00:00:00Z</published><summary>words</summary>"
        f"<author><name>Ann Author</name></author></entry>"
        for n in range(PAPERS)
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>arXiv Query</title><id>http://arxiv.org/api/big</id>{entries}</feed>"
    ).encode()


@pytest.fixture
def server() -> Iterator[str]:
    script = FeedScript(paths={**default_paths(), "/big.xml": Answer(_big_atom())})
    with serving(script) as base:
        yield base


def _state(database: Path) -> tuple[str, int, int, bool, int]:
    conn = sqlite3.connect(database)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        digests = conn.execute("SELECT count(*) FROM digests").fetchone()[0]
        success = conn.execute("SELECT last_success IS NOT NULL FROM subscriptions").fetchone()[0]
        tagged = conn.execute("SELECT count(*) FROM paper_tags").fetchone()[0]
    finally:
        conn.close()
    return verdict, papers, digests, bool(success), tagged


def test_sigkill_during_fetch_leaves_the_library_consistent(tmp_path: Path, server: str) -> None:
    data_dir = tmp_path / "library"
    env = {**os.environ, "READINGLIST_HF_URL": server}
    with Library.open(data_dir) as library:
        library.subscriptions.subscribe("Big", "url", f"{server}/big.xml")
        library.subscriptions.add_rule("killable", "tag", "kept")
        library.reindex()
    command = [*CLI, "--data-dir", str(data_dir), "fetch"]
    seed = tmp_path / "seed"
    subprocess.run([*CLI, "--data-dir", str(seed), "subscribe", f"{server}/big.xml"],
                   cwd=PROJECT_ROOT, env=env, capture_output=True, check=True)  # fmt: skip
    started = time.monotonic()
    subprocess.run([*CLI, "--data-dir", str(seed), "fetch"],
                   cwd=PROJECT_ROOT, env=env, capture_output=True, check=True)  # fmt: skip
    duration = time.monotonic() - started
    rng = random.Random(20261203)
    seen = []
    for _ in range(TRIALS):
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 1.1 * duration))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        verdict, papers, digests, success, tagged = _state(data_dir / "library.sqlite3")
        assert verdict == "ok"
        assert (papers, digests, success) in ((0, 0, False), (PAPERS, 1, True))
        assert tagged in (0, PAPERS)  # the rule acted on all of them or on none yet
        seen.append((papers, tagged))
        if papers and tagged:
            break  # a kill came after everything: nothing left to interrupt
    finished = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True,
                              text=True, timeout=600)  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    with Library.open(data_dir) as library:
        papers = library.papers()
        assert len(papers) == PAPERS and all(p.tags == ["kept"] for p in papers)
        assert library.matching_ids("killable", as_you_type=False) == {p.id for p in papers}
        assert library.subscriptions.apply_rules().applied == 0
    print(f"(papers, tagged) after each kill: {seen}")
