"""The sidebar's context menu: rename or delete a tag; mark a digest read or remove it
(each of these is a step of the undo stack)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import ReadingListError
from readinglist.ui.hosts import SidebarHost
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from readinglist.ui.wording import papers


def show_sidebar_menu(window: SidebarHost, position: QPoint) -> None:
    """Offer the actions of the tag or digest under ``position``."""
    index = window.sidebar.indexAt(position)
    chosen = index.data(SidebarModel.FilterRole) if index.isValid() else None
    if not isinstance(chosen, SidebarFilter) or chosen.kind not in ("tag", "digest", "search"):
        return
    tr = window.tr
    menu = QMenu(window.sidebar)
    if chosen.kind == "search":
        query = str(chosen.value)
        remaining = [q for q in window.saved_searches() if q != query]
        menu.addAction(tr("Delete Saved Search"), lambda: window.set_saved_searches(remaining))
    elif chosen.kind == "tag":
        name = str(chosen.value)
        menu.addAction(tr("Rename Tag…"), lambda: _rename(window, name))
        menu.addAction(tr("Delete Tag"), lambda: _delete_tag(window, name))
    else:
        digest_id = int(chosen.value or 0)
        menu.addAction(tr("Mark All Read"), lambda: _mark_digest_read(window, digest_id))
        menu.addAction(tr("Complete Details Online"), lambda: window.complete_details(digest_id))
        menu.addAction(tr("Remove Digest…"), lambda: _remove_digest(window, digest_id))
    menu.popup(window.sidebar.viewport().mapToGlobal(position))


def _rename(window: SidebarHost, name: str) -> None:
    new, ok = QInputDialog.getText(
        window.sidebar, window.tr("Rename Tag"), window.tr("New name:"), text=name
    )
    if not ok or not new.strip() or new.strip() == name:
        return
    try:
        window.edits.rename_tag(name, new.strip())
    except ReadingListError as exc:
        window.show_message(str(exc))
        return
    text = window.tr("Tag “{0}” renamed to “{1}”. Ctrl+Z brings it back.")
    window.show_message(text.format(name, new.strip()))


def _delete_tag(window: SidebarHost, name: str) -> None:
    """Take the tag off its papers as one step of the undo stack (Ctrl+Z puts it back)."""
    ids = [p.id for p in window.library.papers(PaperQuery(tag=name))]
    try:
        window.edits.remove_tag(ids, name)
    except ReadingListError as exc:
        window.show_message(str(exc))
        return
    text = window.tr("Tag “{0}” removed from {1}. Ctrl+Z brings it back.")
    window.show_message(text.format(name, papers(len(ids))))


def _mark_digest_read(window: SidebarHost, digest_id: int) -> None:
    """Mark the digest's papers read as one step of the undo stack."""
    ids = [p.id for p in window.library.papers(PaperQuery(digest_id=digest_id))]
    try:
        window.edits.set_flag(ids, "read", True)
    except ReadingListError as exc:
        window.show_message(str(exc))
        return
    window.show_message(window.tr("Marked {0} read").format(papers(len(ids))))


def _remove_digest(window: SidebarHost, digest_id: int) -> None:
    digest = window.library.digest(digest_id)
    answer = QMessageBox.question(
        window.sidebar,
        window.tr("Remove Digest"),
        window.tr(
            "Remove “{0}”? Its papers that no other digest holds and that have no mark "
            "(read, star, not interested), note or tag are deleted; the rest stay."
        ).format(digest.source_name),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    done = window.tr("Removed “{0}”. Ctrl+Z brings it back.").format(digest.source_name)
    try:
        window.edits.remove_digest(digest_id, done)  # said once it is done (in the background)
    except ReadingListError as exc:
        window.show_message(str(exc))
        return
    window.show_message(window.tr("Removing “{0}”…").format(digest.source_name))
