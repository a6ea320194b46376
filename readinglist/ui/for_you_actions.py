"""What a person asks of the "For you" ranking: View > Sort For You (Ctrl+Shift+Y), View >
Top Picks for You (Ctrl+Shift+T) and X, "Not interested" on the selection (undoable; not
while typing in a field). Made by ``ForYouController``, whose ranking they act on."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QPlainTextEdit, QTextEdit

from readinglist.domain.errors import ReadingListError
from readinglist.ui import wording
from readinglist.ui.for_you_views import ForYouViews
from readinglist.ui.menus import add_action
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.sidebar_model import SidebarFilter

SCORE = PaperTableModel.SCORE


class Ranking(Protocol):
    """What the actions read of the ranking: its scores, the dismissed papers, its status
    line (what to say when nothing is ranked yet) and its views (Top Picks)."""

    scores: dict[int, float]
    dismissed: set[int]
    status: QLabel
    views: ForYouViews


class ForYouActions(QObject):
    """The View menu's For-you entries and the X key, on ``window`` (see the module)."""

    def __init__(self, window: QMainWindow, ranking: Ranking) -> None:
        super().__init__(window)
        self.window = window
        self._ranking = ranking
        self.dismiss_key = QShortcut(QKeySequence("X"), window)
        self.dismiss_key.activated.connect(self._dismiss_unless_typing)
        menu = window._view_menu  # type: ignore[attr-defined]
        menu.addSeparator()
        self.sort_action = add_action(
            window, menu, self.tr("Sort &For You"), "Ctrl+Shift+Y", self.sort_for_you
        )
        self.top_action = add_action(
            window, menu, self.tr("&Top Picks for You"), "Ctrl+Shift+T", self.show_top_picks
        )

    def sort_for_you(self) -> None:
        """Order the list by score, best first."""
        header = self.window.table.horizontalHeader()  # type: ignore[attr-defined]
        header.setSortIndicator(SCORE, Qt.SortOrder.DescendingOrder)
        if not self._ranking.scores:
            self._say_why_not()

    def show_top_picks(self) -> None:
        """View > Top Picks: the sidebar's Top Picks (the best-ranked unread papers)."""
        sidebars = self.window.sidebars  # type: ignore[attr-defined]
        index = sidebars.model.index_for_filter(SidebarFilter("top"))
        if not index.isValid():
            self._say_why_not()
            return
        self.window.feeds.leave_panel()  # type: ignore[attr-defined]
        sidebars.tree.setCurrentIndex(index)
        views = self._ranking.views
        self.window.show_message(  # type: ignore[attr-defined]
            self.tr("Top picks: the {0} unread papers added on {1} ranked best for you.").format(
                len(views.top_ids), views.day
            )
        )

    def toggle_dismissed(self) -> None:
        """X: "Not interested" on the selection (or back, when all are already)."""
        ids = self.window.selected_ids()  # type: ignore[attr-defined]
        if not ids:
            return
        value = not all(pid in self._ranking.dismissed for pid in ids)
        try:
            self.window.edits.set_flag(ids, "dismissed", value)  # type: ignore[attr-defined]
        except ReadingListError as exc:
            self.window.show_message(str(exc))  # type: ignore[attr-defined]
            return
        count = len(ids)
        text = (
            self.tr("Not interested: {0}. Ctrl+Z brings {1} back.").format(
                wording.papers(count), wording.them(count)
            )
            if value
            else self.tr("{0} back in the ranking.").format(wording.papers(count))
        )
        self.window.show_message(text)  # type: ignore[attr-defined]

    def _say_why_not(self) -> None:
        """Nothing ranked yet: the status line's explanation, in the status bar."""
        status = self._ranking.status
        self.window.show_message(status.toolTip() or status.text())  # type: ignore[attr-defined]

    def _dismiss_unless_typing(self) -> None:
        focus = self.window.focusWidget()
        if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit) and not focus.isReadOnly():
            return
        self.toggle_dismissed()
