"""A digest dropped on a filtered list (the Unread view): only the rows the import merged
in are filtered and looked at for the optional columns, never every row of the library
again, and the list shown is the one a full re-filter gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui import column_layout
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models import row_filter
from readinglist.ui.models.row_filter import visible_rows
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from tests.conftest import CORPUS
from tests.ui.test_main_window import drop
from tests.ui.user import WAIT_MS, click, is_seen
from tests.ui.windows import listing_window

# holds one paper of the example digest (found by its title), and 49 others
SAME_PAPER_AGAIN = CORPUS / "plaintext_lists" / "title_pdf_summary_blocks_2024-06-21.txt"


def _drop_file(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime)


def _shown_ids(window: MainWindow) -> list[int]:
    return [window.model.row_at(r).id for r in range(window.model.rowCount())]


def test_a_digest_dropped_on_the_unread_view_filters_only_its_rows(
    qtbot, library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.import_path(example_digest)
    library.set_read([p.id for p in library.papers()][:40])  # 74 of the 114 left unread
    with listing_window(qtbot, library, 114) as window:
        unread = window.sidebar_model.index_for_filter(SidebarFilter("unread", None))
        qtbot.waitUntil(lambda: unread.data(SidebarModel.CountRole) == 74, timeout=WAIT_MS)
        sidebar = window.sidebar
        click(sidebar.viewport(), sidebar.visualRect(unread).center())
        qtbot.waitUntil(lambda: window.model.rowCount() == 74, timeout=WAIT_MS)
        tested: list[int] = []  # the rows the view's test was run on
        looked: list[int] = []  # how many rows each look for a filled column went over
        real_passes, real_filled = row_filter.passes, column_layout.filled

        def passes(row: PaperRow, view: SidebarFilter) -> bool:
            tested.append(row.id)
            return real_passes(row, view)

        def filled(rows, field: str) -> bool:  # type: ignore[no-untyped-def]
            rows = list(rows)
            looked.append(len(rows))
            return real_filled(rows, field)

        monkeypatch.setattr(row_filter, "passes", passes)
        monkeypatch.setattr(column_layout, "filled", filled)
        _drop_file(window, SAME_PAPER_AGAIN)
        qtbot.waitUntil(lambda: "new" in window.message.text() and window.imports.job is None,
                        timeout=WAIT_MS)  # fmt: skip
        assert window.message.text().startswith("49 new, 1 merged")
        qtbot.waitUntil(lambda: window.model.rowCount() == 74 + 49, timeout=WAIT_MS)
        assert len(tested) == len(set(tested)) == 50  # the rows the import brought, once each
        assert all(n <= 50 for n in looked)  # the columns: those rows too
        every = window.papers.rows
        assert len(every) == 114 + 49
        full = visible_rows(every, None, SidebarFilter("unread", None), None, None)
        assert _shown_ids(window) == [row.id for row in full.rows]  # as a full re-filter
        assert set(_shown_ids(window)) == {p.id for p in library.papers() if not p.read}
        assert window.count_label.text() == "123 of 163"
        assert is_seen(window.table)
