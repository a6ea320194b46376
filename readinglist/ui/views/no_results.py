"""What the paper list says when nothing matches: the search, a correction to try and a
way back to every paper."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_QUERY_MAX = 40
_LINK_CSS = (
    "QPushButton { border: none; padding: 0; color: palette(link); text-decoration: underline; }"
)


def _link_button(text: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(_LINK_CSS)
    return button


class NoResults(QWidget):
    """ "No papers match 'x'. Did you mean y? · Clear search", centred in the list."""

    suggestion_chosen = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion = ""
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.suggestion = _link_button()
        self.suggestion.clicked.connect(lambda: self.suggestion_chosen.emit(self._suggestion))
        self._dot = QLabel("·", self)
        self._dot.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear = _link_button(self.tr("Clear search"))
        self.clear.clicked.connect(self.clear_requested)
        row = QHBoxLayout(self)
        row.setSpacing(6)
        for widget in (self.message, self.suggestion, self._dot, self.clear):
            row.addWidget(widget)

    def show_for(self, query: str, suggestion: str) -> None:
        """Say that ``query`` matched nothing (no query: the view is empty)."""
        query = " ".join(query.split())
        if len(query) > _QUERY_MAX:
            query = query[: _QUERY_MAX - 1] + "…"
        self._suggestion = suggestion
        if query:
            self.message.setText(self.tr("No papers match '{0}'.").format(query))
        else:
            self.message.setText(self.tr("No papers here."))
        self.suggestion.setText(self.tr("Did you mean {0}?").format(suggestion))
        self.suggestion.setVisible(bool(query and suggestion))
        self._dot.setVisible(bool(query and suggestion))
        self.clear.setVisible(bool(query))
        self.show()


def place_in(view_port: QWidget, message: NoResults) -> None:
    """Centre ``message`` in a list's viewport, above the (empty) rows."""
    layout = QVBoxLayout(view_port)
    layout.addWidget(message, 0, Qt.AlignmentFlag.AlignCenter)
    message.hide()
