"""The Subscriptions section of the sidebar: the Inbox and each subscription, with how
many papers arrived since the last visit, and its state (failing, stale) in words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from readinglist.domain.subscriptions import Subscription

INBOX = "inbox"
SUBSCRIPTION = "subscription"
_ROLE = Qt.ItemDataRole.UserRole + 1


class SubscriptionsPanel(QTreeWidget):
    """Inbox + subscriptions; ``chosen(kind, id)`` when the user picks one."""

    chosen = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subscriptions-panel")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(12)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._section = QTreeWidgetItem([self.tr("Subscriptions"), ""])
        bold = QFont(self.font())
        bold.setBold(True)
        self._section.setFont(0, bold)
        self._section.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addTopLevelItem(self._section)
        self._inbox = self._item(self.tr("Inbox"), INBOX, 0)
        self._section.addChild(self._inbox)
        self.expandAll()
        self.currentItemChanged.connect(self._on_current)

    def _item(self, label: str, kind: str, ident: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setData(0, _ROLE, (kind, ident))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def show_state(self, inbox_count: int, subscriptions: Sequence[Subscription]) -> None:
        """Show the inbox count and each subscription with its new count and state."""
        self._inbox.setText(1, str(inbox_count) if inbox_count else "")
        self._inbox.setToolTip(0, self.tr("{0} papers arrived since your last visit").format(
            inbox_count))  # fmt: skip
        current = self.current_choice()
        while self._section.childCount() > 1:
            self._section.removeChild(self._section.child(1))
        muted = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        for sub in subscriptions:
            label, tip = describe(sub)
            item = self._item(label, SUBSCRIPTION, sub.id)
            item.setText(1, str(sub.unseen) if sub.unseen else "")
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            if not sub.enabled:
                item.setForeground(0, muted)
            self._section.addChild(item)
            if current == (SUBSCRIPTION, sub.id):
                self.blockSignals(True)
                self.setCurrentItem(item)
                self.blockSignals(False)
        self.expandAll()

    def current_choice(self) -> tuple[str, int] | None:
        """(kind, id) of the entry chosen, or None."""
        item = self.currentItem()
        data = item.data(0, _ROLE) if item is not None else None
        return tuple(data) if data else None  # type: ignore[return-value]

    def item_for(self, kind: str, ident: int = 0) -> QTreeWidgetItem | None:
        """The entry of the inbox or of a subscription."""
        for row in range(self._section.childCount()):
            item = self._section.child(row)
            if tuple(item.data(0, _ROLE)) == (kind, ident):
                return item
        return None

    def clear_choice(self) -> None:
        """Nothing chosen here (the user picked a view in the other sidebar)."""
        self.blockSignals(True)
        self.setCurrentItem(None)  # type: ignore[arg-type]
        self.clearSelection()
        self.blockSignals(False)

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        data = current.data(0, _ROLE) if current is not None else None
        if data:
            self.chosen.emit(data[0], data[1])


def describe(sub: Subscription) -> tuple[str, str]:
    """The entry's label (with a mark for trouble) and its tooltip in words."""
    label = sub.name
    lines = [f"{sub.kind} {sub.target}".strip(), f"every {sub.interval_hours} h"]
    if sub.last_fetch is None:
        lines.append("not fetched yet")
    else:
        lines.append(f"last fetch {sub.last_fetch[:16].replace('T', ' ')}: {sub.papers_new} new")
    if sub.last_error:
        label += " ⚠"
        lines.append(f"failed {sub.failures}× — {sub.last_error}")
        if sub.next_attempt:
            lines.append(f"next try {sub.next_attempt[:16].replace('T', ' ')}")
    elif sub.stale:
        label += " (stale)"
        lines.append("stale: no new papers for longer than usual")
    if not sub.enabled:
        lines.append("paused")
    return label, "\n".join(lines)
