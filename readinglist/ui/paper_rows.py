"""Every row of the library in the list's order: the newest page at once and the rest from
a worker (reading 100,000 rows takes 1–2 s), re-sorted when a header is clicked (a long
list in a worker, shown in one update when sorted), and updated row by row after edits.
Where each paper is (its position by id) comes with the rows from the worker that ordered
them, and stays while edits keep the order."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_key, sort_rows
from readinglist.ui.models.row_order import Ordered, Positions, positions_of
from readinglist.ui.row_merge import HeldRows, MergedRows, merged_rows
from readinglist.ui.workers import RowsJob

logger = logging.getLogger(__name__)

FIRST_PAGE = 300  # rows shown from the database before the whole list is read
BACKGROUND_SORT = 5000  # a list this long is re-sorted in a worker (100k rows: ~100 ms)
_NEWEST_FIRST = (PaperTableModel.ADDED, True)


class PaperRows(QObject):
    """The rows of the whole library (``rows``), sorted by ``sort_order()``."""

    changed = Signal()  # ``rows`` was replaced: show them again

    def __init__(
        self, library: Library, pool: QThreadPool, sort_order: Callable[[], tuple[int, bool]]
    ) -> None:
        super().__init__()
        self._library = library
        self._pool = pool
        self._sort_order = sort_order
        self._rows: list[PaperRow] = []
        self._positions: Positions | None = {}  # built on first use when not handed over
        self._sorting: SortRequest | None = None  # the header click being sorted in a worker
        self.reordered = False  # during ``changed``: the same rows as before, re-sorted
        # during ``changed``: the list before and the fresh rows merged into it (an import,
        # a fetch), so what depends on the rows looks at those rows only; else None
        self.merged: RowsMerged | None = None

    @property
    def rows(self) -> list[PaperRow]:
        """Every row, in the list's order."""
        return self._rows

    @rows.setter
    def rows(self, rows: list[PaperRow]) -> None:
        self._rows = rows
        self._positions = None

    @property
    def positions(self) -> Positions:
        """Each row's position by paper id (from the worker that ordered the rows; built
        here only after a change of rows that came without it, e.g. a removal)."""
        if self._positions is None:
            self._positions = positions_of(self._rows)
        return self._positions

    def load(self, first_page: int = FIRST_PAGE) -> None:
        """The newest rows now (when sorted newest first), the whole list from a worker."""
        if self._sort_order() != _NEWEST_FIRST:
            self.reload()
            return
        self.replace(self._library.rows(limit=first_page))
        if len(self.rows) == first_page:
            job = RowsJob(self._library.directory, *self._sort_order())
            job.signals.finished.connect(self._on_loaded)
            self._pool.start(job)

    def reload(self) -> None:
        """Read every row again."""
        self.replace(sort_rows(self._library.rows(), *self._sort_order()))

    def replace(self, rows: list[PaperRow], positions: Positions | None = None) -> None:
        """These rows (already in the list's order; with their ``positions`` when a worker
        ordered them): a sort still running is dropped."""
        self._sorting = None
        self.rows = rows
        self._positions = positions
        self.changed.emit()

    def held(self) -> HeldRows:
        """The rows now (this very list) and their order, for a job to merge into."""
        return HeldRows(self._rows, *self._sort_order())

    def adopt(
        self, rows: list[PaperRow], merged: MergedRows, positions: Positions | None = None
    ) -> None:
        """``rows`` (with their ``positions``): a job's papers merged into the list
        :meth:`held` gave it. Shown as they are when the list is still that one, in that
        order; else (edited, re-read or re-sorted meanwhile) the job's fresh rows are merged
        into the list as it is now."""
        held = merged.held
        same_order = self._sort_order() == (held.column, held.descending)
        if held.rows is self._rows and same_order and self._sorting is None:
            self._replace_merged(rows, merged.fresh, positions)
        else:
            self.merge(merged.fresh, merged.gone)

    def merge(self, fresh: list[PaperRow], gone: frozenset[int] = frozenset()) -> None:
        """Rows of the papers an import, a fetch or an undo stored or changed: each replaces
        the row of its paper or joins the list in its place, and the rows of the papers in
        ``gone`` leave it (the rest of the list is kept as it is: the library is not read
        again). A header click being sorted sorts them too."""
        sorting = self._sorting
        held = [row for row in self.rows if row.id not in gone] if gone else self.rows
        if sorting is not None:  # the rows are not in the clicked order yet: sort them all
            replaced = {row.id for row in fresh}
            self.rows = [row for row in held if row.id not in replaced] + fresh
            self.resort(sorting.column, sorting.descending)
            return
        column, descending = self._sort_order()
        self._replace_merged(merged_rows(held, fresh, sort_key(column), descending), fresh)

    def _replace_merged(
        self, rows: list[PaperRow], fresh: list[PaperRow], positions: Positions | None = None
    ) -> None:
        """``rows``: the list held now with ``fresh`` merged in (said in :attr:`merged`)."""
        self.merged = RowsMerged(self._rows, fresh)
        try:
            self.replace(rows, positions)
        finally:
            self.merged = None

    def resort(self, column: int, descending: bool) -> None:
        """A click on a header: a short list is sorted at once, a long one in a worker
        (the rows follow in one update; a newer click or a new list wins)."""
        if len(self.rows) < BACKGROUND_SORT:
            self._reorder(Ordered.of(sort_rows(self.rows, column, descending)))
            return
        self._sorting = request = SortRequest(self.rows, column, descending)
        job = SortJob(request)
        job.signals.finished.connect(self._on_sorted)  # a bound slot: queued to this thread
        self._pool.start(job)

    def _on_sorted(self, request: SortRequest, ordered: Ordered) -> None:
        if request is not self._sorting:  # a newer click, or a new list, came meanwhile
            return
        if request.rows is not self.rows:  # papers edited or removed meanwhile: sort them
            self.resort(request.column, request.descending)
            return
        self._reorder(ordered)

    def _reorder(self, ordered: Ordered) -> None:
        """The same rows in a new order (what depends on the rows' contents stays)."""
        self.reordered = True
        try:
            self.replace(ordered.rows, ordered.positions)
        finally:
            self.reordered = False

    def forget(self, ids: Iterable[int]) -> None:
        """Drop removed papers without reading the list again (no signal: the caller
        removes them from the view)."""
        gone = set(ids)
        self.rows = [row for row in self.rows if row.id not in gone]

    def update(self, ids: list[int]) -> dict[int, PaperRow]:
        """Re-read these papers' rows after an edit; the fresh rows by id."""
        fresh = {row.id: row for row in self._library.rows(ids=ids)}
        positions = self.positions  # the order stays: so do the positions
        # A new list (a sort or a ranking running on the old one sees the change), copied
        # in C and patched where the fresh rows go: no pass over 100,000 rows in Python
        # ("Not interested" on one paper: 13-19 ms of the GUI thread's time before).
        rows = list(self._rows)
        for paper_id, row in fresh.items():
            at = positions.get(paper_id)
            if at is not None:
                rows[at] = row
        self.rows = rows
        self._positions = positions
        return fresh

    def set_flag(self, ids: Iterable[int], flag: str, value: bool) -> None:
        """Set ``read`` or ``starred`` on the rows held (the model shows the same rows):
        found by id, not by a pass over every row (Space on 5,000 of 100,000 papers)."""
        for row in self._held(ids):
            setattr(row, flag, value)

    def find(self, ids: Iterable[int]) -> dict[int, PaperRow]:
        """The rows held of these papers, by id (found through :attr:`positions`)."""
        return {row.id: row for row in self._held(ids)}

    def unmarked(self, ids: Iterable[int], flag: str, value: bool) -> list[int]:
        """Those of these papers whose row has ``flag`` other than ``value`` (what a
        change to ``value`` turns; a paper without a row is left out)."""
        return [row.id for row in self._held(ids) if getattr(row, flag) != value]

    def _held(self, ids: Iterable[int]) -> list[PaperRow]:
        """The rows held of these papers, in the order asked."""
        rows, where = self._rows, self.positions.get
        return [rows[at] for at in map(where, ids) if at is not None]

    def _on_loaded(self, loaded: Ordered) -> None:
        if self._sort_order() != _NEWEST_FIRST:  # the user re-sorted meanwhile
            loaded = Ordered.of(sort_rows(loaded.rows, *self._sort_order()))
        self.replace(loaded.rows, loaded.positions)


