"""The detail pane's notes: Markdown typed in an editor and saved through the undo stack a
moment after typing stops (at the latest a moment after the first unsaved keystroke), on
focus-out, on ``flush()``; a preview renders it with HTML disabled."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from readinglist.domain.entities import Paper
from readinglist.domain.errors import ReadingListError
from readinglist.ui.edits import Edits
from readinglist.ui.views.detail.text import heading, toggle_button
from readinglist.ui.views.widgets import NotesEdit, SafeBrowser

NOTES_SAVE_DELAY_MS = 800
"""Notes are saved this long after typing pauses…"""
NOTES_MAX_UNSAVED_MS = 800
"""…and at the latest this long after the first unsaved keystroke, even while typing on."""
MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | (
    QTextDocument.MarkdownFeature.MarkdownNoHTML
)


class NotesEditor(QWidget):
    """Edits one paper's notes. ``saved(paper_id)`` after a save that changed them,
    ``failed(message)``, ``leave_requested`` on Escape, ``link_clicked(url)`` in the preview."""

    saved = Signal(int)
    failed = Signal(str)
    leave_requested = Signal()
    link_clicked = Signal(str)

    def __init__(self, edits: Edits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edits = edits
        self._paper: Paper | None = None
        self._dirty = False
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._deadline = QTimer(self, singleShot=True, interval=NOTES_MAX_UNSAVED_MS)
        self._deadline.timeout.connect(self.save)
        self.notes_edit = NotesEdit()
        self.notes_edit.setPlaceholderText(self.tr("Notes (Markdown)…"))
        self.notes_edit.setMinimumHeight(150)
        self.notes_edit.textChanged.connect(self._on_edited)
        self.notes_edit.focus_lost.connect(self.save)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.notes_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.save)
        escape.activated.connect(self.leave_requested)
        self.notes_preview = SafeBrowser()
        self.notes_preview.setMinimumHeight(150)
        self.notes_preview.setPlaceholderText(self.tr("Nothing to preview"))
        self.notes_preview.anchorClicked.connect(lambda url: self.link_clicked.emit(url.toString()))
        self.preview_button = toggle_button(
            self.tr("Preview"), self.tr("Show the notes rendered as Markdown")
        )
        self.preview_button.toggled.connect(self._on_preview_toggled)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.notes_edit)
        self._stack.addWidget(self.notes_preview)
        header = QHBoxLayout()
        header.addWidget(heading(self.tr("Notes"), self.font()))
        header.addStretch(1)
        header.addWidget(self.preview_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self._stack)

    def lock(self) -> None:
        """A read-only library: notes shown, never changed."""
        self.notes_edit.setReadOnly(True)
        self.notes_edit.setPlaceholderText(self.tr("No notes (this library is read-only)"))

    def load(self, paper: Paper | None) -> None:
        """Edit this paper's notes (None: nothing); unsaved text is never carried over."""
        self._paper = paper
        self._set_text(paper.notes if paper is not None else "")

    def follow(self, paper: Paper) -> None:
        """The same paper read again: its notes as stored, unless the user is typing."""
        self._paper = paper
        if not self._dirty and self.notes_edit.toPlainText() != paper.notes:
            self._set_text(paper.notes)
        if self.preview_button.isChecked():
            self.render_preview()

    def edit(self) -> None:
        """Leave the preview and put the cursor in the editor."""
        self.preview_button.setChecked(False)
        self.notes_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def render_preview(self) -> None:
        """Render the notes as Markdown in the preview."""
        self.notes_preview.document().setMarkdown(self.notes_edit.toPlainText(), MARKDOWN)

    def save(self) -> None:
        """Save unsaved notes now (a busy library: try again shortly)."""
        self._timer.stop()
        self._deadline.stop()
        paper = self._paper
        if not self._dirty or paper is None:
            return
        text = self.notes_edit.toPlainText()
        try:
            changed = self._edits.set_notes(paper.id, text)
        except ReadingListError as exc:
            self.failed.emit(self.tr("Notes not saved yet: {error}").format(error=exc))
            self._timer.start()
            return
        self._dirty = False
        paper.notes = text
        if changed:
            self.saved.emit(paper.id)

    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.notes_edit.setPlainText(text)
        finally:
            self._loading = False
        self._dirty = False
        self._timer.stop()
        self._deadline.stop()

    def _on_edited(self) -> None:
        if self._loading or self._paper is None:
            return
        self._dirty = True
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _on_preview_toggled(self, on: bool) -> None:
        if on:
            self.save()
            self.render_preview()
            self._stack.setCurrentWidget(self.notes_preview)
        else:
            self._stack.setCurrentWidget(self.notes_edit)
