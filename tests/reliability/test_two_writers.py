"""Two writers on one library: the window (this process) and `readinglist` commands. Each
write succeeds, possibly after waiting, or is refused as "busy" in words; nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.errors import LibraryBusyError
from tests.conftest import PROJECT_ROOT

CLI = [sys.executable, "-m", "readinglist"]


def _digest(path: Path, label: str, papers: int) -> Path:
    lines = [
        f"- 2025-03-04, **{label} concurrent writer paper {n}**, Ann Author et.al., "
        f"Paper: [http://arxiv.org/abs/2503.{n:05d}v1](http://arxiv.org/abs/2503.{n:05d}v1)"
        for n in range(papers)
    ]
    path.write_text("## Writers\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_window_keeps_annotating_while_a_command_imports(
    data_dir: Path, example_digest: Path, tmp_path: Path
) -> None:
    library = Library.open(data_dir)  # the window's library
    try:
        library.import_path(example_digest)
        ids = [p.id for p in library.papers()]
        big = _digest(tmp_path / "big.md", "Imported", 5000)
        command = subprocess.Popen(
            [*CLI, "--data-dir", str(data_dir), "import", str(big)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        saved, refused = [], []
        step = 0
        while command.poll() is None or step < 5:
            paper = ids[step % len(ids)]
            try:
                library.add_tags([paper], [f"while-importing-{step}"])
                library.set_notes(paper, f"note written during the import, step {step}")
                saved.append((paper, step))
            except LibraryBusyError as exc:
                assert "busy" in str(exc)
                refused.append(step)
            step += 1
            time.sleep(0.05)
        out, err = command.communicate()
        assert command.returncode == 0, err
        assert "5000 new" in out
        assert saved, "the window could write during (or right after) the import"
        for paper, step in saved:
            assert f"while-importing-{step}" in library.paper(paper).tags
        assert library.stats().papers == 114 + 5000
        assert len(library.matching_ids("concurrent writer", as_you_type=False)) == 5000
    finally:
        library.close()


def test_two_commands_importing_at_once_both_land(data_dir: Path, tmp_path: Path) -> None:
    first = _digest(tmp_path / "first.md", "First", 3000)
    second = _digest(tmp_path / "second.md", "Second", 3000)
    second.write_text(second.read_text().replace("2503.", "2504."), encoding="utf-8")
    with Library.open(data_dir):
        pass
    commands = [
        subprocess.Popen(
            [*CLI, "--data-dir", str(data_dir), "import", str(digest)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for digest in (first, second)
    ]
    results = [command.communicate(timeout=300) for command in commands]
    for command, (_, err) in zip(commands, results, strict=True):
        assert command.returncode == 0, err  # the second waited for the first's transaction
    with Library.open(data_dir) as library:
        assert library.stats().papers == 6000
        assert len(library.digests()) == 2


def test_the_window_says_busy_instead_of_waiting_for_a_long_writer(
    qtbot, data_dir: Path, example_digest: Path
) -> None:
    import sqlite3

    from readinglist.app import WINDOW_BUSY_TIMEOUT_SECONDS
    from readinglist.ui.main_window import MainWindow

    with Library.open(data_dir) as library:
        library.import_path(example_digest)
    library = Library.open(data_dir, busy_timeout=WINDOW_BUSY_TIMEOUT_SECONDS)
    other = sqlite3.connect(data_dir / "library.sqlite3", isolation_level=None)
    try:
        window = MainWindow(library)
        qtbot.addWidget(window)
        window.show()
        window.table.selectRow(0)
        paper = window.current_id()
        other.execute("BEGIN IMMEDIATE")  # a long import in another process
        window.triage.toggle_read()
        assert "busy" in window.message.text()
        other.execute("ROLLBACK")
        window.triage.toggle_read()
        assert library.paper(paper).read
        window.close()
    finally:
        other.close()
        library.close()
