"""A long export in the window: the status bar shows how far it got, and Cancel stops it
without touching the file. The worker is held between two batches of papers (by the test,
not by a timer), so what the person sees midway can be checked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressBar, QPushButton

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_export import export_to
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, click, is_seen


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Exports read papers 10 at a time and wait before each batch after the first of a
    writing pass until the returned event is set (it is set after the test, whatever
    happens, so no worker is left waiting)."""
    gate = threading.Event()
    real = Library.paper_batches

    def paper_batches(
        self: Library, ids: list[int], light: bool = False, size: int = 10
    ) -> Iterator[list[object]]:
        for number, batch in enumerate(real(self, ids, light, 10)):
            if number and not light:
                gate.wait(WAIT_MS / 1000)
            yield batch  # type: ignore[misc]

    monkeypatch.setattr(Library, "paper_batches", paper_batches)
    yield gate
    gate.set()


def _status_widget(window: MainWindow, kind: type, text: str | None = None):  # type: ignore[no-untyped-def]
    found = window.statusBar().findChildren(kind)
    return next(w for w in found if text is None or w.text() == text)


def test_a_long_export_shows_its_progress_and_can_be_cancelled(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch, held: threading.Event
) -> None:
    open_example(qtbot, window)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "list.bib"
    target.write_text("my previous export\n", encoding="utf-8")
    export_to(qtbot, window, target, monkeypatch)
    qtbot.waitUntil(lambda: window.message.text() == "Exporting 10 of 114 papers…", timeout=WAIT_MS)
    assert is_seen(window.message)
    bars = [b for b in window.statusBar().findChildren(QProgressBar) if b.isVisible()]
    assert [(b.value(), b.maximum()) for b in bars] == [(10, 114)]
    assert is_seen(bars[0])
    window.grab().save(str(tmp_path / "export-progress.png"))  # looked at by a person
    cancel = _status_widget(window, QPushButton, "Cancel export")
    assert is_seen(cancel)
    click(cancel)
    held.set()
    qtbot.waitUntil(lambda: "Exporting" not in window.message.text(), timeout=WAIT_MS)
    assert window.message.text() == f"Export cancelled; {target} was not written."
    assert is_seen(window.message)
    assert not cancel.isVisible() and not bars[0].isVisible()
    assert target.read_text(encoding="utf-8") == "my previous export\n"
    assert [p.name for p in target.parent.iterdir()] == ["list.bib"]  # no partial file


def test_an_export_that_is_let_run_writes_every_paper(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch, held: threading.Event
) -> None:
    open_example(qtbot, window)
    target = tmp_path / "list.bib"
    held.set()
    export_to(qtbot, window, target, monkeypatch)
    qtbot.waitUntil(lambda: "Exporting" not in window.message.text(), timeout=WAIT_MS)
    assert window.message.text() == f"Exported 114 papers to {target}"
    assert target.read_text(encoding="utf-8").count("\n@") == 114
    assert not _status_widget(window, QPushButton, "Cancel export").isVisible()
