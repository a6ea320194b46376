"""What a drop or a paste carries: local files and folders, http(s) URLs, or text.

``sources_from_mime`` turns a ``QMimeData`` (from a drop or the clipboard) into the
``ImportSource``s the window hands to ``Library``; ``DropOverlay`` is the hint shown over
the window while something importable is dragged over it. The paper table's own drags
(``PAPER_IDS_MIME_TYPE``) are never mistaken for something to import.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QRectF, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from readinglist.domain.links import is_safe_link

logger = logging.getLogger(__name__)

PAPER_IDS_MIME_TYPE = "application/x-readinglist-paper-ids"
"""Papers dragged from the paper table: a JSON list of paper ids."""


@dataclass(frozen=True, slots=True)
class ImportSource:
    """One thing to import: a local ``path``, an http(s) ``url``, or ``text``.

    For ``text``, ``data`` holds the UTF-8 bytes and ``value`` a display name such as
    "dropped text"; for the other kinds ``value`` is the path or URL and ``data`` is empty.
    """

    kind: str
    value: str
    data: bytes = b""


def sources_from_mime(mime: QMimeData, *, text_name: str = "dropped text") -> list[ImportSource]:
    """What ``mime`` asks to import, in order, without duplicates.

    URLs win over text: local files and folders become ``path`` sources, http(s) URLs
    ``url`` sources and every other scheme (``javascript:``, ``data:`` ...) is ignored.
    Without URLs, text that is a single http(s) URL becomes a ``url`` source and any other
    non-blank text a ``text`` source named ``text_name``. HTML is only ever read as text.
    """
    if mime.hasFormat(PAPER_IDS_MIME_TYPE):
        return []
    if mime.hasUrls():
        return _dedupe(source for url in mime.urls() if (source := _url_source(url)))
    text = _plain_text(mime)
    if not text.strip():
        return []
    single = _single_web_url(text)
    if single is not None:
        return [ImportSource("url", single)]
    return [ImportSource("text", text_name, text.encode("utf-8"))]


def can_import(mime: QMimeData) -> bool:
    """True when a drop of ``mime`` would import something (for ``dragEnterEvent``)."""
    if mime.hasFormat(PAPER_IDS_MIME_TYPE):
        return False
    if mime.hasUrls():
        return any(_url_source(url) is not None for url in mime.urls())
    return bool(_plain_text(mime).strip())


def paper_ids_mime(paper_ids: list[int]) -> QMimeData:
    """A ``QMimeData`` carrying paper ids, as the paper table drags them."""
    mime = QMimeData()
    payload = json.dumps([int(pid) for pid in paper_ids]).encode("ascii")
    mime.setData(PAPER_IDS_MIME_TYPE, QByteArray(payload))
    return mime


def paper_ids_from_mime(mime: QMimeData) -> list[int]:
    """The paper ids a drag from the paper table carries; [] when it carries none or
    something malformed."""
    if not mime.hasFormat(PAPER_IDS_MIME_TYPE):
        return []
    raw = bytes(mime.data(PAPER_IDS_MIME_TYPE).data())
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        logger.warning("ignored a malformed paper-id drag (%d bytes)", len(raw))
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        logger.warning("ignored a paper-id drag that is not a list of integers")
        return []
    return list(dict.fromkeys(value))


# --------------------------------------------------------------------------- helpers


def _url_source(url: QUrl) -> ImportSource | None:
    if not url.isValid():
        return None
    if url.isLocalFile():
        path = url.toLocalFile()
        return ImportSource("path", path) if path else None
    if is_safe_link(web := url.toString(QUrl.ComponentFormattingOption.FullyEncoded)):
        return ImportSource("url", web)
    return None


def _single_web_url(text: str) -> str | None:
    candidate = text.strip()
    if not candidate or any(ch.isspace() for ch in candidate):
        return None
    url = QUrl(candidate, QUrl.ParsingMode.StrictMode)
    if url.isValid() and is_safe_link(candidate):
        return candidate
    return None


def _plain_text(mime: QMimeData) -> str:
    """The text of ``mime``: text/plain first, else the text of its HTML (never markup)."""
    if mime.hasText():
        text = mime.text()
        if text.strip():
            return text
    if mime.hasHtml():
        return html_to_text(mime.html())
    return ""


def _dedupe(sources: Iterable[ImportSource]) -> list[ImportSource]:
    return list(dict.fromkeys(sources))


# Elements that start a new line in the extracted text (table cells too: a digest's
# title and abstract often sit in cells of their own).
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"}
    | {"main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr"}
    | {"ul"}
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            self._preformatted += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._preformatted = max(0, self._preformatted - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Outside <pre>, a line break in the source is just a space, as a browser shows it.
            self.parts.append(data if self._preformatted else _HTML_SPACE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment: tags dropped, entities decoded, one line
    per block element, runs of spaces and blank lines collapsed."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


# --------------------------------------------------------------------------- overlay


class DropOverlay(QWidget):
    """A translucent hint over its parent while importable things are dragged over it.

    Hidden by default; ``show_over(parent)`` covers the parent and follows its size. It
    never takes mouse events, so the drag events still reach the widgets below.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._message = self.tr("Drop digests to import them")
        self._detail = self.tr("Files, folders, web links or copied text")
        self.hide()

    def message(self) -> str:
        """The text shown in the middle."""
        return self._message

    def show_over(self, parent: QWidget) -> None:
        """Cover ``parent`` (re-parenting if needed), raise above its children and show."""
        current = self.parentWidget()
        if current is not parent:
            if current is not None:
                current.removeEventFilter(self)
            self.setParent(parent)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the parent when it is resized."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A tinted veil, a dashed rounded frame and the message in large type."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        veil = QColor(palette.color(palette.ColorRole.Window))
        veil.setAlpha(230)
        painter.fillRect(self.rect(), veil)

        accent = QColor(palette.color(palette.ColorRole.Highlight))
        tint = QColor(accent)
        tint.setAlpha(28)
        margin = max(8.0, min(self.width(), self.height()) * 0.04)
        frame = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        pen = QPen(accent, 3.0, Qt.PenStyle.DashLine)
        pen.setDashPattern([4.0, 3.0])
        painter.setPen(pen)
        painter.setBrush(tint)
        painter.drawRoundedRect(frame, 16.0, 16.0)

        inner = frame.adjusted(24, 24, -24, -24)
        title_font = QFont(self.font())
        title_font.setPointSizeF(max(title_font.pointSizeF(), 9.0) * 2.0)
        title_font.setBold(True)
        detail_font = QFont(self.font())
        detail_font.setPointSizeF(max(detail_font.pointSizeF(), 9.0) * 1.15)
        wrap = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        title_box = QFontMetricsF(title_font).boundingRect(inner, wrap, self._message)
        detail_box = QFontMetricsF(detail_font).boundingRect(inner, wrap, self._detail)
        gap = 10.0
        top = inner.center().y() - (title_box.height() + gap + detail_box.height()) / 2
        painter.setPen(palette.color(palette.ColorRole.WindowText))
        painter.setFont(title_font)
        title_rect = QRectF(inner.left(), top, inner.width(), title_box.height())
        painter.drawText(title_rect, wrap, self._message)
        painter.setFont(detail_font)
        painter.setPen(palette.color(palette.ColorRole.PlaceholderText))
        detail_rect = QRectF(
            inner.left(), title_rect.bottom() + gap, inner.width(), detail_box.height()
        )
        painter.drawText(detail_rect, wrap, self._detail)
        painter.end()
