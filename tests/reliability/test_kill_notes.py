"""Typing notes in the window and being killed: at most the last second of typing is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.core.library import Library
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The window in a child process: select the first paper, focus the notes and type one word
# every 40 ms with real key events, reporting each word and when it was typed.
_TYPIST = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(Library.open(sys.argv[1]))
window.show()
window.table.selectRow(0)
window.detail.focus_notes()
print("paper", window.current_id(), flush=True)
count = 0

def type_word():
    global count
    QTest.keyClicks(window.detail.notes_edit, f"w{count} ")
    print("typed", count, time.time(), flush=True)
    count += 1

timer = QTimer(interval=40, timeout=type_word)
timer.start()
app.exec()
"""


def test_killing_the_window_while_typing_loses_at_most_the_last_second(
    data_dir: Path, example_digest: Path
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
    child = subprocess.Popen(
        [sys.executable, "-c", _TYPIST, str(data_dir)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout is not None
    first = child.stdout.readline().split()
    assert first[0] == "paper"
    paper_id = int(first[1])
    typed: list[tuple[int, float]] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # type for 3.3 s (of the child's clock), then kill
        _, word, at = child.stdout.readline().split()
        typed.append((int(word), float(at)))
        if typed[-1][1] - typed[0][1] >= 3.3:
            break
    os.kill(child.pid, signal.SIGKILL)
    killed_at = time.time()
    child.wait()
    child.stdout.close()
    with Library.open(data_dir) as library:
        saved = library.paper(paper_id).notes.split()
    words = [f"w{n}" for n, _ in typed]
    assert saved == [f"w{n}" for n in range(len(saved))], "notes are what was typed, in order"
    must_have = [f"w{n}" for n, at in typed if at <= killed_at - 1.0]
    assert len(must_have) > 20
    assert saved[: len(must_have)] == must_have, (
        f"lost more than the last second: saved {len(saved)} of {len(words)} words, "
        f"{len(must_have)} were typed over a second before the kill"
    )
