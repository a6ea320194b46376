"""A heavy undo or redo step (papers removed by the thousand coming back, an enrichment
undone) run off the GUI thread: the step works on a library of its own (its own SQLite
connection), then reads the list as the step left it, so the window only has to show it.

A work that says which papers it touched (it returns a :class:`Touched`: an import's
undo, a removal's undo and redo, a completion's undo) has only those papers' rows read
and merged into the list the window held when the step began (``held``); the window merges
them again into its list if that changed meanwhile (``PaperRows.adopt``). The whole list
is read again only when the work does not say (or no ``held`` list was given)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from readinglist.core.library import Library
from readinglist.domain.errors import ReadingListError
from readinglist.ui.models.paper_table_model import sort_rows
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.touched_rows import Touched, touched_outcome
from readinglist.ui.workers import ImportOutcome

logger = logging.getLogger(__name__)

LibraryWork = Callable[[Library], object]  # a step's work, given the worker's library


@dataclass(frozen=True, slots=True)
class StepResult:
    """How a background step ended: ``error`` (None when it worked) and the library as
    it left it (``shown``: None when the step failed or reading the list failed)."""

    error: str | None
    shown: ImportOutcome | None


class BackgroundStep(QObject):
    """Runs ``work`` in a thread on its own library, then reads the rows it touched (or
    every row, in ``sort_order``), the counts and digests. ``finished`` carries a
    :class:`StepResult`."""

    finished = Signal(object)

    def __init__(
        self,
        directory: object,
        work: LibraryWork,
        sort_order: tuple[int, bool],
        parent: QObject | None = None,
        busy_timeout: float | None = None,
        held: HeldRows | None = None,
    ) -> None:
        """``busy_timeout``: how long a write waits for another writer (None: the
        library's default), as long as the window's own library waits; ``held``: the list
        the window holds now, which the rows a work touched are merged into."""
        super().__init__(parent)
        self._directory = directory
        self._busy_timeout = busy_timeout
        self._work = work
        self._sort_order = sort_order
        self._held = held
        self.result: StepResult | None = None
        self._thread = threading.Thread(target=self._run, name="undo-step", daemon=True)

    def start(self) -> None:
        """Begin the step in its thread."""
        self._thread.start()

    def wait(self) -> StepResult:
        """Block until the step is done; its result."""
        self._thread.join()
        assert self.result is not None
        return self.result

    def _run(self) -> None:
        try:
            with self._open() as library:
                done = self._work(library)
                shown = _read_list(library, self._sort_order, done, self._held)
            self.result = StepResult(None, shown)
        except ReadingListError as exc:
            self.result = StepResult(str(exc), None)
        except Exception as exc:  # noqa: BLE001 - reported in the window, never a traceback
            logger.exception("an undo step failed")
            self.result = StepResult(str(exc) or type(exc).__name__, None)
        self.finished.emit(self.result)

    def _open(self) -> Library:
        if self._busy_timeout is None:
            return Library.open(self._directory)  # type: ignore[arg-type]
        return Library.open(self._directory, busy_timeout=self._busy_timeout)  # type: ignore[arg-type]


def _read_list(
    library: Library, sort_order: tuple[int, bool], done: object, held: HeldRows | None
) -> ImportOutcome | None:
    """The list as the step left it (only the rows it touched read, when ``done`` says
    which); None when reading it failed (the window reloads)."""
    try:
        if isinstance(done, Touched) and held is not None:
            return touched_outcome(library, done, held)
        rows = sort_rows(library.rows(), *sort_order)
        return ImportOutcome([], rows, library.stats(), library.digests())
    except ReadingListError:
        return None
