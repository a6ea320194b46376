"""A restore killed midway leaves its work folder (``.restoring-*``) in the library folder;
the next open removes it, but never the folder of a restore still running elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from readinglist.core.library import Library

_HOLDER = """
import sys
from pathlib import Path
from readinglist.storage.restore_folders import work_folder
with work_folder(Path(sys.argv[1])) as work:
    (work / "restored.sqlite3").write_bytes(b"half written")
    print(work, flush=True)
    sys.stdin.read()  # until the test kills this process
"""


def _leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".restoring-"))


def test_a_folder_left_by_an_earlier_restore_goes_at_the_next_open(
    data_dir: Path, example_digest: Path
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        papers = library.stats().papers
    left = data_dir / ".restoring-k1ll3d"  # as a restore killed by an earlier run leaves it
    left.mkdir()
    (left / "restored.sqlite3").write_bytes(b"half written")
    hour_ago = time.time() - 3600
    os.utime(left, (hour_ago, hour_ago))
    with Library.open(data_dir) as library:
        assert _leftovers(data_dir) == []
        assert library.stats().papers == papers


def test_a_running_restore_keeps_its_folder_until_it_is_killed(data_dir: Path) -> None:
    Library.open(data_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        work = Path(holder.stdout.readline().strip())  # "" when it failed
        assert work.name.startswith(".restoring-") and work.name in _leftovers(data_dir)
        with Library.open(data_dir):
            assert _leftovers(data_dir) == [work.name]  # in use: kept
        holder.kill()  # killed midway: its folder stays behind
        holder.wait()
        assert _leftovers(data_dir) == [work.name]
        with Library.open(data_dir):
            assert _leftovers(data_dir) == []
    finally:
        holder.kill()
        holder.wait()
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()
