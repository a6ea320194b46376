"""An import done in the window as a step on the undo stack: undo removes the digests it
created (and the papers only they brought that the user has not annotated since) on a
library of its own off the GUI thread; redo imports the same bytes again
(``ui/import_replay.py``), whatever the files hold by then."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import ImportReport
from readinglist.domain.errors import DigestNotFoundError
from readinglist.ui.dnd import ImportSource
from readinglist.ui.import_replay import ImportReplay, made_digests
from readinglist.ui.touched_rows import Touched


class ImportStep:
    """One import: the digests it created, and what to import again on redo."""

    def __init__(
        self,
        sources: list[ImportSource],
        reports: list[ImportReport],
        reimport: Callable[[ImportStep], None],
        replay: ImportReplay | None,
    ) -> None:
        """``replay``: the bytes the import's worker kept for a redo (None: none kept, a
        redo is refused)."""
        self.sources = sources
        self.digest_ids: list[int] = []
        self.removed = 0  # digests the last undo removed (some, when it failed midway)
        self._reimport = reimport
        self.took(reports)
        self.replay = replay

    @staticmethod
    def changed_library(reports: list[ImportReport]) -> bool:
        """True when an import brought or changed papers (a step worth undoing)."""
        return any(r.ok and (r.new or r.merged) and r.digest_id is not None for r in reports)

    def took(self, reports: list[ImportReport]) -> None:
        """Note the digests an import (the first, or a redo) created."""
        self.digest_ids = made_digests(reports)

    def name(self) -> str:
        """What the Edit menu calls the step: "Import of sep9.txt"."""
        first = self.sources[0].value if self.sources else ""
        label = Path(first).name or first
        more = len(self.sources) - 1
        return f"Import of {label}" + (f" and {more} more" if more > 0 else "")

    def undo(self, library: Library) -> Touched:
        """Remove the digests from ``library`` (a worker's: this runs off the GUI thread);
        raises ReadingListError (busy…) with what is left still undoable, so a second try
        finishes the job. The papers the digests held are the ones touched (those only
        they brought are gone, the others lose a digest)."""
        self.removed = 0
        touched = [row.id for row in library.digest_rows(self.digest_ids)]
        while self.digest_ids:
            with suppress(DigestNotFoundError):  # removed from the sidebar meanwhile
                library.remove_digest(self.digest_ids[0])
            self.digest_ids.pop(0)
            self.removed += 1
        return Touched.of(touched)

    def redo(self) -> None:
        """Import the same sources again (in the background)."""
        self._reimport(self)
