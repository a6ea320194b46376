"""The title keeps its share of the paper list's width: with every column shown in a
1280-pixel window the others took all but ~130 px, and titles showed 15 characters. When
the columns beside it do not fit next to the title's share, they give way, the wordy ones
(authors, tags, digest, score) first and down to a floor where their text elides, the
dates last and never below the width of a date. Each column remembers the width it had
before it gave way (the default, or the width the user dragged it to) and gets it back
when the list is wide enough again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

from readinglist.ui.models.paper_table_model import PaperTableModel as Model

TITLE_SHARE = 0.45  # of the list's width, kept for the title while other columns give way
WORDY_FLOOR = 48  # px: authors, tags, digest, score narrow to this (their text elides)
_WORDY = (Model.AUTHORS, Model.TAGS, Model.DIGEST, Model.SCORE)  # give way first
_DATES = (Model.DATE, Model.ADDED)  # give way last, down to the width of a date


class TitleRoom(QObject):
    """Narrows the columns beside the title of ``table`` so that it keeps its share."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._header = table.horizontalHeader()
        self._wanted: dict[int, int] = {}  # the width each column had before it gave way
        self._fitting = False
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self.fit)
        self._header.sectionResized.connect(self._on_resized)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._soon.start()
        return False

    def _on_resized(self, column: int, old: int, new: int) -> None:
        """A column shown, hidden or dragged: fit again; a drag is the user's width."""
        if self._fitting or column in (Model.TITLE, Model.STAR):
            return
        if old > 0 and new > 0:  # (0: hidden or shown again, not a width chosen)
            self._wanted[column] = new
        self._soon.start()

    def fit(self) -> None:
        """Give the title its share: the columns beside it narrow if they must, wordy
        ones first, and widen back to their wanted widths when there is room."""
        header = self._header
        others = [
            c
            for c in range(header.count())
            if c not in (Model.TITLE, Model.STAR) and not header.isSectionHidden(c)
        ]
        wanted = {c: self._wanted.setdefault(c, header.sectionSize(c)) for c in others}
        fixed = 0 if header.isSectionHidden(Model.STAR) else header.sectionSize(Model.STAR)
        width = self._table.viewport().width()
        room = width - fixed - int(TITLE_SHARE * width)
        widths = _shared(wanted, room, self._date_floor())
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _date_floor(self) -> int:
        """The width a date needs to show whole (its text and the cell's margins)."""
        return self._table.fontMetrics().horizontalAdvance("0000-00-00") + 16


def _shared(wanted: dict[int, int], room: int, date_floor: int) -> dict[int, int]:
    """Each column's width when together they may take ``room`` pixels: their wanted
    widths if they fit; else the wordy columns narrow (in proportion, down to
    :data:`WORDY_FLOOR`), then the dates (down to ``date_floor``)."""
    widths = dict(wanted)
    excess = sum(widths.values()) - room
    for group, floor in ((_WORDY, WORDY_FLOOR), (_DATES, date_floor)):
        if excess <= 0:
            break
        members = [c for c in widths if c in group and widths[c] > floor]
        slack = sum(widths[c] - floor for c in members)
        if not slack:
            continue
        give = min(excess, slack)
        for c in members:
            widths[c] -= round(give * (widths[c] - floor) / slack)
        excess -= give
    return widths
