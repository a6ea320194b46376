"""A big import while the window is open: searches answer while the index catches up, and
the window says that it is indexing until it is done."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core import index_process
from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_import import drop_paths
from tests.ui.user import activate, is_seen, press, type_text

WAIT_MS = 15_000
CATCH_UP_MS = 240_000  # writing 5,000 papers to the index on a busy test machine
PROGRESS = re.compile(r"Indexing [1-9][\d,]* of 5,000 papers…")


@pytest.fixture
def window(qtbot, library: Library, example_digest: Path) -> Iterator[MainWindow]:
    library.reindex()  # an index exists (empty): the import is what it must catch up with
    win = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


def write_big_bibtex(path: Path, count: int) -> None:
    """``count`` entries, entry ``n`` the only one with the word ``zebrafinchN``."""
    path.write_text(
        "\n".join(
            f"@article{{key{n},\n  title = {{Study {n} of zebrafinch{n} song learning}},\n"
            f"  author = {{Ann Author and Bo Writer}},\n  year = {{2024}},\n"
            f"  abstract = {{We examine how bird {n} learns its song.}}\n}}\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )


def titles_shown(window: MainWindow) -> list[str]:
    model = window.model
    return [str(model.index(row, model.TITLE).data()) for row in range(model.rowCount())]


def test_search_answers_while_a_big_import_is_indexed(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    big = tmp_path / "big.bib"
    write_big_bibtex(big, 5000)
    drop_paths(window, big)
    qtbot.waitUntil(lambda: window.model.rowCount() == 5000, timeout=60_000)
    indicator = window.indexing.catching_up
    qtbot.waitUntil(lambda: is_seen(indicator), timeout=WAIT_MS)
    assert indicator.text() == "Indexing 5,000 papers…" or PROGRESS.fullmatch(indicator.text())

    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "zebrafinch4321")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    assert titles_shown(window) == ["Study 4321 of zebrafinch4321 song learning"]
    assert is_seen(indicator), "the answer came while the index was still catching up"
    assert is_seen(window.table)

    # The indexing process reports how far it got; the last report stays once it is done.
    qtbot.waitUntil(lambda: PROGRESS.fullmatch(indicator.text()) is not None, timeout=CATCH_UP_MS)
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=CATCH_UP_MS)
    assert window.indexing.catch_up_job is None
    press(window, Qt.Key.Key_Backspace)  # the index answers now: "zebrafinch432" is a prefix
    qtbot.waitUntil(lambda: window.model.rowCount() == 11, timeout=WAIT_MS)


def test_space_on_many_papers_is_indexed_in_the_background(
    qtbot, library: Library, tmp_path: Path
) -> None:
    big = tmp_path / "big.bib"
    write_big_bibtex(big, 600)
    library.import_path(big)
    library.reindex()
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 600, timeout=WAIT_MS)
    press(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(window, Qt.Key.Key_Space)  # 600 papers read: more than a search catches up itself
    indicator = window.indexing.catching_up
    qtbot.waitUntil(lambda: window.indexing.catch_up_job is not None, timeout=WAIT_MS)
    assert indicator.text() == "Indexing 600 papers…"
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=CATCH_UP_MS)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "zebrafinch12")
    qtbot.waitUntil(lambda: window.model.rowCount() == 11, timeout=WAIT_MS)
    window.close()


def test_a_backlog_left_by_a_closed_window_is_indexed_by_the_index_process(
    qtbot, library: Library, tmp_path: Path
) -> None:
    library.reindex()
    big = tmp_path / "big.bib"
    write_big_bibtex(big, 600)
    library.import_path(big)  # stored, not yet indexed: as when a window closed meanwhile
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    indicator = window.indexing.catching_up
    qtbot.waitUntil(lambda: is_seen(indicator), timeout=WAIT_MS)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "zebrafinch12")
    qtbot.waitUntil(lambda: window.model.rowCount() == 11, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=CATCH_UP_MS)
    window.close()
    with Library.open(library.directory) as fresh:  # the index as the process left it
        assert fresh.index_backlog() == 0


def test_an_index_process_that_cannot_start_is_said_and_search_still_answers(
    qtbot, library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EFAULT, "Bad address")

    monkeypatch.setattr(index_process.subprocess, "Popen", refuse)
    library.import_path(example_digest)  # no index yet: the window builds one at start
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    expected = "The search index could not be built: the indexing process could not start"
    qtbot.waitUntil(lambda: expected in window.message.text(), timeout=WAIT_MS)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "agents")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 114, timeout=WAIT_MS)
    window.close()
