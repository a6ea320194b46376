"""An import done in the window is a step on the undo stack: Ctrl+Z takes out exactly what
it brought, Ctrl+Shift+Z imports the same file again, and the status bar's "Undo import"
offer does not stay there for ever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_undo import edit_menu_texts
from tests.ui.user import WAIT_MS, is_seen, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
KNOWN = "Xolver: Multi-Agent Reasoning with Holistic Experience Learning Just Like an Olympiad Team"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    """A library that already holds one of the example's papers (tagged, with notes) and
    another paper (the shared ``window`` fixture opens on it)."""
    library = Library.open(data_dir)
    library.import_records([PaperRecord(title=KNOWN), PaperRecord(title="An older paper")], "old")
    known = next(p for p in library.papers() if p.title == KNOWN)
    library.add_tags([known.id], ["mine"])
    library.set_notes(known.id, "read this first")
    yield library
    library.close()


def import_example(qtbot, window: MainWindow, example_digest: Path) -> None:  # type: ignore[no-untyped-def]
    drop_paths(window, example_digest)
    qtbot.waitUntil(lambda: window.model.rowCount() == 115, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "113 new, 1 merged" in window.message.text(), timeout=WAIT_MS)


def test_ctrl_z_undoes_an_import_and_keeps_what_was_there_before(
    qtbot, window: MainWindow, example_digest: Path
) -> None:
    before = {p.id: p for p in window.library.papers()}
    import_example(qtbot, window, example_digest)
    assert edit_menu_texts(window)[0] == f"Undo Import of {example_digest.name}"
    window.table.setFocus()
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    assert window.message.text() == f"Undone: Import of {example_digest.name}"
    after = {p.id: p for p in window.library.papers()}
    assert after.keys() == before.keys()
    known = next(p for p in after.values() if p.title == KNOWN)
    assert (known.tags, known.notes) == (["mine"], "read this first")
    assert [d.source_name for d in window.library.digests()] == ["old"]
    assert edit_menu_texts(window)[1] == f"Redo Import of {example_digest.name}"

    press(window, Key.Key_Z, CTRL | SHIFT)  # redo: the same file imported again
    qtbot.waitUntil(lambda: window.model.rowCount() == 115, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "113 new" in window.message.text(), timeout=WAIT_MS)
    assert len(window.library.digests()) == 2
    press(window, Key.Key_Z, CTRL)  # and the redone import can be undone again
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    assert [d.source_name for d in window.library.digests()] == ["old"]


def test_a_paper_annotated_after_the_import_stays_when_the_import_is_undone(
    qtbot, window: MainWindow, example_digest: Path
) -> None:
    import_example(qtbot, window, example_digest)
    fresh = window.model.row_at(0).id
    window.library.add_tags([fresh], ["later"])  # e.g. from the command line meanwhile
    window.table.setFocus()
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
    assert window.library.paper(fresh).tags == ["later"]


def test_the_undo_import_offer_expires(qtbot, window: MainWindow, example_digest: Path) -> None:
    # Offered for an hour, so the offer is still there when the test looks however slowly
    # the machine runs (with 200 ms it could expire before the first look); then the
    # hour is made to pass at once.
    window.imports.offer_ms = 3_600_000
    import_example(qtbot, window, example_digest)
    assert is_seen(window.undo_import_button)
    expiry = window.imports._expiry
    assert expiry.isActive() and expiry.interval() == 3_600_000
    expiry.start(0)
    qtbot.waitUntil(lambda: not window.undo_import_button.isVisible(), timeout=WAIT_MS)
    assert window.library.stats().papers == 115
    assert edit_menu_texts(window)[0] == f"Undo Import of {example_digest.name}"  # still there
