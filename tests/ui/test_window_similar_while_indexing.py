"""Find Similar Papers pressed while the search index is still being built (the first
seconds after the first import) answers with the similar papers once the index is ready.
It showed the paper alone ("1 of 114"), and the list then jumped back to every paper when
the index was swapped in, without the user doing anything. The build is held back here
until the test lets it run, so no timing decides what the test sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from readinglist.ui.index_controller import IndexController
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


class HeldBuilds:
    """Index builds asked for, held until :meth:`release` runs them."""

    def __init__(self) -> None:
        self.real = IndexController.rebuild
        self.held: list[IndexController] = []

    def release(self) -> None:
        for controller in self.held:
            self.real(controller)


@pytest.fixture
def held_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldBuilds]:
    builds = HeldBuilds()
    monkeypatch.setattr(IndexController, "rebuild", lambda self: builds.held.append(self))
    yield builds


def find_similar_by_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Paper > Find Similar Papers from the keyboard (Alt+P, I)."""
    press(window, Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    QTest.keyClick(QApplication.activePopupWidget(), Key.Key_I)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=WAIT_MS)


def test_find_similar_while_the_index_is_built_answers_once_it_is_ready(
    qtbot, held_builds: HeldBuilds, window: MainWindow
) -> None:
    open_example(qtbot, window)
    assert held_builds.held, "no index build was asked for"
    window.table.setFocus()
    asked = window.current_id()
    with qtbot.waitSignal(window.search_thread.related, timeout=WAIT_MS):
        find_similar_by_keys(qtbot, window)
    assert window.count_label.text() == "114 of 114"  # not the paper alone
    qtbot.waitUntil(lambda: "once the search index" in window.message.text(), timeout=WAIT_MS)
    with qtbot.waitSignal(window.search_thread.results, timeout=WAIT_MS):
        held_builds.release()  # the index is built and swapped in; the search asked again
    qtbot.waitUntil(lambda: 1 < window.model.rowCount() < 114, timeout=WAIT_MS)
    shown = {window.model.row_at(n).id for n in range(window.model.rowCount())}
    assert asked in shown
    assert "Papers like the selected one" in window.message.text()
    assert window.count_label.text() == f"{len(shown)} of 114"
