"""What the window remembers between runs: its geometry and layout, the sidebar entry
shown, and the "mark read when opened" preference (QSettings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from readinglist.ui.models.sidebar_model import SidebarFilter

DEFAULT_SIZE = (1280, 800)
_RESTORED_KINDS = ("all", "unread", "starred", "read", "tag", "digest")


@dataclass(frozen=True, slots=True)
class Preferences:
    """The choices restored with the window."""

    view: SidebarFilter
    mark_read_when_opened: bool


def restore_layout(window: QMainWindow, splitter: QSplitter, header: QHeaderView) -> None:
    """Size, toolbars, pane widths and columns as they were (a default size the first time)."""
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    for key, restore in (
        ("window/state", window.restoreState),
        ("window/splitter", splitter.restoreState),
        ("window/header", header.restoreState),
    ):
        value = settings.value(key)
        if isinstance(value, QByteArray):
            restore(value)


def save_layout(window: QMainWindow, splitter: QSplitter, header: QHeaderView) -> None:
    """Remember size, toolbars, pane widths and columns."""
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())
    settings.setValue("window/header", header.saveState())


def restore_preferences() -> Preferences:
    """The sidebar entry last shown (a saved search is not restored) and the preference."""
    settings = QSettings()
    kind = settings.value("filter/kind", "all")
    value = settings.value("filter/value")
    view = SidebarFilter("all", None)
    if kind in _RESTORED_KINDS:
        if kind == "digest":
            value = int(value) if str(value).isdigit() else None
        view = SidebarFilter(str(kind), value)
    return Preferences(view, settings.value("triage/markReadOnOpen", False, bool))


def save_preferences(preferences: Preferences) -> None:
    """Remember the sidebar entry shown and the preference."""
    settings = QSettings()
    settings.setValue("filter/kind", preferences.view.kind)
    settings.setValue("filter/value", preferences.view.value)
    settings.setValue("triage/markReadOnOpen", preferences.mark_read_when_opened)


class WindowSettings:
    """One window's layout and preferences, restored at start and saved when it closes."""

    def __init__(self, window: QMainWindow, splitter: QSplitter, header: QHeaderView) -> None:
        self._window, self._splitter, self._header = window, splitter, header

    def restore(self) -> Preferences:
        """Put the layout back as it was; the preferences to apply."""
        restore_layout(self._window, self._splitter, self._header)
        return restore_preferences()

    def save(self, preferences: Preferences) -> None:
        """Remember the layout and ``preferences``."""
        save_layout(self._window, self._splitter, self._header)
        save_preferences(preferences)
