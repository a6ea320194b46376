"""One window per library: a second launch hands its files to the running window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from readinglist.core.library import Library
from readinglist.ui.dnd import ImportSource
from readinglist.ui.main_window import MainWindow
from readinglist.ui.single_instance import (
    LOCK_FILE_NAME,
    SingleInstance,
    decode_request,
    encode_request,
    hand_over,
)
from tests.ui.conftest import fresh_settings  # noqa: F401 - the window's settings, isolated


def test_the_first_launch_claims_the_library_and_a_second_one_does_not(
    qapp, data_dir: Path
) -> None:
    first, second = SingleInstance(data_dir), SingleInstance(data_dir)
    try:
        assert first.claim()
        assert not second.claim()
    finally:
        first.release()
    assert second.claim(), "a closed window frees the library"
    second.release()


def test_other_libraries_are_independent(qapp, tmp_path: Path) -> None:
    first, other = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    try:
        assert first.claim() and other.claim()
    finally:
        first.release()
        other.release()


def test_a_lock_left_by_a_killed_window_is_taken_over(qapp, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from PySide6.QtCore import QLockFile;"
            "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); print('locked', flush=True);"
            "time.sleep(60)",
            str(data_dir / LOCK_FILE_NAME),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    assert not SingleInstance(data_dir).claim(), "a live window keeps the library"
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert (data_dir / LOCK_FILE_NAME).exists(), "SIGKILL leaves the lock file behind"
    instance = SingleInstance(data_dir)
    try:
        assert instance.claim()
    finally:
        instance.release()


def test_requests_round_trip_and_garbage_is_ignored() -> None:
    sources = [ImportSource("path", "/tmp/a.bib"), ImportSource("url", "https://x.org/f.rss")]
    assert decode_request(encode_request(sources).rstrip(b"\n")) == sources
    assert encode_request([ImportSource("text", "dropped text", b"x")]) == b'{"import": []}\n'
    for garbage in (
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"import": 3}',
        b'{"import": [{"kind": "file"}]}',
        b'{"import": [{"kind": "path", "value": 7}]}',
    ):
        assert decode_request(garbage) == []


def test_hand_over_reaches_the_running_instance(qtbot, data_dir: Path) -> None:
    running = SingleInstance(data_dir)
    assert running.claim()
    try:
        wanted = [ImportSource("path", str(data_dir / "digest.txt"))]
        with qtbot.waitSignal(running.activated, timeout=5000) as received:
            # hand_over blocks on its socket, so the answer must come from another thread of
            # control: run it in a child process like a real second launch.
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys; from pathlib import Path;"
                    "from PySide6.QtCore import QCoreApplication;"
                    "from readinglist.ui.dnd import ImportSource;"
                    "from readinglist.ui.single_instance import hand_over;"
                    "app = QCoreApplication([]);"
                    "ok = hand_over(Path(sys.argv[1]), [ImportSource('path', sys.argv[2])]);"
                    "sys.exit(0 if ok else 3)",
                    str(data_dir),
                    wanted[0].value,
                ],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
        assert received.args == [wanted]
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=10000)
        assert child.returncode == 0, "the second launch saw the window answer"
    finally:
        running.release()


def test_nobody_answering_is_reported_not_hidden(qtbot, data_dir: Path) -> None:
    assert not hand_over(data_dir, [])


def test_a_second_launch_with_a_file_imports_it_in_the_running_window(
    qtbot, library: Library, data_dir: Path, example_digest: Path
) -> None:
    running = SingleInstance(data_dir)
    assert running.claim()
    window = MainWindow(library)
    qtbot.addWidget(window)
    running.activated.connect(window.bring_forward)
    window.show()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "readinglist", "--data-dir", str(data_dir), str(example_digest)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=20000)
        out, err = child.communicate()
        assert child.returncode == 0, err
        assert "already open" in out
        qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=20000)
        assert library.stats().papers == 114
    finally:
        window.close()
        running.release()
