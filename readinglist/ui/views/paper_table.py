"""The paper list's view: a table whose rows are papers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

_Move = QAbstractItemView.CursorAction


class PaperTable(QTableView):
    """A table of papers: Home and End go to the first and last paper (a plain table
    moves to the first or last column of the row)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def moveCursor(  # noqa: N802
        self, action: _Move, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home/End (with or without Ctrl): the first or last row, same column."""
        model = self.model()
        if action in (_Move.MoveHome, _Move.MoveEnd) and model is not None:
            rows = model.rowCount()
            if rows:
                current: QModelIndex | QPersistentModelIndex = self.currentIndex()
                column = current.column() if current.isValid() else 0
                return model.index(0 if action == _Move.MoveHome else rows - 1, column)
        return super().moveCursor(action, modifiers)
