"""The paper list's view: a table whose rows are papers, with the selection in paper ids."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from readinglist.ui.menu_keys import open_menu_by_keys
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.views.title_room import TitleRoom

_Move = QAbstractItemView.CursorAction
_NO_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
_WIDTHS = ((2, 110), (3, 80), (4, 80), (5, 96), (6, 86))  # authors … added; title stretches
ROW_HEIGHT = 24


class PaperTable(QTableView):
    """A table of papers: Home and End go to the first and last paper (a plain table
    moves to the first or last column of the row); rows are sorted by whoever fills the
    model, the header only shows the order. ``escaped`` when Escape reaches the list."""

    escaped = Signal()

    def __init__(self, model: PaperTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.papers = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(False)
        self.setDragEnabled(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        # Rows are selected, not cells: Tab leaves the list for the next pane (it moved
        # from cell to cell of the same row, and the keyboard could never leave the list).
        self.setTabKeyNavigation(False)
        self.menu_keys = open_menu_by_keys(self)  # Shift+F10, the Menu key: the paper menu
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        # The header draws a column as "selected" by asking the selection about every
        # cell of it: with 10,000 rows selected (Ctrl+A) each paint took ~600 ms. Rows are
        # selected here, never columns: the header gets a selection of its own (empty).
        header.setSelectionModel(QItemSelectionModel(model, header))
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(PaperTableModel.ADDED, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(PaperTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        header.resizeSection(PaperTableModel.STAR, 26)
        for column, width in _WIDTHS:
            header.resizeSection(column, width)
        self.title_room = TitleRoom(self)  # the others give way before the title does

    def sort_order(self) -> tuple[int, bool]:
        """The column the list is sorted by, and whether descending."""
        header = self.horizontalHeader()
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        return header.sortIndicatorSection(), descending

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in table order; the current paper when none is."""
        # From the selection's ranges: ``selectedRows()`` asks the model about every cell
        # (3.7 s for 5,000 selected rows).
        rows = sorted({row for span in self.selectionModel().selection() for row in _rows_of(span)})
        if not rows:
            current = self.current_id()
            return [] if current is None else [current]
        rows_in = self.papers.rows_in  # a slice per run of rows: no call per row
        return [row.id for first, last in _runs(rows) for row in rows_in(first, last)]

    def current_id(self) -> int | None:
        """The paper under the cursor."""
        index = self.currentIndex()
        return self.papers.row_at(index.row()).id if index.isValid() else None

    def select_id(self, paper_id: int) -> None:
        """Make ``paper_id`` the current, selected row (when it is shown)."""
        position = self.papers.position_of(paper_id)
        if position is not None:
            self.selectRow(position)
            self.scrollTo(self.papers.index(position, PaperTableModel.TITLE))

    def select_ids(self, paper_ids: Iterable[int], current: int) -> None:
        """Select the papers of ``paper_ids`` that are shown, one range per run of
        adjacent rows, with ``current`` (shown) as the current row."""
        position = self.papers.position_of(current)
        if position is None:
            return
        shown = (self.papers.position_of(pid) for pid in paper_ids)
        rows = sorted(row for row in shown if row is not None)
        selection = QItemSelection()
        last = self.papers.columnCount() - 1
        for first, end in _runs(rows):
            selection.select(self.papers.index(first, 0), self.papers.index(end, last))
        flags = QItemSelectionModel.SelectionFlag
        chooser = self.selectionModel()
        chooser.setCurrentIndex(self.papers.index(position, PaperTableModel.TITLE), flags.NoUpdate)
        chooser.select(selection, flags.ClearAndSelect)
        self.scrollTo(self.papers.index(position, PaperTableModel.TITLE))

    def take_focus(self) -> None:
        """Take the keys, with the current paper (or the first) selected."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.selectionModel().hasSelection() and self.papers.rowCount():
            current = self.currentIndex()
            self.selectRow(current.row() if current.isValid() else 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape is the list's own (a shortcut would take it from a dialog opened over the
        window, which the list's focus outlives on some platforms)."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in _NO_MODIFIERS:
            event.accept()
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def moveCursor(  # noqa: N802
        self, action: _Move, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home/End (with or without Ctrl): the first or last row, same column."""
        if action in (_Move.MoveHome, _Move.MoveEnd):
            rows = self.papers.rowCount()
            if rows:
                current: QModelIndex | QPersistentModelIndex = self.currentIndex()
                column = current.column() if current.isValid() else 0
                return self.papers.index(0 if action == _Move.MoveHome else rows - 1, column)
        return super().moveCursor(action, modifiers)


def _rows_of(span: QItemSelectionRange) -> range:
    """The rows a selection range covers (every column of a row is selected together)."""
    return range(span.top(), span.bottom() + 1)


def _runs(rows: list[int]) -> Iterable[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of adjacent rows."""
    start = end = -2
    for row in rows:
        if row != end + 1:
            if start >= 0:
                yield start, end
            start = row
        end = row
    if start >= 0:
        yield start, end