@dataclass(frozen=True, eq=False, slots=True)
class RowsMerged:
    """A list replaced by itself with ``fresh`` rows merged in: ``before`` (the list object
    replaced) and the fresh rows (each replaced its paper's row or joined the list)."""

    before: list[PaperRow]
    fresh: list[PaperRow]


@dataclass(frozen=True, eq=False, slots=True)
class SortRequest:
    """One header click on a long list: ``rows`` (the list object as it was) by a column."""

    rows: list[PaperRow]
    column: int
    descending: bool


class SortSignals(QObject):
    """finished(request, ordered): the rows of ``request`` in their new order (Ordered)."""

    finished = Signal(object, object)  # object: no copy of 100k rows into Qt types


class SortJob(QRunnable):
    """Sort a request's rows by its column away from the GUI thread (its list is kept),
    and find where each paper is in the new order there too."""

    def __init__(self, request: SortRequest) -> None:
        super().__init__()
        self.signals = SortSignals()
        self._request = request

    def run(self) -> None:
        request = self._request
        try:
            ordered = Ordered.of(sort_rows(request.rows, request.column, request.descending))
        except Exception:  # never let a bug kill the thread silently: the order stays
            logger.exception("sorting the list failed")
            ordered = Ordered.of(request.rows)
        self.signals.finished.emit(request, ordered)
