"""The main window's menus (File, Edit, Paper, View, Help), its toolbar actions and the
search shortcuts, connected to the controllers that do the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from readinglist.core.library import Library
from readinglist.ui.dialogs import about_dialog, shortcuts_dialog
from readinglist.ui.edits import Edits
from readinglist.ui.export_controller import ExportController
from readinglist.ui.icons import action_icon
from readinglist.ui.import_controller import ImportController
from readinglist.ui.menus import Keys, add_action, build_edit_menu
from readinglist.ui.paper_menu import build_paper_menu
from readinglist.ui.search_controller import SearchController
from readinglist.ui.triage import TriageActions
from readinglist.ui.views.detail_pane import DetailPane


class MenuHost(Protocol):
    """What the menus call on the window besides its controllers."""

    library: Library

    def paste(self) -> None: ...

    def save_search(self) -> None: ...


@dataclass(frozen=True)
class WindowActions:
    """The actions other parts of the window refer to."""

    import_action: QAction
    export_action: QAction
    undo_action: QAction
    redo_action: QAction
    mark_on_open: QAction
    paper_menu: QMenu
    edit_menu: QMenu | None
    view_menu: QMenu


def build_menus(  # noqa: PLR0913
    window: QMainWindow,
    host: MenuHost,
    toolbar: QToolBar,
    *,
    imports: ImportController,
    exports: ExportController,
    edits: Edits,
    triage: TriageActions,
    detail: DetailPane,
    searching: SearchController,
) -> WindowActions:
    """Fill ``window``'s menu bar, put Import and Export first on ``toolbar``."""
    tr = window.tr

    def add(menu, text: str, keys: Keys, slot: Callable[[], object]) -> QAction:  # type: ignore[no-untyped-def]
        return add_action(window, menu, text, keys, slot)

    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    import_action = add(
        file_menu, tr("&Import…"), QKeySequence.StandardKey.Open, imports.choose_files
    )
    import_action.setIcon(action_icon("import"))
    add(file_menu, tr("Import &Example Digest"), None, imports.import_example)
    add(file_menu, tr("&Paste Digest Text"), QKeySequence.StandardKey.Paste, host.paste)
    export_action = add(file_menu, tr("&Export…"), "Ctrl+E", exports.export)
    export_action.setIcon(action_icon("export"))
    add(file_menu, tr("&Save Search"), "Ctrl+S", host.save_search).setIcon(action_icon("search"))
    first = toolbar.actions()[0]
    toolbar.insertActions(first, [import_action, export_action])
    toolbar.insertSeparator(first)
    file_menu.addSeparator()
    add(file_menu, tr("&Quit"), QKeySequence.StandardKey.Quit, window.close)
    undo_action, redo_action = build_edit_menu(window, bar, edits.stack, triage.undo, triage.redo)
    paper_menu = build_paper_menu(window, window, triage, detail)  # type: ignore[arg-type]
    bar.addMenu(paper_menu)
    view_menu = bar.addMenu(tr("&View"))
    mark_on_open = add(view_menu, tr("&Mark Papers Read When Opened"), None, lambda: None)
    mark_on_open.setCheckable(True)
    mark_on_open.toggled.connect(lambda checked: setattr(triage, "mark_read_when_opened", checked))
    help_menu = bar.addMenu(tr("&Help"))
    add(
        help_menu,
        tr("&Keyboard Shortcuts and Search"),
        "F1",
        lambda: shortcuts_dialog(window).exec(),
    )
    directory = host.library.directory
    add(help_menu, tr("&About Reading List"), None, lambda: about_dialog(window, directory).exec())
    for keys in (QKeySequence.StandardKey.Find, QKeySequence("/")):
        QShortcut(keys, window, searching.focus)
    edit_menu = bar.findChild(QMenu, "edit-menu")
    return WindowActions(
        import_action,
        export_action,
        undo_action,
        redo_action,
        mark_on_open,
        paper_menu,
        edit_menu,
        view_menu,
    )
