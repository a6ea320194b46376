"""Desktop notifications: a system-tray message when there is a tray, and always the
status bar; ``notified`` lets tests (offscreen, without a tray) see what was said."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from readinglist import APP_NAME

SHOW_MS = 8000


class Notifier(QObject):
    """Says something to the user outside the window when it can, inside it anyway."""

    notified = Signal(str)

    def __init__(self, parent: QObject, icon: QIcon, status: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._status = status
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(APP_NAME)
        self.messages: list[str] = []

    @property
    def has_tray(self) -> bool:
        """True when messages also reach the system tray."""
        return self._tray is not None

    def notify(self, text: str) -> None:
        """Show ``text`` in the tray (if any) and in the status bar."""
        self.messages.append(text)
        if self._tray is not None:
            self._tray.show()
            self._tray.showMessage(APP_NAME, text, QSystemTrayIcon.MessageIcon.Information, SHOW_MS)
        self._status(text)
        self.notified.emit(text)
