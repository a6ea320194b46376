from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel


def test_header_click_sorts_by_value_and_filters_keep_the_order(
    qtbot, library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    window = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(window)
    header = window.table.horizontalHeader()
    header.setSortIndicator(PaperTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [window.model.row_at(n).title.casefold() for n in range(window.model.rowCount())]
    assert titles == sorted(titles)
    window.library.set_read([1, 2, 3])
    window.refresh_all()
    again = [window.model.row_at(n).title.casefold() for n in range(window.model.rowCount())]
    assert again == sorted(again)
    header.setSortIndicator(PaperTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert window.model.row_at(0).title.casefold() == titles[-1]
    window.close()
