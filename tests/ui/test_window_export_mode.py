"""A file exported from the window is meant to be shared: it gets the user's usual
permissions (0666 less the umask, as an editor saves a file), never the private 0600 of
the temporary file it is written through (issue 19)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_export import export_to
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_an_exported_file_gets_the_users_usual_permissions(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch, mask: int
) -> None:
    open_example(qtbot, window)
    target = tmp_path / "shared.bib"
    previous = os.umask(mask)
    try:
        export_to(qtbot, window, target, monkeypatch)
        qtbot.waitUntil(lambda: "Exporting" not in window.message.text(), timeout=WAIT_MS)
    finally:
        os.umask(previous)
    assert window.message.text() == f"Exported 114 papers to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
