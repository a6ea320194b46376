"""Menu building blocks: an action with the platform's shortcuts, and the Edit menu whose
Undo and Redo say what they would undo or redo ("Undo Add Tag 'agents'")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Keys = QKeySequence.StandardKey | str | None


def add_action(
    owner: QWidget, menu: QMenu, text: str, keys: Keys, slot: Callable[[], object]
) -> QAction:
    """An entry of ``menu`` whose shortcut works anywhere in ``owner``'s window."""
    action = QAction(text, owner)
    if isinstance(keys, QKeySequence.StandardKey):
        action.setShortcuts(keys)  # every binding of the platform (Redo: Ctrl+Y, Ctrl+Shift+Z)
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    owner.addAction(action)
    return action


def build_edit_menu(
    owner: QWidget,
    bar: QMenuBar,
    stack: QUndoStack,
    undo: Callable[[], object],
    redo: Callable[[], object],
) -> tuple[QAction, QAction]:
    """Edit > Undo and Redo (Ctrl+Z, Ctrl+Shift+Z), named after the step they would take."""
    menu = bar.addMenu(owner.tr("&Edit"))
    menu.setObjectName("edit-menu")
    undo_label, redo_label = owner.tr("&Undo"), owner.tr("&Redo")
    undo_action = add_action(owner, menu, undo_label, QKeySequence.StandardKey.Undo, undo)
    redo_action = add_action(owner, menu, redo_label, QKeySequence.StandardKey.Redo, redo)
    for action, label, changed, possible in (
        (undo_action, undo_label, stack.undoTextChanged, stack.canUndoChanged),
        (redo_action, redo_label, stack.redoTextChanged, stack.canRedoChanged),
    ):
        changed.connect(lambda text, a=action, prefix=label: _name(a, prefix, text))
        possible.connect(action.setEnabled)
        action.setEnabled(False)
    return undo_action, redo_action


def _name(action: QAction, prefix: str, text: str) -> None:
    """ "&Undo Add Tag 'x'" ("&" in the tag shown as itself, not as a mnemonic)."""
    action.setText(f"{prefix} {text.replace('&', '&&')}" if text else prefix)
