"""Every change a user makes to papers — read, star, tags, notes, removal — as one undo
stack (``QUndoStack``), so Ctrl+Z always undoes the last thing the user did, and the Edit
menu can say what that was ("Undo Add Tag 'agents'").

A change is made first and pushed once it succeeded; undo and redo run the change's reverse
(or the change again) and move the stack only when that worked, so a busy library leaves
the stack as it was and the error is reported instead.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from readinglist.core.library import Library

ROW_FLAGS = ("read", "starred")  # marks the list's rows carry: set in place, not re-read
NOTES_COMMAND_ID = 1  # edits of one paper's notes in a row merge into one undo step


@dataclass(eq=False)
class _Change:
    """What one command does and undoes, and the papers it touches."""

    apply: Callable[[], object]
    revert: Callable[[], object]
    ids: Sequence[int]
    redoable: bool = True
    flag: tuple[str, bool] | None = None  # a row mark set by apply (revert clears it)
    paper_id: int | None = None  # notes: which paper's notes
    silent: bool = False  # the change reports itself (an import): no reload from here


class _Command(QUndoCommand):
    """A step on the stack; the work itself is done by ``Edits`` (see the module doc)."""

    def __init__(self, text: str, change: _Change) -> None:
        super().__init__(text)
        self.change = change

    def id(self) -> int:
        return NOTES_COMMAND_ID if self.change.paper_id is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        """Coalesce notes typed on the same paper: one step from the first text to the last."""
        if not isinstance(other, _Command) or other.change.paper_id != self.change.paper_id:
            return False
        self.change.apply = other.change.apply
        return True

    def redo(self) -> None:  # done by Edits before the push, or in Edits.redo
        pass

    def undo(self) -> None:  # done by Edits.undo
        pass


class Edits(QObject):
    """The user's changes to the library, undoable."""

    changed = Signal(list)  # ids of papers changed (every kind of change)
    stale = Signal(list)  # ids of papers whose rows must be read again (not a row flag)
    flagged = Signal(list, str, bool)  # ids whose read/starred mark is now the value
    reloaded = Signal()  # papers came back or went: read the whole list again

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(100)

    # ---------------------------------------------------------------- changes

    def set_flag(self, ids: list[int], flag: str, value: bool) -> None:
        """Mark papers read/unread (``flag`` "read"), starred/unstarred ("starred") or
        "Not interested" ("dismissed"). The undo step keeps only the ids that turned, as a
        compact array (5,000 papers: 40 kB), and undo turns just those back."""
        turned = array("q", self.library.turn_flag(ids, flag, value))
        if not turned:
            return  # every paper had the mark already: nothing to undo
        if flag == "read":
            text = self.tr("Mark Read") if value else self.tr("Mark Unread")
        elif flag == "dismissed":
            text = self.tr("Not Interested") if value else self.tr("Interested Again")
        else:
            text = self.tr("Star") if value else self.tr("Unstar")
        change = _Change(
            lambda: self.library.turn_flag(turned, flag, value),
            lambda: self.library.turn_flag(turned, flag, not value),
            turned,
            flag=(flag, value) if flag in ROW_FLAGS else None,
        )
        self._push(text, change, len(ids))

    def add_tag(self, ids: list[int], tag: str) -> None:
        """Tag papers with ``tag``."""
        untagged = [p.id for p in self.library.papers_by_ids(ids) if not _has(p.tags, tag)]
        self.library.add_tags(ids, [tag])
        change = _Change(
            lambda: self.library.add_tags(untagged, [tag]),
            lambda: self.library.remove_tags(untagged, [tag]),
            ids,
        )
        self._push(self.tr("Add Tag '{0}'").format(tag), change, 1)

    def remove_tag(self, ids: list[int], tag: str) -> None:
        """Remove ``tag`` from papers."""
        tagged = [p.id for p in self.library.papers_by_ids(ids) if _has(p.tags, tag)]
        names = {p.id: _name(p.tags, tag) for p in self.library.papers_by_ids(tagged)}
        self.library.remove_tags(ids, [tag])

        def revert() -> None:
            for pid, name in names.items():
                self.library.add_tags([pid], [name])

        change = _Change(lambda: self.library.remove_tags(tagged, [tag]), revert, ids)
        self._push(self.tr("Remove Tag '{0}'").format(tag), change, 1)

    def set_notes(self, paper_id: int, text: str) -> bool:
        """Replace a paper's notes; True when they changed. Consecutive edits of the same
        paper's notes are one undo step."""
        old = self.library.paper(paper_id).notes
        if not self.library.set_notes(paper_id, text):
            return False
        change = _Change(
            lambda: self.library.set_notes(paper_id, text),
            lambda: self.library.set_notes(paper_id, old),
            [paper_id],
            paper_id=paper_id,
        )
        self._push(self.tr("Edit Notes"), change, 1)
        return True

    def remove(self, ids: list[int]) -> None:
        """Delete papers (the caller drops their rows); undo puts them back in place, with
        their ids, annotations and digest places, and redo removes them again."""
        ids = list(ids)
        removed = [self.library.delete_papers(ids)]  # the latest removal, for undo

        def revert() -> None:
            ids[:] = self.library.restore_deleted(removed[0])

        change = _Change(
            lambda: removed.__setitem__(0, self.library.delete_papers(ids)), revert, []
        )
        self._push(self.tr("Remove"), change, len(ids), announce=False)

    def record_done(self, text: str, revert: Callable[[], object], count: int) -> None:
        """Put a change made elsewhere (e.g. by a worker) on the stack; undo runs ``revert``
        and reloads the list. It cannot be redone (it would have to be done again)."""
        change = _Change(lambda: None, revert, [], redoable=False)
        self._push(text, change, count, announce=False)

    def record(
        self, text: str, apply: Callable[[], object], revert: Callable[[], object]
    ) -> object:
        """Put a change made elsewhere (an import, which reports its own undo and redo)
        on the stack. Returns a token for :meth:`is_last`."""
        change = _Change(apply, revert, [], silent=True)
        self._push(text, change, 1, announce=False)
        return change

    def is_last(self, token: object) -> bool:
        """True when the change :meth:`record` returned ``token`` for is the next undo."""
        command = self.stack.command(self.stack.index() - 1) if self.stack.canUndo() else None
        return isinstance(command, _Command) and command.change is token

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> str | None:
        """Undo the last change; its name, or None when there is nothing to undo. A
        refused undo (busy library…) raises ReadingListError and changes nothing."""
        if not self.stack.canUndo():
            return None
        command = self.stack.command(self.stack.index() - 1)
        assert isinstance(command, _Command)
        command.change.revert()
        text = command.text()
        if not command.change.redoable:
            command.setObsolete(True)  # dropped from the stack by the undo below
        self.stack.undo()
        self._announce(command.change, undone=True)
        return text

    def redo(self) -> str | None:
        """Redo the last undone change; its name, or None."""
        if not self.stack.canRedo():
            return None
        command = self.stack.command(self.stack.index())
        assert isinstance(command, _Command)
        command.change.apply()
        self.stack.redo()
        self._announce(command.change)
        return command.text()

    # --------------------------------------------------------------- internals

    def _push(self, text: str, change: _Change, count: int, *, announce: bool = True) -> None:
        if count > 1:
            text = self.tr("{0} ({1} Papers)").format(text, count)
        self.stack.push(_Command(text, change))
        if announce:
            self._announce(change)

    def _announce(self, change: _Change, *, undone: bool = False) -> None:
        if change.silent:
            return
        if not change.ids:
            self.reloaded.emit()
            return
        ids = list(change.ids)
        if change.flag is None:
            self.stale.emit(ids)
            self.changed.emit(ids)
            return
        flag, value = change.flag
        self.flagged.emit(ids, flag, value != undone)  # the list shows it at once
        # The rest (ranking, index) hears of it on the next turn of the event loop: the
        # key's own stall stays short (Space on 5,000 papers).
        QTimer.singleShot(0, self, lambda: self.changed.emit(ids))


def _has(tags: list[str], tag: str) -> bool:
    return tag.casefold() in (t.casefold() for t in tags)


def _name(tags: list[str], tag: str) -> str:
    """The spelling a paper has of ``tag``."""
    return next((t for t in tags if t.casefold() == tag.casefold()), tag)
