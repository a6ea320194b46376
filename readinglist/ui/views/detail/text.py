"""Text and links as the detail pane shows them: escaped, elided, only web links opened."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QLabel, QToolButton

from readinglist.domain.links import is_safe_link

LINK_TEXT_MAX = 40
SAFE_SCHEMES = frozenset({"http", "https"})
# Checked toggles in the palette's highlight colours: unmistakable in any style or palette.
TOGGLE_CSS = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 4px; padding: 2px 10px; }"
    "QToolButton:hover { background: palette(midlight); }"
    "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border-color: palette(highlight); }"
)


def open_link(url: str) -> bool:
    """Open a web link in the browser; False (nothing opened) for any other kind."""
    qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
    if is_safe_link(url) and qurl.isValid() and qurl.scheme().lower() in SAFE_SCHEMES:
        QDesktopServices.openUrl(qurl)
        return True
    return False


def escaped(text: str) -> str:
    """``text`` as HTML showing it literally, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def rich_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would guess rich text from tags)."""
    return f"<p>{html.escape(text)}</p>"


def link_text(url: str) -> str:
    """A short label for a link: host and path, elided."""
    parts = urlsplit(url)
    text = url
    if is_safe_link(url) and parts.hostname:
        text = parts.hostname.removeprefix("www.") + parts.path.rstrip("/")
    return text if len(text) <= LINK_TEXT_MAX else text[: LINK_TEXT_MAX - 1] + "…"


def heading(text: str, font: QFont) -> QLabel:
    """A section heading (bold, a little space above)."""
    label = QLabel(text)
    bold = QFont(font)
    bold.setBold(True)
    label.setFont(bold)
    label.setContentsMargins(0, 6, 0, 0)
    return label


def toggle_button(text: str, tooltip: str) -> QToolButton:
    """A checkable button drawn in the highlight colours when checked."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tooltip)
    button.setCheckable(True)
    button.setStyleSheet(TOGGLE_CSS)
    return button
