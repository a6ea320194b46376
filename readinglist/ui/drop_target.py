"""The window as a drop target: digest files, folders, links or text dragged from another
application are imported (a drag from the window's own list is not an import)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from readinglist.ui.dnd import DropOverlay, ImportSource, can_import, sources_from_mime

Start = Callable[[list[ImportSource]], None]


class DropTarget(QObject):
    """Watches ``window``'s drag and drop events, shows ``overlay`` while something that
    can be imported hovers over it, and hands a drop to ``start``."""

    def __init__(self, window: QWidget, start: Start) -> None:
        super().__init__(window)
        self._window = window
        self._start = start
        self.overlay = DropOverlay(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Drag enter, leave and drop on the window; every other event passes on."""
        if watched is not self._window:
            return False
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if can_import(event.mimeData()) and event.source() is None:
                event.acceptProposedAction()
                self.overlay.show_over(self._window)
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragLeave:
            self.overlay.hide()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.overlay.hide()
            sources = sources_from_mime(event.mimeData())
            if sources:
                event.acceptProposedAction()
                self._start(sources)
            return True
        return False

    def paste(self) -> None:
        """Ctrl+V outside a text field: import digest text (or a URL) from the clipboard."""
        if isinstance(self._window.focusWidget(), QLineEdit):
            return
        mime = QApplication.clipboard().mimeData()
        sources = sources_from_mime(mime, text_name=self.tr("pasted text"))
        if sources:
            self._start(sources)
