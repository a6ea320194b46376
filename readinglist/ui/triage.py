"""Keyboard triage: j/k move, Space read, s star, t tags, n notes, Enter open, Delete
remove; every change goes on the window's undo stack (``ui/edits.py``), which Edit > Undo
(Ctrl+Z) and Redo walk."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from readinglist.domain.errors import ReadingListError
from readinglist.ui.hosts import PaperListHost, TagFocus
from readinglist.ui.wording import papers, them


def _reporting_errors(action: Callable[..., None]) -> Callable[..., None]:
    """Run a triage action; a refused change (busy or read-only library, full disk…)
    becomes a status-bar message instead of an error dialog."""

    @functools.wraps(action)
    def run(self: TriageActions, *args: object) -> None:
        try:
            action(self, *args)
        except ReadingListError as exc:
            self.window.show_message(str(exc))

    return run


class TriageActions:
    """The window's single-key triage shortcuts, and undo/redo of the window's edits."""

    def __init__(self, window: PaperListHost, keys_on: QWidget, fields: TagFocus) -> None:
        """Single keys work anywhere in ``keys_on`` (the window) except in text fields;
        T and N go to ``fields``."""
        self.window = window
        self._fields = fields
        self.mark_read_when_opened = False
        self.edits = window.edits
        self.edits.step_done.connect(window.show_message)
        self.edits.step_failed.connect(window.show_message)
        bindings: list[tuple[str | QKeySequence.StandardKey, Callable[[], None]]] = [
            ("J", lambda: self.move(1)),
            ("K", lambda: self.move(-1)),
            ("Space", self._space),
            ("S", self.toggle_star),
            ("T", fields.focus_tags),
            ("N", fields.focus_notes),
            ("Delete", self._delete),
        ]
        self.shortcuts = []
        for keys, slot in bindings:
            shortcut = QShortcut(QKeySequence(keys), keys_on)
            shortcut.activated.connect(lambda slot=slot: self._when_not_typing(slot))
            self.shortcuts.append(shortcut)
        # Enter opens the paper only from the list: a window-wide Enter would take the key
        # from the tag, search and notes fields before they see it.
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), window.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(window.open_current_link)
            self.shortcuts.append(shortcut)

    @_reporting_errors
    def _when_not_typing(self, slot: Callable[[], None]) -> None:
        """Single-letter shortcuts must not steal keys from a text field."""
        focus = self.window.focusWidget()
        if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit) and not focus.isReadOnly():
            return
        slot()

    # ------------------------------------------------------------------ actions

    def _space(self) -> None:
        """Space presses the focused button (Read, Starred, Preview…), as on any button;
        elsewhere it toggles read on the selection."""
        focus = self.window.focusWidget()
        if isinstance(focus, QAbstractButton):
            focus.click()
        else:
            self.toggle_read()

    def _delete(self) -> None:
        """Delete removes papers from the list or the detail pane only: in the sidebar or
        the subscriptions panel it removed the list's paper, which the user was not
        looking at."""
        focus = self.window.focusWidget()
        table, fields = self.window.table, self._fields
        if focus is table or (isinstance(fields, QWidget) and fields.isAncestorOf(focus)):
            self.remove_selected()

    def move(self, step: int) -> None:
        """Select the next (or previous) paper."""
        table = self.window.table
        rows = self.window.model.rowCount()
        if not rows:
            return
        current = table.currentIndex().row()
        target = min(max((current if current >= 0 else -1) + step, 0), rows - 1)
        table.selectRow(target)

    @_reporting_errors
    def toggle_read(self) -> None:
        """Space: flip read on the selection (all read if any is unread)."""
        self._toggle("read")

    @_reporting_errors
    def toggle_star(self) -> None:
        """s: flip the star on the selection (all starred if any is not)."""
        self._toggle("starred")

    def opened(self, paper_id: int) -> None:
        """The user opened a paper: mark it read if the preference says so."""
        if self.mark_read_when_opened:
            self.mark_read_on_open(paper_id)

    @_reporting_errors
    def mark_read_on_open(self, paper_id: int) -> None:
        """The "mark as read when opened" preference."""
        if not self.window.library.paper(paper_id).read:
            self.edits.set_flag([paper_id], "read", True)

    @_reporting_errors
    def add_tag(self, ids: list[int], tag: str) -> None:
        """Tag papers (e.g. dropped on a tag in the sidebar), undoably."""
        self.edits.add_tag(ids, tag)

    @_reporting_errors
    def remove_selected(self) -> None:
        """Delete: remove the selected papers; Ctrl+Z brings them back."""
        ids = self.window.selected_ids()
        if not ids:
            return
        self.edits.remove(ids)  # the list drops the rows when the papers are gone
        tr = self.window.tr
        if self.edits.busy:  # queued behind the undo or redo running in the background
            text = tr("Removing {0} once the step running has finished")
        else:
            text = tr("Removed {0}. Ctrl+Z brings {1} back.")
        self.window.show_message(text.format(papers(len(ids)), them(len(ids))))

    @_reporting_errors
    def undo(self) -> None:
        """Edit > Undo: revert the last change the user made."""
        text = self.edits.undo()
        self.window.show_message(self._step_text(text, self.window.tr("Undoing {0}…")))

    @_reporting_errors
    def redo(self) -> None:
        """Edit > Redo: make the last undone change again."""
        text = self.edits.redo()
        self.window.show_message(self._step_text(text, self.window.tr("Redoing {0}…"), False))

    # ---------------------------------------------------------------- internals

    def _step_text(self, text: str | None, running: str, undoing: bool = True) -> str:
        """What the status bar says after Ctrl+Z (or redo): done, running in the
        background, waiting for the one running, or nothing to do."""
        tr = self.window.tr
        if self.edits.busy:
            return running.format(text) if text else tr("Waiting for the step running…")
        if text:
            return (tr("Undone: {0}") if undoing else tr("Redone: {0}")).format(text)
        return tr("Nothing to undo.") if undoing else tr("Nothing to redo.")

    def _toggle(self, flag: str) -> None:
        ids = self.window.selected_ids()
        if not ids:
            return
        value = not self.window.model.all_marked(ids, flag)  # the rows shown carry the marks
        queued = self.edits.busy  # (a mark on many papers is itself written in the background)
        self.edits.set_flag(ids, flag, value)
        tr = self.window.tr
        if flag == "read":
            text = tr("Marked {0} read") if value else tr("Marked {0} unread")
        else:
            text = tr("Starred {0}") if value else tr("Removed the star from {0}")
        if queued:  # behind the undo, redo or write running in the background
            text = tr("{0} once the step running has finished").format(text)
        self.window.show_message(text.format(papers(len(ids))))
