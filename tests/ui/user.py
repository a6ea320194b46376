"""What a person does to the window, and what they see of it.

Keys go to the window's native handle, the way the platform delivers them: the shortcut map
is tried first, then the key reaches whichever widget has the focus. Assertions look at the
rendered window: a widget counts as seen only when it is visible, lies inside the window's
geometry and its rendering is not one flat colour.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsOpacityEffect, QMainWindow, QWidget

WAIT_MS = 15_000


def activate(qtbot, window: QMainWindow) -> None:  # type: ignore[no-untyped-def]
    """Show the window and give it the keyboard, as a click on its title bar would."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)


def press(
    window: QMainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press one key on the keyboard while ``window`` is the active window."""
    handle = window.windowHandle()
    assert handle is not None, "the window is not shown"
    QTest.keyClick(handle, key, modifier)


def type_text(window: QMainWindow, text: str) -> None:
    """Type ``text`` on the keyboard, one key after the other."""
    handle = window.windowHandle()
    assert handle is not None, "the window is not shown"
    for char in text:
        key = Qt.Key.Key_Space if char == " " else Qt.Key(ord(char.upper()))
        QTest.keyClick(handle, key, Qt.KeyboardModifier.NoModifier)
        QApplication.processEvents()


def tag_with_keys(window: QMainWindow, tag: str) -> None:
    """Tag the selected papers as a reader does: T, the tag's name, Enter."""
    press(window, Qt.Key.Key_T)
    type_text(window, tag)
    press(window, Qt.Key.Key_Return)


def click(widget: QWidget, point: QPoint | None = None) -> None:
    """A left click on ``widget`` (its centre unless ``point`` says where)."""
    where = widget.rect().center() if point is None else point
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def is_seen(widget: QWidget) -> bool:
    """True when a person sees ``widget``: it is visible, not clipped away by its parents
    (a scrolled pane shows part of a widget), inside the window, and the window's own
    rendering changes where it is when the widget paints nothing (so it draws something,
    and nothing covers it)."""
    if not widget.isVisible() or widget.width() < 2 or widget.height() < 2:
        return False
    shown = widget.visibleRegion().boundingRect()
    if shown.width() < 2 or shown.height() < 2:
        return False
    window = widget.window()
    in_window = QRect(widget.mapTo(window, shown.topLeft()), shown.size())
    if not QRect(QPoint(0, 0), window.size()).contains(in_window):
        return False
    assert widget.graphicsEffect() is None, "is_seen() needs the widget's graphics effect"
    with_widget = window.grab(in_window).toImage()
    transparent = QGraphicsOpacityEffect(widget)
    transparent.setOpacity(0.0)
    widget.setGraphicsEffect(transparent)
    try:
        without_widget = window.grab(in_window).toImage()
    finally:
        widget.setGraphicsEffect(None)  # deletes the effect
    return with_widget != without_widget


def focused(window: QMainWindow) -> QWidget | None:
    """The widget the next key goes to."""
    return window.focusWidget() if QApplication.activeWindow() is window else None
