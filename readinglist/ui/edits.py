"""Every change a user makes to papers — read, star, "Not interested", tags, notes,
removal, renaming a tag, removing a digest — made and put on the window's one undo stack
(:mod:`readinglist.ui.undo_steps`), so Ctrl+Z always undoes the last thing the user did,
and the Edit menu can say what that was ("Undo Add Tag 'agents'").

A change is made first and pushed once it succeeded. While a heavy undo or redo runs in the
background, a change asked for meanwhile waits its turn. A read or star mark on many papers
is shown on the rows at once and written in the background: it goes on the stack at once,
and a failed write puts the rows back as they were.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery
from readinglist.domain.removed import RemovedDigest
from readinglist.domain.tags import clean_tag
from readinglist.ui.count_delta import CountsDelta, flag_delta, nocase, tag_delta
from readinglist.ui.flag_write import WriteResult
from readinglist.ui.touched_rows import Touched
from readinglist.ui.undo_commands import Change, Command, Ended
from readinglist.ui.undo_steps import BACKGROUND_MARKS, ROW_FLAGS, UndoSteps
from readinglist.ui.undo_worker import LibraryWork

__all__ = ["BACKGROUND_MARKS", "ROW_FLAGS", "Edits"]


class Edits(UndoSteps):
    """The user's changes to the library, undoable."""

    # ---------------------------------------------------------------- changes

    def set_flag(self, ids: list[int], flag: str, value: bool) -> None:
        """Mark papers read/unread (``flag`` "read"), starred/unstarred ("starred") or
        "Not interested" ("dismissed"). The undo step keeps only the ids that turned, as a
        compact array (5,000 papers: 40 kB), and undo turns just those back. Marks on
        :data:`BACKGROUND_MARKS` papers or more show at once, go on the stack at once (a
        Ctrl+Z waits for the write) and are written off the GUI thread."""
        if self._later(lambda: self.set_flag(ids, flag, value)):
            return
        turned = array("q")
        text, change = self._marks(turned, flag, value)
        if flag not in ROW_FLAGS or len(ids) < BACKGROUND_MARKS or self.library.read_only:
            turned.extend(self.library.turn_flag(ids, flag, value))
            if turned:  # else every paper had the mark already: nothing to undo
                tally = self.library.digest_tally(turned) if flag == "read" else {}
                change.delta = flag_delta(flag, value, len(turned), tally)
                self._push(text, change, len(ids))
            return
        ids = list(ids)
        turning = self.unmarked(ids, flag, value)
        self.flagged.emit(turning, flag, value)  # on screen now, in the library soon
        command = self._push(text, change, len(ids), announce=False)

        def written(result: WriteResult) -> None:
            if result.error is None and result.turned:
                turned.extend(result.turned)
                change.delta = flag_delta(flag, value, len(turned), result.tally)
                self._announce(change, rows=False)
                return
            command.setObsolete(True)  # taken off the stack by this undo: nothing to undo
            self.stack.undo()
            if result.error is not None:
                self.flagged.emit(turning, flag, not value)  # the rows as they were
                self._drop_steps()
                self.step_failed.emit(self.tr("Not saved: {0}").format(result.error))

        self._start_write(ids, flag, value, written)

    def _marks(self, turned: array[int], flag: str, value: bool) -> tuple[str, Change]:
        """The name and the change of a mark set on the papers ``turned`` will hold."""
        if flag == "read":
            text = self.tr("Mark Read") if value else self.tr("Mark Unread")
        elif flag == "dismissed":
            text = self.tr("Not Interested") if value else self.tr("Interested Again")
        else:
            text = self.tr("Star") if value else self.tr("Unstar")
        change = Change(
            lambda: self.library.turn_flag(turned, flag, value),
            lambda: self.library.turn_flag(turned, flag, not value),
            turned,
            flag=(flag, value) if flag in ROW_FLAGS else None,
        )
        return text, change

    def add_tag(self, ids: list[int], tag: str) -> None:
        """Tag papers with ``tag``."""
        if self._later(lambda: self.add_tag(ids, tag)):
            return
        untagged = [p.id for p in self.library.papers_by_ids(ids) if not _has(p.tags, tag)]
        added = self.library.add_tags(ids, [tag])
        change = Change(
            lambda: self.library.add_tags(untagged, [tag]),
            lambda: self.library.remove_tags(untagged, [tag]),
            ids,
            delta=tag_delta(clean_tag(tag), added),
        )
        self._push(self.tr("Add Tag '{0}'").format(tag), change, 1)

    def remove_tag(self, ids: list[int], tag: str) -> None:
        """Remove ``tag`` from papers."""
        if self._later(lambda: self.remove_tag(ids, tag)):
            return
        tagged = [p.id for p in self.library.papers_by_ids(ids) if _has(p.tags, tag)]
        names = {p.id: _name(p.tags, tag) for p in self.library.papers_by_ids(tagged)}
        gone = self.library.remove_tags(ids, [tag])

        def revert() -> None:
            for pid, name in names.items():
                self.library.add_tags([pid], [name])

        change = Change(
            lambda: self.library.remove_tags(tagged, [tag]),
            revert,
            ids,
            delta=tag_delta(clean_tag(tag), -gone),
        )
        self._push(self.tr("Remove Tag '{0}'").format(tag), change, 1)

    def set_notes(self, paper_id: int, text: str) -> bool:
        """Replace a paper's notes; True when they changed. Consecutive edits of the same
        paper's notes are one undo step (queued behind a background step: True)."""
        if self._later(lambda: self.set_notes(paper_id, text)):
            return True
        old = self.library.paper(paper_id).notes
        if not self.library.set_notes(paper_id, text):
            return False
        change = Change(
            lambda: self.library.set_notes(paper_id, text),
            lambda: self.library.set_notes(paper_id, old),
            [paper_id],
            paper_id=paper_id,
        )
        self._push(self.tr("Edit Notes"), change, 1)
        return True

    def remove(self, ids: list[int]) -> None:
        """Delete papers (``removed`` tells the list); undo puts them back in place, with
        their ids, annotations and digest places, selected again (``brought_back``), and
        redo removes them again, both off the GUI thread (thousands of papers)."""
        if self._later(lambda: self.remove(ids)):
            return
        ids = list(ids)
        removed = [self.library.delete_papers(ids)]  # the latest removal, for undo
        self.removed.emit(list(ids))

        def revert(library: Library) -> Touched:
            ids[:] = library.restore_deleted(removed[0])
            return Touched.of(ids)

        def apply(library: Library) -> Touched:
            removed[0] = library.delete_papers(ids)
            return Touched.of(ids)

        def after(error: str | None) -> None:  # after the undo (or redo): the list shows them
            if error is None:  # (or not, after a redo removed them again: nothing selected)
                self.brought_back.emit(list(ids))

        change = Change(_nothing, _nothing, [], apply_in=apply, revert_in=revert, after=after)
        self._push(self.tr("Remove"), change, len(ids), announce=False)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename tag ``old`` to ``new`` everywhere; onto an existing tag the two merge, and
        undo parts them again (each paper gets back the tags it had)."""
        if self._later(lambda: self.rename_tag(old, new)):
            return
        name = clean_tag(new)
        had_old = [p.id for p in self.library.papers(PaperQuery(tag=old))]
        same = nocase(name) == nocase(old)
        had_new = [] if same else [p.id for p in self.library.papers(PaperQuery(tag=name))]
        self.library.rename_tag(old, name)
        joined = [pid for pid in had_old if pid not in set(had_new)]

        def revert() -> None:
            if not had_new:  # the tag was only renamed: rename it back
                self.library.rename_tag(name, old)
                return
            self.library.add_tags(had_old, [old])
            self.library.remove_tags(joined, [name])

        delta = CountsDelta(tags={old: -len(had_old), name: len(joined)})
        change = Change(
            lambda: self.library.rename_tag(old, name),
            revert,
            [] if same else list(dict.fromkeys(had_old + had_new)),  # []: read all again
            delta=delta,
        )
        self._push(self.tr("Rename Tag '{0}' to '{1}'").format(old, name), change, 1)

    def remove_digest(self, digest_id: int, done: str) -> None:
        """Remove a digest and the papers only it holds that hold no mark, note or tag,
        off the GUI thread (it saves their rows first, for undo), then say ``done``. Undo
        puts back the digest, its places and those papers (ids, annotations, tags) and
        selects its papers; undo and redo run off the GUI thread too."""
        if self._later(lambda: self.remove_digest(digest_id, done)):
            return
        name = self.library.digest(digest_id).source_name  # DigestNotFoundError if gone
        held: list[RemovedDigest] = []  # what the latest removal took out, for undo
        now = [digest_id, False]  # the digest's id now, and whether an undo put it back
        shown: list[int] = []

        def revert(library: Library) -> Touched:
            now[0], ids = library.put_back_digest(held[0])
            now[1] = True
            shown[:] = ids
            return Touched.of(ids)

        def apply(library: Library) -> Touched:
            held[:] = [library.take_out_digest(int(now[0]))]
            now[1] = False
            return Touched.of(held[0].ids)

        def after(error: str | None) -> None:
            if error is None and now[1]:
                self.brought_back.emit(list(shown))

        change = Change(_nothing, _nothing, [], apply_in=apply, revert_in=revert, after=after)
        self._do_in_background(self.tr("Remove Digest '{0}'").format(name), change, done)

    def record_done(self, text: str, revert: LibraryWork, count: int) -> None:
        """Put a change made elsewhere (e.g. by a worker) on the stack; undo runs ``revert``
        on a library of its own off the GUI thread, then shows the list as it left it. It
        cannot be redone (it would have to be done again)."""
        self.wait()
        change = Change(_nothing, _nothing, [], redoable=False, revert_in=revert)
        self._push(text, change, count, announce=False)

    def record(
        self, text: str, apply: Callable[[], object], revert_in: LibraryWork, after: Ended
    ) -> object:
        """Put an import (it reports its own redo) on the stack; its undo runs ``revert_in``
        off the GUI thread, then ``after``. Returns a token for :meth:`is_last`."""
        self.wait()
        change = Change(apply, _nothing, [], silent=True, revert_in=revert_in, after=after)
        self._push(text, change, 1, announce=False)
        return change

    def is_last(self, token: object) -> bool:
        """True when the change :meth:`record` returned ``token`` for is the next undo."""
        command = self.stack.command(self.stack.index() - 1) if self.stack.canUndo() else None
        return isinstance(command, Command) and command.change is token


def _nothing() -> None:
    """What a heavy change does on the GUI thread: nothing (see ``apply_in``)."""


def _has(tags: list[str], tag: str) -> bool:
    return tag.casefold() in (t.casefold() for t in tags)


def _name(tags: list[str], tag: str) -> str:
    """The spelling a paper has of ``tag``."""
    return next((t for t in tags if t.casefold() == tag.casefold()), tag)
