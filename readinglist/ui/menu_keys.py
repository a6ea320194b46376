"""The keyboard's way to a context menu: Shift+F10 and the Menu key on a list or a tree
open the menu a right-click opens, beside the current item (a right-click was the only way;
Qt turns neither key into a context-menu request on every platform)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView

MENU_KEYS = ("Shift+F10", QKeySequence(Qt.Key.Key_Menu))


def open_menu_by_keys(view: QAbstractItemView) -> list[QShortcut]:
    """Shift+F10 and the Menu key on ``view`` (while it has the keys) ask for its context
    menu at the current item, as a right-click there would."""
    shortcuts = []
    for keys in MENU_KEYS:
        shortcut = QShortcut(QKeySequence(keys), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: _request_menu(view))
        shortcuts.append(shortcut)
    return shortcuts


def _request_menu(view: QAbstractItemView) -> None:
    """Emit the view's context-menu request just under its current item (viewport
    coordinates, as for a right-click; the item stays in sight), or at the top of the view
    when there is none."""
    index = view.currentIndex()
    spot = view.visualRect(index) if index.isValid() else None
    if spot is None or not spot.intersects(view.viewport().rect()):
        view.customContextMenuRequested.emit(QPoint(4, 4))
        return
    view.customContextMenuRequested.emit(QPoint(spot.left() + 4, spot.bottom()))
