"""The "For you" column: each paper's score as a small bar (its number as a tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


class ScoreBarDelegate(QStyledItemDelegate):
    """Paints a cell whose text is a score between 0 and 1 as a bar of that length."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter)
        if not text:
            return
        score = min(max(float(text), 0.0), 1.0)
        rect = QRectF(option.rect).adjusted(6, option.rect.height() * 0.3, -6, 0)
        rect.setHeight(option.rect.height() * 0.4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        track = option.palette.color(group, QPalette.ColorRole.Midlight)
        fill = option.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setBrush(fill)
        painter.drawRoundedRect(
            QRectF(rect.x(), rect.y(), rect.width() * score, rect.height()), 3, 3
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(72, super().sizeHint(option, index).height())
