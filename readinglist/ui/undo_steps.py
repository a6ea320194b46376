"""The window's undo stack (``QUndoStack``) and how it moves: undo and redo run a change's
reverse (or the change again) and move the stack only when that worked, so a busy library
leaves the stack as it was and the error is reported instead. A heavy undo or redo runs in
the background, and the changes, undos and redos asked for meanwhile wait their turn in a
queue (the window keeps answering) and run, in order, when it has finished.

A read or star mark on many papers is undone and redone the same way: the rows turn at
once, the write follows off the GUI thread, the stack moves once it is written, and a
failed write puts the rows back. Each step tells the list, the sidebar's counts
(``counted``) and the index what changed. The changes themselves are made by
:class:`~readinglist.ui.edits.Edits`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from readinglist.core.library import Library
from readinglist.domain.errors import ReadingListError
from readinglist.ui.count_delta import CountsDelta
from readinglist.ui.flag_write import FlagWrite, WriteResult
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.step_queue import StepQueue
from readinglist.ui.undo_commands import Change, Command
from readinglist.ui.undo_worker import BackgroundStep, LibraryWork, StepResult

ROW_FLAGS = ("read", "starred")  # marks the list's rows carry: set in place, not re-read
# From this many papers a read or star mark is written off the GUI thread (at 100,000
# papers the write of 5,000 marks took 66 ms on the GUI thread; 114 papers take ~2 ms).
BACKGROUND_MARKS = 500
Unmarked = Callable[[list[int], str, bool], list[int]]


class UndoSteps(StepQueue):
    """The stack of the user's changes, undone and redone in the order asked."""

    # Ids go as Python objects: a Signal(list) copies 5,000 ids to Qt types and back.
    changed = Signal(object)  # ids (a list) of papers changed (every kind of change)
    stale = Signal(object)  # ids of papers whose rows must be read again (not a row flag)
    flagged = Signal(object, str, bool)  # ids whose read/starred mark is now the value
    reloaded = Signal()  # papers came back or went: read the whole list again
    restored = Signal(object)  # ImportOutcome: the list as a background step left it
    brought_back = Signal(object)  # ids of removed papers an undo put back: select them
    removed = Signal(object)  # ids of papers just removed: drop their rows
    step_done = Signal(str)  # a background undo/redo finished: what to tell the user
    step_failed = Signal(str)  # a background undo/redo was refused: why
    counted = Signal(object)  # CountsDelta: how a change moved the sidebar's counts

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(100)
        self._pool = QThreadPool(self)  # writes of marks on many papers, one at a time
        self._pool.setMaxThreadCount(1)
        self.sort_order: Callable[[], tuple[int, bool]] = lambda: (PaperTableModel.ADDED, True)
        # The list the window holds, which a background step merges the rows it touched
        # into (None: such a step reads every row again); set by the window's list.
        self.held: Callable[[], HeldRows] | None = None
        # Which of these papers the list shows without the mark at the value (they turn at
        # once, and back if the write fails); set by the window.
        self.unmarked: Unmarked = lambda ids, _flag, _value: list(ids)
        # While ``changed`` is emitted for a read or starred mark: that mark (such a change
        # turns nothing else, e.g. no "Not interested"); None for every other change.
        self.flag_changed: str | None = None

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> str | None:
        """Undo the last change; its name, or None when there is nothing to undo (or when
        it waits for the step running in the background: see :attr:`busy`). A refused
        undo (busy library…) raises ReadingListError and changes nothing; a heavy one runs
        in the background and reports through ``step_done`` or ``step_failed``."""
        if self._later(self.undo, undoing=True):
            return None
        if not self.stack.canUndo():
            return None
        command = self.stack.command(self.stack.index() - 1)
        assert isinstance(command, Command)
        if command.change.revert_in is not None:
            self._start(command, command.change.revert_in, undoing=True)
            return command.text()
        if self._heavy_marks(command.change):
            self._flip(command, undoing=True)
            return command.text()
        command.change.revert()
        text = command.text()
        if not command.change.redoable:
            command.setObsolete(True)  # dropped from the stack by the undo below
        self.stack.undo()
        self._announce(command.change, undone=True)
        return text

    def redo(self) -> str | None:
        """Redo the last undone change; its name, or None (see :meth:`undo`)."""
        if self._later(self.redo, undoing=False):
            return None
        if not self.stack.canRedo():
            return None
        command = self.stack.command(self.stack.index())
        assert isinstance(command, Command)
        if command.change.apply_in is not None:
            self._start(command, command.change.apply_in, undoing=False)
            return command.text()
        if self._heavy_marks(command.change):
            self._flip(command, undoing=False)
            return command.text()
        command.change.apply()
        self.stack.redo()
        self._announce(command.change)
        return command.text()

    # ------------------------------------------------------------ background steps

    def _start(self, command: Command, work: LibraryWork, *, undoing: bool) -> None:
        held = None if self.held is None else self.held()
        step = BackgroundStep(
            self.library.directory, work, self.sort_order(), self, self.library.busy_timeout, held
        )
        self._run(step, lambda result: self._step_finished(command, undoing, result))

    def _start_write(
        self, ids: list[int], flag: str, value: bool, done: Callable[[WriteResult], None]
    ) -> None:
        write = FlagWrite(self.library.directory, ids, flag, value, self._pool, self)
        self._run(write, done)  # type: ignore[arg-type]

    def _step_finished(self, command: Command, undoing: bool, result: StepResult) -> None:
        """A heavy undo or redo is done: move the stack if it worked, show the list."""
        after = command.change.after  # the command may be deleted below
        if result.error is not None:
            self._drop_steps()
            if undoing:
                failed = self.tr("Could not undo: {0}")
            elif command.first_done is not None:
                failed = self.tr("Not done: {0}")  # stays on the stack: Ctrl+Shift+Z tries again
            else:
                failed = self.tr("Could not redo: {0}")
            command.first_done = None
            self.step_failed.emit(failed.format(result.error))
            after(result.error)
            return
        text = command.text()  # an obsolete command is deleted by the stack's undo
        if undoing:
            if not command.change.redoable:
                command.setObsolete(True)
            self.stack.undo()
        else:
            self.stack.redo()
        if result.shown is None:
            self.reloaded.emit()
        else:
            self.restored.emit(result.shown)
        first_done, command.first_done = command.first_done, None
        self.step_done.emit(first_done or self._done_text(text, undoing))
        after(None)

    @staticmethod
    def _heavy_marks(change: Change) -> bool:
        return change.flag is not None and len(change.ids) >= BACKGROUND_MARKS

    def _flip(self, command: Command, *, undoing: bool) -> None:
        """Undo (or redo) a mark on many papers: the rows turn now, the write follows in
        the background; the stack moves once it is written, the rows turn back if not."""
        change = command.change
        assert change.flag is not None
        flag, value = change.flag
        ids = list(change.ids)
        self.flagged.emit(ids, flag, value != undoing)

        def written(result: WriteResult) -> None:
            if result.error is not None:
                self.flagged.emit(ids, flag, value == undoing)  # the rows as they were
                self._step_finished(command, undoing, StepResult(result.error, None))
                return
            text = command.text()
            if undoing:
                self.stack.undo()
            else:
                self.stack.redo()
            self._announce(change, undone=undoing, rows=False)
            self.step_done.emit(self._done_text(text, undoing))

        self._start_write(ids, flag, value != undoing, written)

    def _run_one(self, undoing: bool | None, action: Callable[[], object]) -> None:
        """Run a change, undo or redo that waited; say what it did."""
        last = self._last_command()
        try:
            text = action()
        except ReadingListError as exc:
            self._drop_steps()
            self.step_failed.emit(str(exc))
            return
        if undoing is None:  # a change: say what it did, once it is on the stack
            done = self._last_command()
            if done is not None and done is not last and self._step is None:
                self.step_done.emit(self.tr("Done: {0}").format(done.text()))
        elif isinstance(text, str) and self._step is None:
            self.step_done.emit(self._done_text(text, undoing))

    def _last_command(self) -> QUndoCommand | None:
        """The command the next undo undoes."""
        return self.stack.command(self.stack.index() - 1) if self.stack.canUndo() else None

    def _done_text(self, text: str, undoing: bool) -> str:
        return (self.tr("Undone: {0}") if undoing else self.tr("Redone: {0}")).format(text)

    # --------------------------------------------------------------- internals

    def _do_in_background(self, text: str, change: Change, done: str) -> None:
        """Put a heavy change on the stack and make it off the GUI thread, as its redo
        would (``change.apply_in``); the stack moves once it is made, and ``done`` is
        said. Undo asked meanwhile waits for it."""
        assert change.apply_in is not None
        command = self._push(text, change, 1, announce=False)
        self.stack.undo()  # not made yet: the worker makes it, as it makes a redo
        command.first_done = done
        self._start(command, change.apply_in, undoing=False)

    def _push(self, text: str, change: Change, count: int, *, announce: bool = True) -> Command:
        if count > 1:
            text = self.tr("{0} ({1} Papers)").format(text, count)
        command = Command(text, change)
        self.stack.push(command)
        if announce:
            self._announce(change)
        return command

    def _announce(self, change: Change, *, undone: bool = False, rows: bool = True) -> None:
        """Tell the list, the sidebar and the index what ``change`` (or its undo) did;
        ``rows=False``: the rows show its mark already."""
        if change.silent:
            return
        if not change.ids:
            self.reloaded.emit()
            return
        ids = list(change.ids)
        delta: CountsDelta = change.delta.reversed() if undone else change.delta
        if change.flag is None:
            self.stale.emit(ids)
            self.counted.emit(delta)
            self.changed.emit(ids)
            return
        flag, value = change.flag
        if rows:
            self.flagged.emit(ids, flag, value != undone)  # the list sets it on its rows
        self.counted.emit(delta)
        self.flag_changed = flag
        try:  # the ranking and the index (not deferred: the window may close, and the
            self.changed.emit(ids)  # library with it, before a later turn of the event loop)
        finally:
            self.flag_changed = None
