"""The detail pane's tags: a field with completion (Enter adds, Escape abandons; both give
the keys back to the list), the paper's tags as removable chips, and suggested tags."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton, QVBoxLayout, QWidget

from readinglist.domain.entities import Paper
from readinglist.domain.errors import ReadingListError
from readinglist.domain.tags import tidy_tag
from readinglist.ui.edits import Edits
from readinglist.ui.views.detail.text import heading, rich_tooltip
from readinglist.ui.views.widgets import FlowLayout
from readinglist.ui.wording import papers

MAX_SUGGESTED_TAGS = 3
CHIP_CSS = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 10px; padding: 1px 8px; }"
    "QToolButton:hover { background: palette(midlight); }"
)


class TagEditor(QWidget):
    """Adds and removes the shown paper's tags through the undo stack. ``changed(message)``
    after a change (the pane reads the paper again), ``failed(error)``, and
    ``leave_requested`` when the user is done typing."""

    changed = Signal(str)
    failed = Signal(str)
    leave_requested = Signal()

    def __init__(self, edits: Edits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edits = edits
        self._paper: Paper | None = None
        self._suggested: list[str] = []
        self._editable = True
        # The list's selected papers (the list sets it): a tag typed goes on all of them
        # when the paper shown is one of them, as Space and S do.
        self.selection: Callable[[], list[int]] = list
        self.tag_edit = QLineEdit()
        self.tag_edit.setPlaceholderText(self.tr("Add tag…"))
        self.tag_edit.setClearButtonEnabled(True)
        self._tag_model = QStringListModel(self)
        self._completer = QCompleter(self._tag_model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_edit.setCompleter(self._completer)
        # Connected after setCompleter, so it runs after the completer filled the field.
        self._completer.activated.connect(self._commit_tag)
        self.tag_edit.returnPressed.connect(self._on_return)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.tag_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._abandon_tag)
        escape.activated.connect(self.leave_requested)
        self.chips = QWidget()
        self._tags_layout = FlowLayout(self.chips)
        self._suggestions = QWidget()
        self._suggestions_layout = FlowLayout(self._suggestions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading(self.tr("Tags"), self.font()))
        layout.addWidget(self.tag_edit)
        layout.addWidget(self.chips)
        layout.addWidget(self._suggestions)

    def lock(self, why: str) -> None:
        """A read-only library: tags shown, never changed."""
        self._editable = False
        self.tag_edit.setEnabled(False)
        self.tag_edit.setPlaceholderText(why)

    def forget_typing(self) -> None:
        """Another paper: neither a half-typed tag nor the last one's suggestions follow."""
        self.tag_edit.clear()
        self._suggested = []

    def clear(self) -> None:
        """No paper shown."""
        self._paper = None
        self._suggested = []
        self.tag_edit.clear()

    def show_tags(self, paper: Paper, known: list[str]) -> None:
        """The paper's tags as chips; ``known`` (every tag) for completion."""
        self._paper = paper
        self._tags_layout.clear()
        for tag in paper.tags:
            chip = QToolButton()
            chip.setObjectName("tagChip")
            chip.setStyleSheet(CHIP_CSS)
            if self._editable:
                chip.setText(f"{tag} ✕".replace("&", "&&"))
                tip = self.tr("Remove the tag “{tag}”").format(tag=tag)
                chip.setToolTip(rich_tooltip(tip))
                chip.clicked.connect(lambda _checked=False, t=tag: self._remove_tag(t))
            else:
                chip.setText(tag.replace("&", "&&"))
            self._tags_layout.addWidget(chip)
        self.chips.setVisible(bool(paper.tags))
        self._tag_model.setStringList(known)
        self.show_suggestions(self._suggested)  # less any tag the paper has now

    def show_suggestions(self, tags: list[str]) -> None:
        """Tags to add with one click (those the paper has are left out)."""
        self._suggested = list(tags)
        own = {t.casefold() for t in self._paper.tags} if self._paper is not None else set()
        tags = [t for t in tags if t.casefold() not in own] if self._editable else []
        self._suggestions_layout.clear()
        for tag in tags[:MAX_SUGGESTED_TAGS]:
            button = QToolButton()
            button.setObjectName("tagSuggestion")
            button.setText(f"+ {tag}".replace("&", "&&"))
            tip = self.tr("Add the suggested tag “{tag}”").format(tag=tag)
            button.setToolTip(rich_tooltip(tip))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, t=tag: self._add_tag(t))
            self._suggestions_layout.addWidget(button)
        self._suggestions.setVisible(bool(tags))

    def _on_return(self) -> None:
        popup = self._completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer adds the highlighted tag right after (activated)
        self._commit_tag(self.tag_edit.text())

    def _commit_tag(self, text: str) -> None:
        """Enter in the tag field: add what was typed, then back to the list."""
        self._add_tag(text)
        self.leave_requested.emit()

    def _abandon_tag(self) -> None:
        self._completer.popup().hide()
        self.tag_edit.clear()

    def _has_tag(self, text: str) -> bool:
        name = tidy_tag(text).casefold()
        return self._paper is not None and name in {t.casefold() for t in self._paper.tags}

    def _add_tag(self, text: str) -> None:
        self.tag_edit.clear()
        paper = self._paper
        name = text.strip()
        if paper is None or not name:
            return
        chosen = self.selection()
        ids = chosen if paper.id in chosen else [paper.id]
        if len(ids) == 1 and self._has_tag(name):
            self.failed.emit(self.tr("Already tagged “{tag}”").format(tag=name))
            return
        try:
            self._edits.add_tag(ids, name)
        except ReadingListError as exc:
            self.failed.emit(str(exc))
            return
        if len(ids) == 1:
            self.changed.emit(self.tr("Tag “{tag}” added").format(tag=name))
        else:
            text = self.tr("Tag “{tag}” added to {papers}")
            self.changed.emit(text.format(tag=name, papers=papers(len(ids))))

    def _remove_tag(self, tag: str) -> None:
        if self._paper is None:
            return
        try:
            self._edits.remove_tag([self._paper.id], tag)
        except ReadingListError as exc:
            self.failed.emit(str(exc))
            return
        self.changed.emit(self.tr("Tag “{tag}” removed").format(tag=tag))
