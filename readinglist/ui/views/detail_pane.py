"""The detail pane: one paper's title, authors, links, abstract, tags, notes and similar papers.

Imported text is shown as plain text or escaped HTML (search matches wrapped in ``<mark>``),
notes are previewed as Markdown with HTML disabled, and only http(s) links are ever opened.
Notes save themselves 800 ms after typing stops, on focus-out, on ``flush()`` and on hide.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QFont,
    QHideEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.entities import Paper
from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.ui.edits import Edits
from readinglist.ui.views.widgets import MARK_CSS, FitBrowser, FlowLayout, NotesEdit, SafeBrowser

logger = logging.getLogger(__name__)

NOTES_SAVE_DELAY_MS = 800
"""Notes are saved this long after typing pauses…"""
NOTES_MAX_UNSAVED_MS = 800
"""…and at the latest this long after the first unsaved keystroke, even while typing on."""
RELATED_DELAY_MS = 250  # similar papers are looked for once the selection rests this long
MAX_SUGGESTED_TAGS = 3
MAX_SIMILAR = 5
_AUTHORS_MAX_CHARS = 180
_LINK_TEXT_MAX = 40
_SAFE_SCHEMES = frozenset({"http", "https"})
# Fixed colours on both sides of the mark keep it readable in light and dark palettes.
_MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | (
    QTextDocument.MarkdownFeature.MarkdownNoHTML
)
_CHIP_CSS = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 10px; padding: 1px 8px; }"
    "QToolButton:hover { background: palette(midlight); }"
)
# Checked toggles in the palette's highlight colours: unmistakable in any style or palette.
_TOGGLE_CSS = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 4px; padding: 2px 10px; }"
    "QToolButton:hover { background: palette(midlight); }"
    "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border-color: palette(highlight); }"
)


def is_safe_link(url: str) -> bool:
    """True when ``url`` is an absolute http(s) link with a host, the only kind we open."""
    try:
        parts = urlsplit(url.strip())
    except (ValueError, AttributeError):
        return False
    return parts.scheme.lower() in _SAFE_SCHEMES and bool(parts.hostname)


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _rich_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would guess rich text from tags)."""
    return f"<p>{html.escape(text)}</p>"


def _link_text(url: str) -> str:
    """A short label for a link: host and path, elided."""
    parts = urlsplit(url)
    text = url
    if is_safe_link(url) and parts.hostname:
        text = parts.hostname.removeprefix("www.") + parts.path.rstrip("/")
    return text if len(text) <= _LINK_TEXT_MAX else text[: _LINK_TEXT_MAX - 1] + "…"


