"""Papers a highlight rule marked, drawn in the paper list: the row tinted in the palette's
highlight colour, a ◆ before the title, and the rules' names in the row's tooltip.

The delegate only reads a dict of paper id -> rule names that the subscriptions controller
hands it (read off the GUI thread after a fetch); the model stays as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from readinglist.ui.models.paper_table_model import PaperTableModel

Index = QModelIndex | QPersistentModelIndex
MARKER = "◆ "
TINT_ALPHA = 70  # of 255: the row stays readable in light and dark palettes


class HighlightDelegate(QStyledItemDelegate):
    """Draws highlighted papers' cells tinted, the title with a marker; tooltips say why."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.reasons: dict[int, list[str]] = {}

    def why(self, paper_id: int | None) -> str:
        """The tooltip of a paper's row: which rules highlighted it ("" when none did)."""
        names = self.reasons.get(paper_id) if paper_id is not None else None
        if not names:
            return ""
        quoted = ", ".join(f"“{name}”" for name in names)
        if len(names) == 1:
            return self.tr("Highlighted by your rule {0}").format(quoted)
        return self.tr("Highlighted by your rules {0}").format(quoted)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if not self.reasons:
            return
        if index.data(PaperTableModel.IdRole) not in self.reasons:
            return
        if not option.state & QStyle.StateFlag.State_Selected:
            tint = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(TINT_ALPHA)
            option.backgroundBrush = tint
        if index.column() == PaperTableModel.TITLE:
            option.text = MARKER + option.text

    def helpEvent(  # noqa: N802
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        why = self.why(index.data(PaperTableModel.IdRole)) if index.isValid() else ""
        if event.type() == QEvent.Type.ToolTip and why:
            QToolTip.showText(event.globalPos(), why, view)
            return True
        return super().helpEvent(event, view, option, index)


class HighlightMarks(QObject):
    """Puts the delegate on the paper table while some paper is highlighted (and the
    table's own delegate back when none is: a paint then costs no extra Python call per
    cell); per-column delegates, like the score's, keep theirs."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._plain = table.itemDelegate()
        self.delegate = HighlightDelegate(table)

    def show(self, reasons: dict[int, list[str]]) -> None:
        """Mark these papers (paper id -> the names of the rules that highlighted them)."""
        if reasons == self.delegate.reasons:
            return
        self.delegate.reasons = reasons
        self._table.setItemDelegate(self.delegate if reasons else self._plain)
        self._table.viewport().update()

    def why(self, paper_id: int | None) -> str:
        """Why a paper is highlighted, in words ("" when it is not)."""
        return self.delegate.why(paper_id)
