"""The paper list's model: light rows in the order the view shows them.

Rows are sorted and filtered where the data is (the window hands the model rows already in
order); sorting by a column sorts the Python list by value, which takes ~70 ms at 100,000
rows where a QSortFilterProxyModel needs seconds. Edits update their rows (one ``dataChanged``),
imports insert rows, removals remove rows: the model is only reset for a new result set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from readinglist.domain.bidi import in_order
from readinglist.domain.entities import PaperRow
from readinglist.ui.dnd import PAPER_IDS_MIME_TYPE, paper_ids_mime
from readinglist.ui.models.row_order import Placement, Positions

PAPER_IDS_MIME = PAPER_IDS_MIME_TYPE
Index = QModelIndex | QPersistentModelIndex


class PaperTableModel(QAbstractTableModel):
    """Papers as table rows: star, title, authors, date, tags, digest, added."""

    STAR, TITLE, AUTHORS, DATE, TAGS, DIGEST, ADDED = range(7)
    SCORE = 7  # "For you", drawn as a bar by ui/score_delegate.py
    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PaperRow] = []
        self._positions: Positions | Placement | None = {}
        self._sort_keys: dict[int, dict[int, Any]] = {}
        self._headers = [
            "★",
            self.tr("Title"),
            self.tr("Authors"),
            self.tr("Date"),
            self.tr("Tags"),
            self.tr("Digest"),
            self.tr("Added"),
            self.tr("For you"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ contents

    def set_rows(self, rows: Sequence[PaperRow], placement: Placement | None = None) -> None:
        """Show a new result set (a reset: selection and scroll start over); ``placement``
        finds a paper among these rows (else a table of them is built when first asked)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex_positions()
        self._positions = placement
        self.endResetModel()

    def update_rows(self, rows: Iterable[PaperRow]) -> None:
        """Replace rows in place (after a tag, note, read or star change): one
        ``dataChanged`` over the rows' span, not one per row (Space on 5,000 papers)."""
        positions = []
        for row in rows:
            position = self._position.get(row.id)
            if position is not None:
                self._rows[position] = row
                positions.append(position)
        if positions:
            self._sort_keys.clear()  # a tag or star change may move the row
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), last))

    def all_marked(self, ids: Iterable[int], flag: str) -> bool:
        """Whether every one of these papers shown has ``read`` (or ``starred``) set."""
        rows, position = self._rows, self._position
        return all(getattr(rows[at], flag) for at in map(position.get, ids) if at is not None)

    def rows_flagged(self, ids: Iterable[int], flag: str) -> None:
        """Rows whose ``read`` or ``starred`` mark was set in place: one ``dataChanged``
        over their span; only a star change forgets the star column's sort keys."""
        position = self._position
        positions = [at for at in map(position.get, ids) if at is not None]
        if not positions:
            return
        if flag == "starred":
            self._sort_keys.pop(self.STAR, None)
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), last))

    def remove_ids(self, ids: Iterable[int]) -> None:
        """Remove papers from the list, one contiguous block at a time."""
        positions = sorted((self._position[i] for i in ids if i in self._position), reverse=True)
        for position in positions:
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()
        if positions:
            self._reindex_positions()

    def row_at(self, position: int) -> PaperRow:
        """The row shown at ``position``."""
        return self._rows[position]

    def rows_in(self, first: int, last: int) -> list[PaperRow]:
        """The rows shown from ``first`` to ``last`` (included)."""
        return self._rows[first : last + 1]

    def position_of(self, paper_id: int) -> int | None:
        """Where a paper is shown, if it is."""
        return self._position.get(paper_id)

    def ids(self) -> list[int]:
        """Ids of the rows, in order."""
        return [row.id for row in self._rows]

    def _reindex_positions(self) -> None:
        """Row positions are rebuilt lazily, on first use after a change (sorting 100k
        rows should not pay for a lookup table nobody asked for yet)."""
        self._positions = None
        self._sort_keys.clear()

    @property
    def _position(self) -> Positions | Placement:
        if self._positions is None:
            self._positions = {row.id: n for n, row in enumerate(self._rows)}
        return self._positions

    # ------------------------------------------------------------- Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Starred") if section == self.STAR else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _DISPLAY[column](row)
        if role == Qt.ItemDataRole.FontRole and not row.read:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TITLE, self.AUTHORS):
            return in_order(row.title if column == self.TITLE else row.authors)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.STAR:
            return Qt.AlignmentFlag.AlignCenter
        if role == self.IdRole:
            return row.id
        if role == self.SortRole:
            return _SORT_KEYS[column](row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every cell of a selection (Ctrl+A on 10,000 rows: 70,000 calls): a
        # constant, without calling the base class or combining enums each time.
        return _CELL_FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the column's value (not its text), keeping the selection."""
        keys = self._sort_keys.get(column)
        if keys is None:  # computed once per row set and column, reused on re-sorts
            make_key = _SORT_KEYS[column]
            keys = {row.id: make_key(row) for row in self._rows}
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self._rows[i.row()].id for i in persistent]
        self._rows.sort(key=lambda row: keys[row.id], reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex_positions()
        self._sort_keys[column] = keys
        new = [
            self.index(self._position[pid], i.column())
            for pid, i in zip(old_ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [PAPER_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = sorted({self._rows[i.row()].id for i in indexes if i.isValid()})
        mime = paper_ids_mime(ids)  # the one writer of the format paper_ids_from_mime reads
        mime.setText("\n".join(self._rows[self._position[i]].title for i in ids))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction


_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
    | Qt.ItemFlag.ItemIsDragEnabled
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_DISPLAY: list[Callable[[PaperRow], Any]] = [
    lambda r: "★" if r.starred else "",
    lambda r: in_order(r.title),
    lambda r: in_order(r.authors),
    lambda r: r.published or "",
    lambda r: in_order(", ".join(r.tags)),
    lambda r: in_order(r.digest),
    lambda r: r.added[:10],
    lambda r: "" if r.score is None else f"{r.score:.2f}",
]
_SORT_KEYS: list[Callable[[PaperRow], Any]] = [
    lambda r: not r.starred,
    lambda r: r.title.casefold(),
    lambda r: r.authors.casefold(),
    lambda r: r.published or "",
    lambda r: ", ".join(r.tags).casefold(),
    lambda r: r.digest.casefold(),
    lambda r: r.added,
    lambda r: -1.0 if r.score is None else r.score,
]


def sort_rows(rows: list[PaperRow], column: int, descending: bool) -> list[PaperRow]:
    """``rows`` ordered by a column's value (what the window keeps its rows in, and what a
    worker hands it, so the GUI thread never sorts 100,000 rows)."""
    return sorted(rows, key=_SORT_KEYS[column], reverse=descending)


def sort_key(column: int) -> Callable[[PaperRow], Any]:
    """The value :func:`sort_rows` orders rows by in ``column`` (to place a few new rows in
    a list already in that order)."""
    return _SORT_KEYS[column]