class DetailPane(QWidget):
    """Shows one paper and edits its annotations (tags, notes, read, starred)."""

    paper_changed = Signal(int)
    # Asked when related_in_background is set: compute similar papers and tag suggestions
    # for this paper and hand them to set_related().
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
        # The window sets this: similar papers and tag suggestions then come from a
        # background thread (they take hundreds of ms on a large library).
        self.related_in_background = False
        self._related_timer = QTimer(self, singleShot=True, interval=RELATED_DELAY_MS)
        self._related_timer.timeout.connect(self._request_related)
        self._notes_dirty = False
        self._loading_notes = False
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self._save_notes)
        self._notes_deadline = QTimer(self)
        self._notes_deadline.setSingleShot(True)
        self._notes_deadline.setInterval(NOTES_MAX_UNSAVED_MS)
        self._notes_deadline.timeout.connect(self._save_notes)
        self._build()
        self._editable = not library.read_only
        if not self._editable:
            self._lock_editing()
        self.show_paper(None)

    # ------------------------------------------------------------------ building

    def _lock_editing(self) -> None:
        """A read-only library: show the annotations, offer no way to change them."""
        why = self.tr("This library is read-only")
        for button in (self.read_button, self.star_button):
            button.setEnabled(False)
            button.setToolTip(why)
        self.tag_edit.setEnabled(False)
        self.tag_edit.setPlaceholderText(why)
        self.notes_edit.setReadOnly(True)
        self.notes_edit.setPlaceholderText(self.tr("No notes (this library is read-only)"))

    def _build(self) -> None:
        self.empty_label = QLabel(self.tr("Select a paper to see its abstract, tags and notes"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setMargin(24)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(8)
        self._build_header(layout)
        self._build_tags(layout)
        self._build_notes(layout)
        self._build_similar(layout)
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

    def _build_header(self, layout: QVBoxLayout) -> None:
        selectable = (
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(selectable)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title_label.setFont(font)
        self.authors_label = QLabel()
        self.authors_label.setTextFormat(Qt.TextFormat.PlainText)
        self.authors_label.setWordWrap(True)
        self.authors_label.setTextInteractionFlags(selectable)
        self.meta_label = QLabel()
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setWordWrap(True)
        self.meta_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._links = QWidget()
        self._links_layout = FlowLayout(self._links, spacing=12)

        self.read_button = self._flag_button(self.tr("Read"), self.tr("Mark as read or unread"))
        self.read_button.clicked.connect(lambda checked: self._set_flag("read", checked))
        self.star_button = self._flag_button(self.tr("Starred"), self.tr("Star or unstar"))
        self.star_button.clicked.connect(lambda checked: self._set_flag("starred", checked))
        flags = QHBoxLayout()
        flags.setSpacing(6)
        flags.addWidget(self.read_button)
        flags.addWidget(self.star_button)
        flags.addStretch(1)

        self.abstract_view = FitBrowser()
        self.abstract_view.setPlaceholderText(self.tr("No abstract"))
        self.abstract_view.anchorClicked.connect(lambda url: self._open_link(url.toString()))

        for widget in (self.title_label, self.authors_label, self.meta_label, self._links):
            layout.addWidget(widget)
        layout.addLayout(flags)
        layout.addWidget(self._heading(self.tr("Abstract")))
        layout.addWidget(self.abstract_view)

    def _build_tags(self, layout: QVBoxLayout) -> None:
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
        self.tag_edit.returnPressed.connect(self._on_tag_return)
        self._on_escape(self.tag_edit, self._abandon_tag)
        self._tags = QWidget()
        self._tags_layout = FlowLayout(self._tags)
        self._suggestions = QWidget()
        self._suggestions_layout = FlowLayout(self._suggestions)
        layout.addWidget(self._heading(self.tr("Tags")))
        layout.addWidget(self.tag_edit)
        layout.addWidget(self._tags)
        layout.addWidget(self._suggestions)

    def _build_notes(self, layout: QVBoxLayout) -> None:
        self.notes_edit = NotesEdit()
        self.notes_edit.setPlaceholderText(self.tr("Notes (Markdown)…"))
        self.notes_edit.setMinimumHeight(150)
        self.notes_edit.textChanged.connect(self._on_notes_edited)
        self.notes_edit.focus_lost.connect(self.flush)
        self._on_escape(self.notes_edit, self.flush)
        self.notes_preview = SafeBrowser()
        self.notes_preview.setMinimumHeight(150)
        self.notes_preview.setPlaceholderText(self.tr("Nothing to preview"))
        self.notes_preview.anchorClicked.connect(lambda url: self._open_link(url.toString()))
        self.preview_button = QToolButton()
        self.preview_button.setText(self.tr("Preview"))
        self.preview_button.setCheckable(True)
        self.preview_button.setStyleSheet(_TOGGLE_CSS)
        self.preview_button.setToolTip(self.tr("Show the notes rendered as Markdown"))
        self.preview_button.toggled.connect(self._on_preview_toggled)
        self._notes_stack = QStackedWidget()
        self._notes_stack.addWidget(self.notes_edit)
        self._notes_stack.addWidget(self.notes_preview)
        header = QHBoxLayout()
        header.addWidget(self._heading(self.tr("Notes")))
        header.addStretch(1)
        header.addWidget(self.preview_button)
        layout.addLayout(header)
        layout.addWidget(self._notes_stack)

    def _build_similar(self, layout: QVBoxLayout) -> None:
        self._similar = QWidget()
        self._similar_layout = QVBoxLayout(self._similar)
        self._similar_layout.setContentsMargins(0, 0, 0, 0)
        self._similar_layout.setSpacing(6)
        layout.addWidget(self._heading(self.tr("Similar papers")))
        layout.addWidget(self._similar)

    def _on_escape(self, field: QWidget, first: Callable[[], None]) -> None:
        """Escape in ``field``: run ``first``, then leave the field for the list."""
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), field)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(first)
        shortcut.activated.connect(self.leave_requested)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(self.font())
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 6, 0, 0)
        return label

    def _flag_button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tooltip)
        button.setCheckable(True)
        button.setStyleSheet(_TOGGLE_CSS)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

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
            self._set_notes_text("")
            self._stack.setCurrentWidget(self.empty_label)
            return
        another_paper = paper.id != previous
        if another_paper:
            # Never carry unsaved text over to another paper (flush() reported any failure),
            # nor a half-typed tag.
            self._set_notes_text(paper.notes)
            self.tag_edit.clear()
        self._render_header()
        # The same paper shown again (the list was filtered or re-sorted around it) keeps
        # its similar papers and suggestions: recomputing them takes a worker ~0.3 s at
        # 100k papers, during which every paint of the window waits for the GIL.
        self._render_annotations(suggestions=another_paper)
        if another_paper:
            self._render_similar()
        self._stack.setCurrentWidget(self._scroll)
        if paper.id != previous:
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
        self._render_header()
        self._render_annotations(suggestions=True)

    def flush(self) -> None:
        """Save pending notes now."""
        self._save_notes()

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
            self.notes_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
            self._render_preview()

    # ---------------------------------------------------------------- rendering

    def _load(self, paper_id: int) -> Paper | None:
        try:
            return self._library.paper(paper_id)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            return None

    def _render_header(self) -> None:
        paper = self._paper
        assert paper is not None
        marks: dict[str, str] = {}
        if self._query:
            try:
                marks = self._library.highlights(paper.id, self._query)
            except ReadingListError as exc:
                self.status_message.emit(str(exc))
            except Exception:  # highlighting is cosmetic: show the plain text instead
                logger.exception("highlighting paper %s for %r failed", paper.id, self._query)
        title = paper.title or paper.arxiv_id or paper.doi or paper.key
        title_html = marks.get("title") or _escaped(title)
        self.title_label.setText(
            f"<html><head><style>{MARK_CSS}</style></head><body>{title_html}</body></html>"
        )
        self._render_authors(paper.authors)
        self.meta_label.setText(self._meta_text(paper))
        self._render_links(paper)
        if paper.abstract:
            self.abstract_view.setHtml(marks.get("abstract") or _escaped(paper.abstract))
        else:
            self.abstract_view.clear()

    def _render_authors(self, authors: list[str]) -> None:
        if not authors:
            self.authors_label.setText(self.tr("Authors unknown"))
            self.authors_label.setToolTip("")
            return
        shown: list[str] = []
        length = 0
        for name in authors:
            if shown and length + len(name) > _AUTHORS_MAX_CHARS:
                break
            shown.append(name)
            length += len(name) + 2
        text = ", ".join(shown)
        if len(shown) < len(authors):
            more = len(authors) - len(shown)
            text += self.tr(" … and {count} more").format(count=more)
            self.authors_label.setToolTip(_rich_tooltip(", ".join(authors)))
        else:
            self.authors_label.setToolTip("")
        self.authors_label.setText(text)

    def _meta_text(self, paper: Paper) -> str:
        parts = []
        if paper.published:
            parts.append(self.tr("Published {date}").format(date=paper.published))
        names, dates = [], []
        for digest_id in paper.digests:
            try:
                digest = self._library.digest(digest_id)
            except ReadingListError:
                continue
            names.append(digest.source_name)
            if digest.date and digest.date not in dates:
                dates.append(digest.date)
        if dates:  # the digest's date is when it listed the paper, not when it came out
            parts.append(self.tr("Added in digest of {dates}").format(dates=", ".join(dates)))
        if names:
            parts.append(self.tr("From {digests}").format(digests=", ".join(names)))
        return "  ·  ".join(parts)

    def _render_links(self, paper: Paper) -> None:
        self._links_layout.clear()
        links: list[tuple[str, str]] = []
        if paper.arxiv_id:
            arxiv = quote(paper.arxiv_id, safe="/.")
            links.append((f"arXiv:{paper.arxiv_id}", f"https://arxiv.org/abs/{arxiv}"))
            links.append((self.tr("PDF"), f"https://arxiv.org/pdf/{arxiv}"))
        if paper.doi:
            links.append((self.tr("DOI"), f"https://doi.org/{quote(paper.doi, safe='/()._-;:')}"))
        for url in [paper.url, *paper.links]:
            if url and url not in {u for _, u in links}:
                links.append((_link_text(url), url))
        for text, url in links:
            label = QLabel()
            if is_safe_link(url):
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setText(f'<a href="{html.escape(url)}">{html.escape(text)}</a>')
                label.setTextInteractionFlags(
                    Qt.TextInteractionFlag.LinksAccessibleByMouse
                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                )
                label.linkActivated.connect(self._open_link)
                label.setToolTip(_rich_tooltip(url))
            else:  # shown so the user knows it exists, but never clickable
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setText(text)
                label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                label.setToolTip(_rich_tooltip(self.tr("Not opened (not a web link): ") + url))
            label.setObjectName("paperLink")
            self._links_layout.addWidget(label)
        self._links.setVisible(bool(links))

    def _render_annotations(self, *, suggestions: bool) -> None:
        paper = self._paper
        assert paper is not None
        self.read_button.setChecked(paper.read)
        self.star_button.setChecked(paper.starred)
        self._tags_layout.clear()
        for tag in paper.tags:
            chip = QToolButton()
            chip.setObjectName("tagChip")
            chip.setStyleSheet(_CHIP_CSS)
            if self._editable:
                chip.setText(f"{tag} ✕".replace("&", "&&"))
                tip = self.tr("Remove the tag “{tag}”").format(tag=tag)
                chip.setToolTip(_rich_tooltip(tip))
                chip.clicked.connect(lambda _checked=False, t=tag: self._remove_tag(t))
            else:
                chip.setText(tag.replace("&", "&&"))
            self._tags_layout.addWidget(chip)
        self._tags.setVisible(bool(paper.tags))
        try:
            self._tag_model.setStringList(self._library.tags())
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
        if suggestions:
            self._render_suggestions(paper.id)
        if not self._notes_dirty and self.notes_edit.toPlainText() != paper.notes:
            self._set_notes_text(paper.notes)
        if self.preview_button.isChecked():
            self._render_preview()

    def _render_suggestions(self, paper_id: int) -> None:
        if self.related_in_background:
            self._related_timer.start()  # asked once the selection settles (j j j ...)
            return
        try:
            tags = self._library.suggest_tags(paper_id, MAX_SUGGESTED_TAGS)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            tags = []
        self._show_suggestions(tags)

    def _request_related(self) -> None:
        if self._paper is not None:
            self.related_requested.emit(self._paper.id)  # set_related() fills this in

    def set_related(self, paper_id: int, similar: list, tags: list) -> None:
        """Similar papers ((id, title) pairs) and suggested tags computed elsewhere (off
        the GUI thread) for ``paper_id``; ignored when another paper is shown by now."""
        if self._paper is None or self._paper.id != paper_id:
            return
        own = {t.casefold() for t in self._paper.tags}
        self._show_suggestions([t for t in tags if t.casefold() not in own])
        self._show_similar(similar)

    def _show_suggestions(self, tags: list[str]) -> None:
        self._suggestions_layout.clear()
        tags = tags if self._editable else []
        for tag in tags[:MAX_SUGGESTED_TAGS]:
            button = QToolButton()
            button.setObjectName("tagSuggestion")
            button.setText(f"+ {tag}".replace("&", "&&"))
            tip = self.tr("Add the suggested tag “{tag}”").format(tag=tag)
            button.setToolTip(_rich_tooltip(tip))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, t=tag: self._add_tag(t))
            self._suggestions_layout.addWidget(button)
        self._suggestions.setVisible(bool(tags))

    def _render_similar(self) -> None:
        paper = self._paper
        assert paper is not None
        if self.related_in_background:
            self._show_similar(None)
            return
        try:
            similar = self._library.similar(paper.id, MAX_SIMILAR)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            similar = []
        self._show_similar([(p.id, p.title or p.arxiv_id or p.key) for p in similar])

    def _show_similar(self, similar: list[tuple[int, str]] | None) -> None:
        """Show (id, title) pairs; None means they are still being looked for."""
        while (item := self._similar_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        if similar is None:
            waiting = QLabel(self.tr("Looking for similar papers…"))
            waiting.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._similar_layout.addWidget(waiting)
            return
        for other_id, title in similar[:MAX_SIMILAR]:
            label = QLabel()
            label.setObjectName("similarPaper")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setText(f'<a href="paper:{other_id}">{html.escape(title)}</a>')
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.linkActivated.connect(self._on_similar_activated)
            self._similar_layout.addWidget(label)
        if not similar:
            none = QLabel(self.tr("No similar papers yet"))
            none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._similar_layout.addWidget(none)

    def _render_preview(self) -> None:
        self.notes_preview.document().setMarkdown(self.notes_edit.toPlainText(), _MARKDOWN)

    # ------------------------------------------------------------------ actions

    def _open_link(self, url: str) -> None:
        qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
        if is_safe_link(url) and qurl.isValid() and qurl.scheme().lower() in _SAFE_SCHEMES:
            QDesktopServices.openUrl(qurl)
        else:
            self.status_message.emit(self.tr("Only web links (http, https) are opened"))

    def _on_similar_activated(self, href: str) -> None:
        prefix, _, number = href.partition(":")
        if prefix == "paper" and number.isdigit():
            self.paper_activated.emit(int(number))

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
        self.read_button.setChecked(paper.read)
        self.star_button.setChecked(paper.starred)

    def _on_tag_return(self) -> None:
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
        name = " ".join(text.split()).lstrip("#").casefold()
        return self._paper is not None and name in {t.casefold() for t in self._paper.tags}

    def _add_tag(self, text: str) -> None:
        self.tag_edit.clear()
        paper = self._paper
        name = text.strip()
        if paper is None or not name:
            return
        if self._has_tag(name):
            self.status_message.emit(self.tr("Already tagged “{tag}”").format(tag=name))
            return
        try:
            self._edits.add_tag([paper.id], name)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            return
        self._after_tags_changed(self.tr("Tag “{tag}” added").format(tag=name))

    def _remove_tag(self, tag: str) -> None:
        if self._paper is None:
            return
        try:
            self._edits.remove_tag([self._paper.id], tag)
        except ReadingListError as exc:
            self.status_message.emit(str(exc))
            return
        self._after_tags_changed(self.tr("Tag “{tag}” removed").format(tag=tag))

    def _after_tags_changed(self, message: str) -> None:
        assert self._paper is not None
        paper_id = self._paper.id
        paper = self._load(paper_id)
        if paper is not None:
            self._paper = paper
            self._render_annotations(suggestions=True)
        self.paper_changed.emit(paper_id)
        self.status_message.emit(message)

    # -------------------------------------------------------------------- notes

    def _set_notes_text(self, text: str) -> None:
        self._loading_notes = True
        try:
            self.notes_edit.setPlainText(text)
        finally:
            self._loading_notes = False
        self._notes_dirty = False
        self._notes_timer.stop()
        self._notes_deadline.stop()

    def _on_notes_edited(self) -> None:
        if self._loading_notes or self._paper is None:
            return
        self._notes_dirty = True
        self._notes_timer.start()
        if not self._notes_deadline.isActive():
            self._notes_deadline.start()

    def _on_preview_toggled(self, on: bool) -> None:
        if on:
            self.flush()
            self._render_preview()
            self._notes_stack.setCurrentWidget(self.notes_preview)
        else:
            self._notes_stack.setCurrentWidget(self.notes_edit)

    def _save_notes(self) -> None:
        self._notes_timer.stop()
        self._notes_deadline.stop()
        paper = self._paper
        if not self._notes_dirty or paper is None:
            return
        text = self.notes_edit.toPlainText()
        try:
            changed = self._edits.set_notes(paper.id, text)
        except ReadingListError as exc:  # e.g. the library is busy: try again shortly
            self.status_message.emit(self.tr("Notes not saved yet: {error}").format(error=exc))
            self._notes_timer.start()
            return
        self._notes_dirty = False
        paper.notes = text
        if changed:
            self.paper_changed.emit(paper.id)
            self.status_message.emit(self.tr("Notes saved"))
