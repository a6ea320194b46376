"""Which columns the paper list shows: the title gets the room; a column that is empty for
every paper of the library (no authors, no dates, no tags yet, no "For you" scores) is
hidden until a paper has a value there; and a column chooser on the header's context menu
lets the user show or hide any column, a choice that is kept and wins over the rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import attrgetter, is_not

from PySide6.QtCore import QModelIndex, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.views.paper_table import PaperTable

Model = PaperTableModel
# The columns hidden while empty, and the row field each shows.
OPTIONAL = {
    Model.AUTHORS: "authors",
    Model.DATE: "published",
    Model.TAGS: "tags",
    Model.DIGEST: "digest",
    Model.SCORE: "score",
}
_SETTING = "columns/chosen"  # the user's choices: "column=1" (shown) or "column=0" (hidden)


def filled(rows: Iterable[PaperRow], field: str) -> bool:
    """Whether any of the rows shows something in the column of ``field`` (a pass in C:
    ~2 ms over 100,000 rows)."""
    values = map(attrgetter(field), rows)
    if field == "score":
        return any(map(partial(is_not, None), values))
    return any(values)


class ColumnLayout(QObject):
    """Shows and hides the columns of ``table`` after the rows of ``library_rows()``."""

    def __init__(self, table: PaperTable, library_rows: Callable[[], Sequence[PaperRow]]) -> None:
        super().__init__(table)
        self._table = table
        self._rows = library_rows
        self._model = table.papers
        self._filled: dict[int, bool] = dict.fromkeys(OPTIONAL, True)
        self.menu: QMenu | None = None  # the column chooser, while it is open
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        self._model.dataChanged.connect(self._on_data_changed)

    def chosen(self) -> dict[int, bool]:
        """The columns the user showed (True) or hid (False) through the chooser."""
        stored = QSettings().value(_SETTING, [])
        choices = [stored] if isinstance(stored, str) else list(stored or [])
        found: dict[int, bool] = {}
        for choice in choices:
            column, _, shown = str(choice).partition("=")
            if column.isdigit() and shown in ("0", "1"):
                found[int(column)] = shown == "1"
        return found

    def rows_changed(self, fresh: Sequence[PaperRow] | None = None) -> None:
        """The library's rows were read again: which optional columns hold something.
        ``fresh``: only these rows were merged into the list (an import or a fetch, which
        fill fields but never empty one): a column fills if one of them has a value,
        and the other 100,000 rows are not looked at again."""
        if fresh is None:
            rows = self._rows()
            for column, field in OPTIONAL.items():
                self._filled[column] = filled(rows, field)
        else:
            empty = [column for column, was in self._filled.items() if not was]
            newly = [column for column in empty if filled(fresh, OPTIONAL[column])]
            if not newly:
                return  # no column to show or hide
            self._filled.update(dict.fromkeys(newly, True))
        self._apply()

    def _on_data_changed(self, first: QModelIndex, last: QModelIndex, *_roles: object) -> None:
        """Rows changed in place (a tag added, scores computed): an empty column may fill."""
        empty = [column for column, filled in self._filled.items() if not filled]
        if not empty or not first.isValid():
            return
        rows = self._model.rows_in(first.row(), last.row())
        for column in empty:
            self._filled[column] = filled(rows, OPTIONAL[column])
        self._apply()

    def _apply(self) -> None:
        header = self._table.horizontalHeader()
        chosen = self.chosen()
        for column in range(self._model.columnCount()):
            shown = chosen.get(column, self._filled.get(column, True))
            if column == Model.TITLE:
                shown = True  # the title is never hidden
            if header.isSectionHidden(column) == shown:
                header.setSectionHidden(column, not shown)

    def _choose(self, column: int, shown: bool) -> None:
        """The user showed or hid ``column`` in the chooser: kept across runs."""
        chosen = self.chosen()
        chosen[column] = shown
        QSettings().setValue(_SETTING, [f"{c}={int(s)}" for c, s in sorted(chosen.items())])
        self._apply()

    def _show_menu(self, position: QPoint) -> None:
        """The column chooser: every column but the title, checked when shown."""
        header = self._table.horizontalHeader()
        menu = QMenu(self._table)
        menu.setObjectName("column-chooser")
        for column in range(self._model.columnCount()):
            if column == Model.TITLE:
                continue
            name = self._model.headerData(
                column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
            ) or self._model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(str(name), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self._choose(c, on))
            menu.addAction(action)
        menu.aboutToHide.connect(menu.deleteLater)
        self.menu = menu
        menu.popup(header.mapToGlobal(position))
