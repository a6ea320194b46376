"""The main window. For now a read-only list of the library's papers: the full triage
window (sidebar, table, search, detail pane) comes with the desktop-app issue."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from readinglist import APP_NAME
from readinglist.core.library import Library


class MainWindow(QMainWindow):
    """Shows every paper's title, newest import first, and the library's counts."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._library = library
        self.setWindowTitle(APP_NAME)
        self.resize(900, 600)
        self.titles = QStringListModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.titles)
        self.list_view.setUniformItemSizes(True)
        self.summary = QLabel(self)
        layout = QVBoxLayout()
        layout.addWidget(self.summary)
        layout.addWidget(self.list_view)
        central = QWidget(self)
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        """Reload titles and counts from the library."""
        papers = self._library.papers()
        self.titles.setStringList([p.title or p.key for p in papers])
        stats = self._library.stats()
        if stats.papers:
            text = self.tr("{papers}, {unread} unread, {starred} starred, from {digests}").format(
                papers=_count(stats.papers, self.tr("paper"), self.tr("papers")),
                unread=stats.unread,
                starred=stats.starred,
                digests=_count(stats.digests, self.tr("digest"), self.tr("digests")),
            )
        else:
            text = self.tr("The library is empty. Import a digest with: readinglist import FILE")
        self.summary.setText(text)
        self.statusBar().showMessage(str(self._library.directory))


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"
