"""The Paper menu: every triage action with its key, so the single-key shortcuts can be
discovered (the keys themselves are bound by ``triage.py``; the menu only shows them)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from readinglist.ui.hosts import PaperListHost, TagFocus
from readinglist.ui.icons import action_icon
from readinglist.ui.triage import TriageActions


def build_paper_menu(
    parent: QWidget, window: PaperListHost, triage: TriageActions, fields: TagFocus
) -> QMenu:
    """A menu acting on the selected papers (or the current one)."""
    tr = window.tr
    menu = QMenu(tr("&Paper"), parent)
    menu.addAction(action_icon("read"), tr("Toggle &Read\tSpace"), triage.toggle_read)
    menu.addAction(action_icon("star"), tr("Toggle &Star\tS"), triage.toggle_star)
    menu.addAction(action_icon("tag"), tr("Add &Tag\tT"), fields.focus_tags)
    menu.addAction(tr("Edit &Notes\tN"), fields.focus_notes)
    menu.addSeparator()
    menu.addAction(tr("&Next Paper\tJ"), lambda: triage.move(1))
    menu.addAction(tr("&Previous Paper\tK"), lambda: triage.move(-1))
    menu.addAction(tr("&Open Link\tEnter"), window.open_current_link)
    menu.addAction(action_icon("similar"), tr("Find S&imilar Papers"), lambda: _similar(window))
    menu.addSeparator()
    menu.addAction(action_icon("remove"), tr("Re&move\tDelete"), triage.remove_selected)
    return menu


def _similar(window: PaperListHost) -> None:
    ids = window.selected_ids()
    if ids:
        window.show_similar_to(ids[0])
