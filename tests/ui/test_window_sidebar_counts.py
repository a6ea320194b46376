"""The sidebar's counts follow what the user does — Space, S, a tag typed, Ctrl+Z — from the
papers each change turned, without counting the library again on the GUI thread; after an
import is undone (papers gone) a worker counts them and the sidebar shows its answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from tests.ui.test_window_import import drop_paths
from tests.ui.user import WAIT_MS, press, type_text
from tests.ui.windows import listing_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SECOND_DIGEST = 40  # papers of the example digest also listed by a second digest
BIBTEX = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bibtex"


@pytest.fixture
def library(data_dir: Path, example_digest: Path) -> Iterator[Library]:
    """The example digest (114 papers), 40 of them also in a second digest."""
    library = Library.open(data_dir)
    library.import_path(example_digest)
    papers = library.papers()[:SECOND_DIGEST]
    library.import_records([PaperRecord(title=p.title) for p in papers], "second digest")
    yield library
    library.close()


@pytest.fixture
def window(qtbot, library: Library) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with listing_window(qtbot, library, 114) as win:
        yield win


def entries(model: SidebarModel) -> dict[str, str]:
    """What the sidebar lists under Library, Tags and Digests: label -> count shown."""
    shown: dict[str, str] = {}
    for section in range(model.rowCount()):
        parent = model.index(section, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            chosen = index.data(SidebarModel.FilterRole)
            if isinstance(chosen, SidebarFilter) and chosen.kind in ("top", "search"):
                continue  # For you's Top Picks and saved searches are counted elsewhere
            label = str(index.data(SidebarModel.LabelRole))
            shown[label] = str(index.data(SidebarModel.CountTextRole))
    return shown


def fresh_count(directory: Path) -> dict[str, str]:
    """The sidebar as a fresh count of the library would show it."""
    with Library.open(directory) as library:
        model = SidebarModel()
        model.set_snapshot(library.stats(), library.digests())
    return entries(model)


def counting(library: Library) -> list[str]:
    """Records every count of the whole library the window's own library makes."""
    calls: list[str] = []
    for name in ("stats", "digests"):
        real: Callable[..., object] = getattr(library, name)
        setattr(library, name, lambda *a, _n=name, _r=real, **k: calls.append(_n) or _r(*a, **k))
    return calls


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_counts_follow_space_s_a_tag_and_their_undo_without_counting_the_library(
    qtbot, window: MainWindow
) -> None:
    directory = window.library.directory
    assert entries(window.sidebar_model) == fresh_count(directory)
    counted = counting(window.library)
    window.table.selectRow(0)
    for _ in range(5):
        press(window, Key.Key_Down, SHIFT)
    assert len(window.selected_ids()) == 6
    steps: list[Callable[[], None]] = [
        lambda: press(window, Key.Key_Space),
        lambda: press(window, Key.Key_S),
        lambda: (
            press(window, Key.Key_T),
            type_text(window, "agents"),
            press(window, Key.Key_Return),
        ),
        lambda: press(window, Key.Key_A, CTRL),
        lambda: press(window, Key.Key_Space),  # every paper read: both digests too
    ]
    for step in steps:
        step()
        settle()
        assert entries(window.sidebar_model) == fresh_count(directory)
    shown = entries(window.sidebar_model)
    assert shown["Read"] == "114" and shown["Unread"] == "0" and shown["Starred"] == "6"
    assert shown["agents"] == "6"  # T tags every selected paper
    assert shown["second digest"] == f"{SECOND_DIGEST}/{SECOND_DIGEST}"
    for _ in range(4):  # Space on all, the tag, S, Space: undone one after the other
        press(window, Key.Key_Z, CTRL)
        settle()
        assert entries(window.sidebar_model) == fresh_count(directory)
    shown = entries(window.sidebar_model)
    assert shown["Read"] == "0" and shown["Starred"] == "0" and "agents" not in shown
    assert counted == []  # every count followed the change: none counted the library


def test_after_an_import_is_undone_a_worker_counts_and_the_sidebar_shows_it(
    qtbot, window: MainWindow
) -> None:
    directory = window.library.directory
    press(window, Key.Key_Space)  # a paper read before: its count must survive the undo
    drop_paths(window, BIBTEX / "zotero_bbt_arxiv_3.bib")
    qtbot.waitUntil(lambda: window.model.rowCount() == 117, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any("zotero" in label for label in entries(window.sidebar_model)))
    counted = counting(window.library)
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: entries(window.sidebar_model) == fresh_count(directory), timeout=WAIT_MS
    )
    shown = entries(window.sidebar_model)
    assert shown["All"] == "114" and shown["Read"] == "1"
    assert not any("zotero" in label for label in shown)
    assert "stats" not in counted  # counted by the worker, not on the GUI thread


def test_removing_papers_is_counted_by_a_worker(qtbot, window: MainWindow) -> None:
    directory = window.library.directory
    press(window, Key.Key_S)
    counted = counting(window.library)
    for _ in range(2):
        press(window, Key.Key_Down, SHIFT)
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 111
    qtbot.waitUntil(
        lambda: entries(window.sidebar_model) == fresh_count(directory), timeout=WAIT_MS
    )
    assert entries(window.sidebar_model)["All"] == "111"
    assert entries(window.sidebar_model)["Starred"] == "0"
    assert "stats" not in counted
