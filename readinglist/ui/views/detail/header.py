"""The top of the detail pane: title (search words marked), authors, dates and digests,
links (only web links are clickable), the read and star toggles, and the abstract."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from readinglist.core.library import Library
from readinglist.domain.bidi import in_order
from readinglist.domain.entities import Paper
from readinglist.domain.links import arxiv_url, doi_url
from readinglist.ui.views.detail.text import (
    escaped,
    heading,
    is_safe_link,
    link_text,
    rich_tooltip,
    toggle_button,
)
from readinglist.ui.views.widgets import MARK_CSS, FitBrowser, FlowLayout

AUTHORS_MAX_CHARS = 180


class PaperHeader(QWidget):
    """Shows what a paper is; ``flag_clicked(name, on)`` for the read and star toggles,
    ``link_clicked(url)`` for any link in it."""

    flag_clicked = Signal(str, bool)
    link_clicked = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
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

        self.read_button = toggle_button(self.tr("Read"), self.tr("Mark as read or unread"))
        self.read_button.clicked.connect(lambda on: self.flag_clicked.emit("read", on))
        self.star_button = toggle_button(self.tr("Starred"), self.tr("Star or unstar"))
        self.star_button.clicked.connect(lambda on: self.flag_clicked.emit("starred", on))
        for button in (self.read_button, self.star_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        flags = QHBoxLayout()
        flags.setSpacing(6)
        flags.addWidget(self.read_button)
        flags.addWidget(self.star_button)
        flags.addStretch(1)

        self.abstract_view = FitBrowser()
        self.abstract_view.setPlaceholderText(self.tr("No abstract"))
        self.abstract_view.anchorClicked.connect(lambda url: self.link_clicked.emit(url.toString()))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for widget in (self.title_label, self.authors_label, self.meta_label, self._links):
            layout.addWidget(widget)
        layout.addLayout(flags)
        layout.addWidget(heading(self.tr("Abstract"), self.font()))
        layout.addWidget(self.abstract_view)

    def lock(self, why: str) -> None:
        """A read-only library: the toggles show the state but cannot change it."""
        for button in (self.read_button, self.star_button):
            button.setEnabled(False)
            button.setToolTip(why)

    def show_flags(self, paper: Paper) -> None:
        """The read and star toggles as the paper has them."""
        self.read_button.setChecked(paper.read)
        self.star_button.setChecked(paper.starred)

    def render(self, paper: Paper, marks: dict[str, str]) -> None:
        """Show ``paper``, with ``marks`` (field: highlighted HTML) for a search."""
        title = paper.title or paper.arxiv_id or paper.doi or paper.key
        title_html = in_order(marks.get("title") or escaped(title))
        self.title_label.setText(
            f"<html><head><style>{MARK_CSS}</style></head><body>{title_html}</body></html>"
        )
        self._render_authors(paper.authors)
        self.meta_label.setText(self._meta_text(paper))
        self._render_links(paper)
        if paper.abstract:
            self.abstract_view.setHtml(in_order(marks.get("abstract") or escaped(paper.abstract)))
        else:
            self.abstract_view.clear()
        self.show_flags(paper)

    def _render_authors(self, authors: list[str]) -> None:
        if not authors:
            self.authors_label.setText(self.tr("Authors unknown"))
            self.authors_label.setToolTip("")
            return
        shown: list[str] = []
        length = 0
        for name in authors:
            if shown and length + len(name) > AUTHORS_MAX_CHARS:
                break
            shown.append(name)
            length += len(name) + 2
        text = ", ".join(shown)
        if len(shown) < len(authors):
            more = len(authors) - len(shown)
            text += self.tr(" … and {count} more").format(count=more)
            self.authors_label.setToolTip(rich_tooltip(", ".join(authors)))
        else:
            self.authors_label.setToolTip("")
        self.authors_label.setText(in_order(text))

    def _meta_text(self, paper: Paper) -> str:
        parts = []
        if paper.published:
            parts.append(self.tr("Published {date}").format(date=paper.published))
        names, dates = [], []
        labels = self._library.digest_labels(paper.digests)  # one query, no counting
        for name, day in filter(None, map(labels.get, paper.digests)):
            names.append(name)
            if day and day not in dates:
                dates.append(day)
        if dates:  # the digest's date is when it listed the paper, not when it came out
            parts.append(self.tr("Added in digest of {dates}").format(dates=", ".join(dates)))
        if names:
            parts.append(self.tr("From {digests}").format(digests=", ".join(names)))
        return "  ·  ".join(parts)

    def _render_links(self, paper: Paper) -> None:
        self._links_layout.clear()
        links: list[tuple[str, str]] = []
        if paper.arxiv_id:
            links.append((f"arXiv:{paper.arxiv_id}", arxiv_url(paper.arxiv_id)))
            links.append((self.tr("PDF"), arxiv_url(paper.arxiv_id, "pdf")))
        if paper.doi:
            links.append((self.tr("DOI"), doi_url(paper.doi)))
        for url in [paper.url, *paper.links]:
            if url and url not in {u for _, u in links}:
                links.append((link_text(url), url))
        for text, url in links:
            label = QLabel()
            if is_safe_link(url):
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setText(f'<a href="{html.escape(url)}">{html.escape(text)}</a>')
                label.setTextInteractionFlags(
                    Qt.TextInteractionFlag.LinksAccessibleByMouse
                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                )
                label.linkActivated.connect(self.link_clicked.emit)
                label.setToolTip(rich_tooltip(url))
            else:  # shown so the user knows it exists, but never clickable
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setText(text)
                label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                label.setToolTip(rich_tooltip(self.tr("Not opened (not a web link): ") + url))
            label.setObjectName("paperLink")
            self._links_layout.addWidget(label)
        self._links.setVisible(bool(links))
