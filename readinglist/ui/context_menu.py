"""The paper list's context menu: triage, tags, links, copy as BibTeX or Markdown,
similar papers and removal, for the selected papers."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu

from readinglist.domain.entities import ExportOptions
from readinglist.domain.errors import ReadingListError
from readinglist.ui.hosts import PaperListHost
from readinglist.ui.icons import action_icon
from readinglist.ui.triage import TriageActions
from readinglist.ui.wording import papers


def show_paper_menu(window: PaperListHost, triage: TriageActions, position: QPoint) -> None:
    """Pop the menu up at ``position`` (table viewport coordinates)."""
    ids = window.selected_ids()
    if not ids:
        return
    tr = window.tr
    menu = QMenu(window.table)
    menu.addAction(action_icon("read"), tr("Toggle Read\tSpace"), triage.toggle_read)
    menu.addAction(action_icon("star"), tr("Toggle Star\tS"), triage.toggle_star)
    menu.addAction(action_icon("tag"), tr("Add Tag…"), lambda: _ask_tag(window, triage, ids))
    menu.addSeparator()
    menu.addAction(tr("Open Link\tEnter"), window.open_current_link)
    menu.addAction(tr("Copy as BibTeX"), lambda: copy_as(window, ids, "bibtex"))
    menu.addAction(tr("Copy as Markdown"), lambda: copy_as(window, ids, "md"))
    menu.addAction(
        action_icon("similar"), tr("Find Similar Papers"), lambda: window.show_similar_to(ids[0])
    )
    menu.addAction(tr("Complete Details Online"), window.complete_details)
    menu.addSeparator()
    menu.addAction(action_icon("remove"), tr("Remove\tDelete"), triage.remove_selected)
    menu.popup(window.table.viewport().mapToGlobal(position))


def copy_as(window: PaperListHost, ids: list[int], fmt: str) -> None:
    """Put the papers on the clipboard in ``fmt`` (small selections: done right here)."""
    try:
        text = window.library.export(fmt, paper_ids=ids, options=ExportOptions())
    except ReadingListError as exc:
        window.show_message(str(exc))
        return
    QApplication.clipboard().setText(text)
    window.show_message(window.tr("Copied {0}.").format(papers(len(ids))))


def _ask_tag(window: PaperListHost, triage: TriageActions, ids: list[int]) -> None:
    tag, ok = QInputDialog.getItem(
        window.table, window.tr("Add Tag"), window.tr("Tag:"), window.library.tags(), 0, True
    )
    if ok and tag.strip():
        try:
            triage.add_tag(ids, tag.strip())
        except ReadingListError as exc:
            window.show_message(str(exc))
