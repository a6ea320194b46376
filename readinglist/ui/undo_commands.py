"""The commands on the window's undo stack: what one change does and undoes (``Change``)
and its entry on the ``QUndoStack`` (``Command``). The work itself is done by
:class:`~readinglist.ui.edits.Edits`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QUndoCommand

from readinglist.ui.count_delta import CountsDelta
from readinglist.ui.undo_worker import LibraryWork

Ended = Callable[[str | None], None]  # told a background step's error (None: it worked)
NOTES_COMMAND_ID = 1  # edits of one paper's notes in a row merge into one undo step


@dataclass(eq=False)
class Change:
    """What one command does and undoes, and the papers it touches."""

    apply: Callable[[], object]
    revert: Callable[[], object]
    ids: Sequence[int]
    redoable: bool = True
    flag: tuple[str, bool] | None = None  # a row mark set by apply (revert clears it)
    paper_id: int | None = None  # notes: which paper's notes
    silent: bool = False  # the change reports itself (an import): no reload from here
    apply_in: LibraryWork | None = None  # heavy: redo runs this off the GUI thread
    revert_in: LibraryWork | None = None  # heavy: undo runs this off the GUI thread
    delta: CountsDelta = field(default_factory=CountsDelta)  # the sidebar's counts, by apply
    # Told how a background undo or redo ended (its error, None when it worked), once the
    # window shows it: e.g. an import's undo offers to try again, or updates the index.
    after: Ended = lambda _error: None


class Command(QUndoCommand):
    """A step on the stack; the work itself is done by ``UndoSteps`` and ``Edits``."""

    def __init__(self, text: str, change: Change) -> None:
        super().__init__(text)
        self.change = change
        # What to say once the change is first made, when a worker makes it (None: made
        # before it was pushed, or made already).
        self.first_done: str | None = None

    def id(self) -> int:
        return NOTES_COMMAND_ID if self.change.paper_id is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        """Coalesce notes typed on the same paper: one step from the first text to the last."""
        if not isinstance(other, Command) or other.change.paper_id != self.change.paper_id:
            return False
        self.change.apply = other.change.apply
        return True

    def redo(self) -> None:  # done by Edits before the push, or in UndoSteps.redo
        pass

    def undo(self) -> None:  # done by UndoSteps.undo
        pass
