"""The window's status bar: one short message at a time (never a modal dialog), the buttons
that belong to the message they came with, and the controllers' lasting widgets (progress
bars, Cancel buttons) on its right."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QWidget


class StatusLine(QObject):
    """``label`` shows the message; :meth:`say` replaces it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.label = QLabel(window)
        self._bar = window.statusBar()
        self._bar.addWidget(self.label, 1)
        self._buttons: list[QWidget] = []

    def say(self, text: str) -> None:
        """Show ``text``. A button shown with the previous message (Undo import, Show,
        Details…) goes with it: once the user has moved on, "Undo import" is no longer one
        click from removing a digest."""
        self.label.setText(text)
        for button in self._buttons:
            button.hide()

    def add(self, *widgets: QWidget) -> None:
        """Widgets that stay on the right of the message, in this order."""
        for widget in widgets:
            self._bar.addPermanentWidget(widget)
            _keep_keys_on_click(widget)

    def tie(self, *buttons: QWidget) -> None:
        """Buttons a controller shows with its message, hidden by the next message."""
        self._buttons.extend(buttons)
        for button in buttons:
            _keep_keys_on_click(button)


def _keep_keys_on_click(widget: QWidget) -> None:
    """A click on a status-bar button leaves the keys where they were (Tab still reaches
    it): the button hides once clicked (Undo import, Cancel), and the keys then went to the
    next widget in the Tab order, the search field, where J or S was typed as text."""
    if isinstance(widget, QAbstractButton):
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
