"""The detail pane: one paper's header, tags, notes and similar papers (each a part in
``ui/views/detail/``), or an empty state; it always shows the list's current paper.

Imported text is shown as plain text or escaped HTML (search matches wrapped in ``<mark>``),
notes are previewed as Markdown with HTML disabled, and only http(s) links are ever opened.
Notes save themselves 800 ms after typing stops, on focus-out, on ``flush()`` and on hide.
Similar papers and suggested tags are asked of the search thread (``related_requested``)
once the selection rests, and arrive through ``set_related``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import Paper
from readinglist.domain.errors import ReadingListError
from readinglist.ui.edits import Edits
from readinglist.ui.views.detail.header import PaperHeader
from readinglist.ui.views.detail.notes_editor import NOTES_SAVE_DELAY_MS, NotesEditor
from readinglist.ui.views.detail.similar_list import SimilarList
from readinglist.ui.views.detail.tag_editor import TagEditor
from readinglist.ui.views.detail.text import is_safe_link, open_link

__all__ = ["NOTES_SAVE_DELAY_MS", "DetailPane", "is_safe_link"]

logger = logging.getLogger(__name__)

RELATED_DELAY_MS = 250  # similar papers are looked for once the selection rests this long


class DetailPane(QWidget):
    """Shows one paper and edits its annotations (tags, notes, read, starred)."""

    paper_changed = Signal(int)
    # Compute similar papers and tag suggestions for this paper (off the GUI thread: they
    # take hundreds of ms on a large library) and hand them to set_related().
    related_requested = Signal(int)
    paper_activated = Signal(int)
    status_message = Signal(str)
    # The user is done typing (Enter on a tag, Escape): give the keys back to the list.
    leave_requested = Signal()

    def __init__(
        self, library: Library, parent: QWidget | None = None, *, edits: Edits | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        # Changes go through the window's undo stack (a pane of its own keeps its own).
        self._edits = edits if edits is not None else Edits(library, self)
        self._paper: Paper | None = None
        self._query = ""
        self._related_timer = QTimer(self, singleShot=True, interval=RELATED_DELAY_MS)
        self._related_timer.timeout.connect(self._request_related)
        self._build()
        if library.read_only:
            why = self.tr("This library is read-only")
            self.header.lock(why)
            self.tags.lock(why)
            self.notes.lock()
        self.show_paper(None)

    def _build(self) -> None:
        self.empty_label = QLabel(self.tr("Select a paper to see its abstract, tags and notes"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setMargin(24)
        self.header = PaperHeader(self._library)
        self.header.flag_clicked.connect(self._set_flag)
        self.header.link_clicked.connect(self._open_link)
        self.tags = TagEditor(self._edits)
        self.tags.changed.connect(self._after_tags_changed)
        self.tags.failed.connect(self.status_message)
        self.tags.leave_requested.connect(self.leave_requested)
        self.notes = NotesEditor(self._edits)
        self.notes.saved.connect(self._on_notes_saved)
        self.notes.failed.connect(self.status_message)
        self.notes.leave_requested.connect(self.leave_requested)
        self.notes.link_clicked.connect(self._open_link)
        self.similar = SimilarList()
        self.similar.paper_activated.connect(self.paper_activated)
        # What tests and the window reach for by name.
        self.title_label = self.header.title_label
        self.authors_label = self.header.authors_label
        self.meta_label = self.header.meta_label
        self.read_button = self.header.read_button
        self.star_button = self.header.star_button
        self.buttons = (self.read_button, self.star_button)  # where Tab from the list goes
        self.abstract_view = self.header.abstract_view
        self.tag_edit = self.tags.tag_edit
        self.notes_edit = self.notes.notes_edit
        self.notes_preview = self.notes.notes_preview
        self.preview_button = self.notes.preview_button

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(8)
        for part in (self.header, self.tags, self.notes, self.similar):
            layout.addWidget(part)
        layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(content)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self._scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

    # ---------------------------------------------------------------- public API

    def current_paper_id(self) -> int | None:
        """The id of the paper shown, or None."""
        return self._paper.id if self._paper is not None else None

    def show_paper(self, paper_id: int | None, query: str = "") -> None:
        """Show a paper (None: the empty state), its text highlighted for ``query``.
        The paper already shown, for the same query, is left as it is (the list was
        sorted or filtered around it); ``refresh()`` re-reads it after a change."""
        same = paper_id is not None and paper_id == self.current_paper_id()
        if same and query.strip() == self._query:
            return
        self.flush()
        previous = self.current_paper_id()
        self._query = query.strip()
        paper = self._load(paper_id) if paper_id is not None else None
        self._paper = paper
        if paper is None:
            self.notes.load(None)
            self.tags.clear()
            self._stack.setCurrentWidget(self.empty_label)
            return
        another_paper = paper.id != previous
        if another_paper:
            # Never carry unsaved text over to another paper (flush() reported any failure),
            # nor a half-typed tag.
            self.notes.load(paper)
            self.tags.forget_typing()
        self.header.render(paper, self._marks(paper))
        self._show_tags(paper)
        self.notes.follow(paper)
        # The same paper shown again (the list was filtered or re-sorted around it) keeps
        # its similar papers and suggestions: recomputing them takes a worker ~0.3 s at
        # 100k papers, during which every paint of the window waits for the GIL.
        if another_paper:
            self.similar.show_similar(None)
            self._related_timer.start()  # asked once the selection settles (j j j ...)
        self._stack.setCurrentWidget(self._scroll)
        if another_paper:
            self._scroll.verticalScrollBar().setValue(0)

    def refresh(self) -> None:
        """Re-read the shown paper from the library (after a change made elsewhere)."""
        if self._paper is None:
            return
        self.flush()
        paper = self._load(self._paper.id)
        if paper is None:
            self.show_paper(None)
            return
        self._paper = paper
        self.header.render(paper, self._marks(paper))
        self._show_tags(paper)
        self._related_timer.start()
        self.notes.follow(paper)

    def show_flag(self, flag: str, value: bool) -> None:
        """The shown paper's ``read`` or ``starred`` mark is now ``value`` (set elsewhere):
        only its toggle changes (no re-read, no similar papers asked again)."""
        if self._paper is not None:
            setattr(self._paper, flag, value)
            self.header.show_flags(self._paper)

    def set_related(self, paper_id: int, similar: list, tags: list) -> None:
        """Similar papers ((id, title) pairs) and suggested tags computed elsewhere (off
        the GUI thread) for ``paper_id``; ignored when another paper is shown by now."""
        if self._paper is None or self._paper.id != paper_id:
            return
        self.tags.show_suggestions(list(tags))
        self.similar.show_similar(similar)

    def flush(self) -> None:
        """Save pending notes now."""
        self.notes.save()

    def focus_tags(self) -> None:
        """Put the cursor in the tag field."""
        if self._paper is not None:
            self._scroll.ensureWidgetVisible(self.tag_edit)
            self.tag_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_notes(self) -> None:
        """Put the cursor in the notes editor (leaving the preview)."""
        if self._paper is not None:
            self.preview_button.setChecked(False)
            self._scroll.ensureWidgetVisible(self.notes_edit)
            self.notes.edit()

    def toggle_read(self) -> None:
        """Mark the shown paper read, or unread."""
        if self._paper is not None:
            self._set_flag("read", not self._paper.read)

    def toggle_star(self) -> None:
        """Star the shown paper, or unstar it."""
        if self._paper is not None:
            self._set_flag("starred", not self._paper.starred)

    # ------------------------------------------------------------------- events

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (e.g. the system switched to dark mode while the app runs): links
        take their colour when their text is set, so set it again in the new colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour_links()

    def _recolour_links(self) -> None:
        for label in self.findChildren(QLabel):
            text = label.text()
            if label.textFormat() == Qt.TextFormat.RichText and "<a " in text:
                label.setText("")  # the same text again would be ignored
                label.setText(text)
        if self.preview_button.isChecked():
            self.notes.render_preview()

    # ---------------------------------------------------------------- internals

    def _load(self, paper_id: int) -> Paper | None:
        try:
            return self._library.paper(paper_id)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            return None

    def _marks(self, paper: Paper) -> dict[str, str]:
        """The paper's fields with the search words marked (none without a search)."""
        if not self._query:
            return {}
        try:
            return self._library.highlights(paper.id, self._query)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
        except Exception:  # highlighting is cosmetic: show the plain text instead
            logger.exception("highlighting paper %s for %r failed", paper.id, self._query)
        return {}

    def _show_tags(self, paper: Paper) -> None:
        try:
            known = self._library.tags()
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            known = []
        self.tags.show_tags(paper, known)

    def _request_related(self) -> None:
        if self._paper is not None:
            self.related_requested.emit(self._paper.id)  # set_related() fills this in

    def _open_link(self, url: str) -> None:
        if not open_link(url):
            self.status_message.emit(self.tr("Only web links (http, https) are opened"))

    def _set_flag(self, flag: str, value: bool) -> None:
        paper = self._paper
        if paper is None:
            return
        try:
            self._edits.set_flag([paper.id], flag, value)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
        else:
            setattr(paper, flag, value)
            if flag == "read":
                message = self.tr("Marked as read") if value else self.tr("Marked as unread")
            else:
                message = self.tr("Starred") if value else self.tr("Star removed")
            self.paper_changed.emit(paper.id)
            self.status_message.emit(message)
        self.header.show_flags(paper)

    def _after_tags_changed(self, message: str) -> None:
        assert self._paper is not None
        paper_id = self._paper.id
        paper = self._load(paper_id)
        if paper is not None:
            self._paper = paper
            self._show_tags(paper)
            self.notes.follow(paper)
            self._related_timer.start()  # suggestions ranked again with the new tags
        self.paper_changed.emit(paper_id)
        self.status_message.emit(message)

    def _on_notes_saved(self, paper_id: int) -> None:
        self.paper_changed.emit(paper_id)
        self.status_message.emit(self.tr("Notes saved"))
