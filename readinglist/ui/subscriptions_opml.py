"""Subscriptions > Import / Export Subscriptions (OPML): a file chosen in a dialog, the
subscriptions (and rules) read from it or written to it, the outcome said in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from readinglist.core.library import Library
from readinglist.domain.errors import ReadingListError
from readinglist.domain.files import write_text_atomically


def _tr(text: str) -> str:
    return QCoreApplication.translate("SubscriptionsController", text)


def import_opml(
    parent: QWidget, library: Library, report: Callable[[str], None], refresh: Callable[[], None]
) -> None:
    """Add subscriptions from an OPML file the user picks."""
    path, _ = QFileDialog.getOpenFileName(
        parent, _tr("Import subscriptions"), "", _tr("OPML (*.opml *.xml)")
    )
    if not path:
        return
    try:
        added, skipped = library.subscriptions.import_opml(Path(path).read_bytes())
    except (OSError, ReadingListError) as exc:
        report(_tr("Could not import {0}: {1}").format(path, exc))
        return
    refresh()
    report(_tr("Added {0} subscriptions ({1} already there).").format(len(added), len(skipped)))


def export_opml(parent: QWidget, library: Library, report: Callable[[str], None]) -> None:
    """Write the subscriptions and rules as OPML, to a file the user picks."""
    path, _ = QFileDialog.getSaveFileName(parent, _tr("Export subscriptions"), "subscriptions.opml")
    if not path:
        return
    try:
        write_text_atomically(path, library.subscriptions.export_opml())
    except ReadingListError as exc:
        report(str(exc))
        return
    report(_tr("Exported the subscriptions to {0}.").format(path))
