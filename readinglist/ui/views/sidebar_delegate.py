"""How a sidebar entry is drawn: its label on the left, its count right-aligned."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from readinglist.ui.models.sidebar_model import SidebarModel

_Index = QModelIndex | QPersistentModelIndex


class SidebarDelegate(QStyledItemDelegate):
    """Draws an entry's label on the left (elided) and its count right-aligned, dimmed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """The item's background and focus as the style draws them, then label and count."""
        count = index.data(SidebarModel.CountTextRole)
        if not count:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        label = str(index.data(SidebarModel.LabelRole) or "")
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        text_rect = text_rect.adjusted(margin, 0, -margin, 0)
        metrics = opt.fontMetrics
        count_width = metrics.horizontalAdvance(count)
        gap = metrics.horizontalAdvance("  ")
        label_rect = text_rect.adjusted(0, 0, -(count_width + gap), 0)
        count_rect = QRect(
            text_rect.right() - count_width + 1, text_rect.top(), count_width, text_rect.height()
        )
        kind = getattr(index.data(SidebarModel.FilterRole), "kind", "")
        mode = Qt.TextElideMode.ElideMiddle if kind == "digest" else Qt.TextElideMode.ElideRight
        elided = metrics.elidedText(label, mode, max(0, label_rect.width()))

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if not opt.state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        count_role = text_role if selected else QPalette.ColorRole.PlaceholderText
        align = Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, text_role))
        painter.drawText(label_rect, int(align | Qt.AlignmentFlag.AlignLeft), elided)
        painter.setPen(opt.palette.color(group, count_role))
        painter.drawText(count_rect, int(align | Qt.AlignmentFlag.AlignRight), count)
        painter.restore()
