"""What a redo of an import brings back: the bytes the import read, not the files as they
are now. Read and hashed by the import's worker right after the import (never on the GUI
thread), checked against the fingerprint each digest stored (a file that changed in
between cannot be redone exactly: refused), and handed to the window with the result."""

from __future__ import annotations

import hashlib
from pathlib import Path

from readinglist.core.importer import digest_files
from readinglist.core.library import Library
from readinglist.domain.entities import ImportReport
from readinglist.domain.errors import DigestNotFoundError, ImportFailedError
from readinglist.formats.registry import MAX_DIGEST_BYTES
from readinglist.ui.dnd import ImportSource


class ImportReplay:
    """The sources of an import as a redo imports them again: each file that made a
    digest as its bytes (a ``text`` source named like the file), URLs and pasted text as
    they were."""

    def __init__(self, library: Library, sources: list[ImportSource], digest_ids: list[int]):
        """Read the files of ``sources`` now, right after the import made ``digest_ids``."""
        made: dict[str, str] = {}  # digest source name -> fingerprint of what it read
        for digest_id in digest_ids:
            try:
                digest = library.digest(digest_id)
            except DigestNotFoundError:
                continue
            made[digest.source_name] = digest.content_sha256
        self.sources: list[ImportSource] = []
        self.changed: list[str] = []  # files that no longer hold what was imported
        for source in sources:
            if source.kind != "path":
                self.sources.append(source)
                continue
            root = Path(source.value)
            for path in digest_files(root) if root.is_dir() else [root]:
                self._keep(path, made)

    def _keep(self, path: Path, made: dict[str, str]) -> None:
        name = path.name or str(path)
        if name not in made:
            return  # the file made no digest (nothing new in it): nothing to redo
        data = _read(path)
        if data is not None and hashlib.sha256(data).hexdigest() == made[name]:
            self.sources.append(ImportSource("text", name, data))
        else:
            self.changed.append(name)

    def for_redo(self) -> list[ImportSource]:
        """The sources to import again; raises ImportFailedError when a file changed
        between the import and the moment its bytes were kept."""
        if self.changed:
            raise ImportFailedError(
                self.changed[0], "changed while it was imported: import it again instead"
            )
        return self.sources


def made_digests(reports: list[ImportReport]) -> list[int]:
    """The digests an import created or added papers to (what undoing it removes)."""
    return [
        r.digest_id for r in reports if r.ok and (r.new or r.merged) and r.digest_id is not None
    ]


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_DIGEST_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_DIGEST_BYTES else None
