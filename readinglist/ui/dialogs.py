"""Small dialogs: About (version, data folder) and the shortcuts / query language help."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from readinglist import APP_NAME, __version__

SHORTCUTS = [
    ("J / K, ↓ / ↑", "next / previous paper"),
    ("Home / End", "first / last paper"),
    ("Space", "toggle read"),
    ("S", "toggle star"),
    ("X", "not interested (For you)"),
    ("T", "edit tags"),
    ("N", "edit notes"),
    ("Enter", "open the paper's page"),
    ("Escape", "leave a field for the list; in the list, clear the search"),
    ("Tab / Shift+Tab", "next / previous pane (also from the notes)"),
    ("Ctrl+Tab", "type a tab in the notes"),
    ("Delete", "remove the selected papers"),
    ("Shift+F10 or Menu", "the list's or the sidebar's context menu"),
    ("Ctrl+Z", "undo the last change"),
    ("Ctrl+F or /", "search"),
    ("Ctrl+V", "import copied digest text"),
    ("Ctrl+O", "import files"),
    ("Ctrl+E", "export"),
    ("Ctrl+S", "save the current search in the sidebar"),
]
_SEPARATORS = re.compile(r", | or | / ")
QUERY_LANGUAGE = [
    ("video diffusion", "both words"),
    ('"language model"', "the exact phrase"),
    ("video OR audio", "either word"),
    ("-video, NOT video", "without the word"),
    ("title: abstract: author: tag: note: digest: id:", "a word in one field"),
    ("is:read is:unread is:starred", "read state and stars"),
    ("published:2025, published:2024..2025", "publication dates"),
    ("transf*  contnual~", "prefix, fuzzy"),
]


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td><b>{html.escape(a)}</b></td><td>&nbsp;&nbsp;{html.escape(b)}</td></tr>"
        for a, b in rows
    )
    return f"<table>{cells}</table>"


def menu_keys(window: QWidget) -> list[tuple[str, str]]:
    """The keys of the menu entries of ``window`` that :data:`SHORTCUTS` does not list
    (every menu's own keys: a controller that adds an entry with a key adds it here)."""
    listed = {key for keys, _what in SHORTCUTS for key in _SEPARATORS.split(keys)}
    rows: list[tuple[str, str]] = []
    for menu in window.findChildren(QMenu):
        for action in menu.actions():
            keys = entry_keys(action)
            if keys and keys not in listed:
                listed.add(keys)
                what = action.text().partition("\t")[0].replace("&", "").rstrip("…")
                rows.append((keys, what.lower()))
    return rows


def entry_keys(action: QAction) -> str:
    """The key a menu entry shows: its shortcut, or the key written after a tab in its text
    (single keys are window shortcuts of their own, so that they skip text fields)."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return keys or action.text().partition("\t")[2].strip()


def shortcuts_dialog(parent: QWidget) -> QDialog:
    """Keyboard shortcuts and the search syntax."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(dialog.tr("Shortcuts and Search"))
    text = QTextBrowser(dialog)
    text.setHtml(
        f"<h3>{dialog.tr('Keyboard')}</h3>{_table(SHORTCUTS + menu_keys(parent))}"
        f"<h3>{dialog.tr('Search')}</h3>{_table(QUERY_LANGUAGE)}"
    )
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(520, 520)
    return dialog


def about_dialog(parent: QWidget, data_dir: Path) -> QDialog:
    """Version and where the library lives, with a button to open that folder."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(dialog.tr("About {0}").format(APP_NAME))
    label = QLabel(
        f"<h2>{APP_NAME} {html.escape(__version__)}</h2>"
        f"<p>{dialog.tr('Triage research-paper digests, offline.')}</p>"
        f"<p>{dialog.tr('Library folder:')}<br><code>{html.escape(str(data_dir))}</code></p>",
        dialog,
    )
    label.setWordWrap(True)
    open_folder = QPushButton(dialog.tr("Open Library Folder"), dialog)
    open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir))))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(open_folder)
    layout.addWidget(buttons)
    return dialog
