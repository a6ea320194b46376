"""The detail pane's similar papers: "Looking…" until they arrive from the search thread,
then up to five links that show the paper, or a note that there are none yet."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from readinglist.ui.views.detail.text import heading

MAX_SIMILAR = 5


class SimilarList(QWidget):
    """A heading and the similar papers; ``paper_activated(id)`` when one is clicked."""

    paper_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading(self.tr("Similar papers"), self.font()))
        layout.addWidget(self._list)

    def show_similar(self, similar: list[tuple[int, str]] | None) -> None:
        """Show (id, title) pairs; None means they are still being looked for."""
        while (item := self._list_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        if similar is None:
            self._add_note(self.tr("Looking for similar papers…"))
            return
        for other_id, title in similar[:MAX_SIMILAR]:
            label = QLabel()
            label.setObjectName("similarPaper")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setText(f'<a href="paper:{other_id}">{html.escape(title)}</a>')
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.linkActivated.connect(self._on_activated)
            self._list_layout.addWidget(label)
        if not similar:
            self._add_note(self.tr("No similar papers yet"))

    def _add_note(self, text: str) -> None:
        note = QLabel(text)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._list_layout.addWidget(note)

    def _on_activated(self, href: str) -> None:
        prefix, _, number = href.partition(":")
        if prefix == "paper" and number.isdigit():
            self.paper_activated.emit(int(number))
