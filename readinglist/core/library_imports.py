"""Imports for :class:`~readinglist.core.library.Library`: files, folders, URLs, bytes,
parsed digests and records, each stored as one digest in one transaction, and each told to
the "For you" ranking (``Library`` inherits :class:`LibraryImports`, kept apart so the
facade stays small)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from readinglist.core import imports
from readinglist.core.importer import ProgressCallback, store_digest
from readinglist.domain.entities import ImportReport, PaperRecord, ParsedDigest
from readinglist.storage.db import Database

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranker

logger = logging.getLogger(__name__)
_Imported = TypeVar("_Imported", ImportReport, list[ImportReport])


class LibraryImports:
    """Reading digests into the library (``Library`` adds the rest)."""

    _db: Database

    if TYPE_CHECKING:

        @property
        def ranking(self) -> Ranker: ...

    def import_path(
        self,
        path: str | os.PathLike[str],
        *,
        today: date | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import one digest file. Raises ImportFailedError, leaving the library unchanged."""
        return self._noted(imports.import_path(self._db, path, today=today, progress=progress))

    def import_url(self, url: str, *, progress: ProgressCallback | None = None) -> ImportReport:
        """Download a digest (http/https only, with timeout, size and redirect limits) and
        import it. Raises ImportFailedError."""
        return self._noted(imports.import_url(self._db, url, progress=progress))

    def import_folder(self, folder: str | os.PathLike[str]) -> list[ImportReport]:
        """Import every digest file under ``folder``, each on its own."""
        return self._noted(imports.import_folder(self._db, folder))

    def import_any(self, source: str) -> list[ImportReport]:
        """Import a file, a folder or an http(s) URL; failures are reports with an error."""
        return self._noted(imports.import_source(self._db, source))

    def import_source(
        self,
        source: str,
        *,
        data: bytes | None = None,
        url: bool | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[ImportReport]:
        """Import bytes, a URL, a folder or a file: the one dispatch of the command line
        and the window (see ``imports.import_source``)."""
        return self._noted(
            imports.import_source(self._db, source, data=data, url=url, progress=progress)
        )

    def import_bytes(
        self,
        data: bytes,
        source_name: str,
        *,
        today: date | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import a digest's bytes (a file's content, a paste, a download)."""
        return self._noted(
            imports.import_bytes(self._db, data, source_name, today=today, progress=progress)
        )

    def import_parsed(
        self,
        parsed: ParsedDigest,
        source_name: str,
        content_sha256: str,
        *,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Store an already read digest (all or nothing); see ``importer.store_digest``."""
        return self._noted(store_digest(self._db, parsed, source_name, content_sha256, progress))

    def import_records(
        self, records: Sequence[PaperRecord], source_name: str, *, fmt: str = "records"
    ) -> ImportReport:
        """Import records built in code (scripts, benchmarks, tests) as one digest."""
        return self._noted(imports.import_records(self._db, records, source_name, fmt=fmt))

    def _noted(self, result: _Imported) -> _Imported:
        """Tell the ranking which digests an import stored (it computes their features).
        Never fails the import: the features are a cache (and a build may lack numpy)."""
        try:
            for report in result if isinstance(result, list) else [result]:
                if report.ok:
                    self.ranking.note_import(report.digest_id)
        except ImportError as exc:
            logger.warning("For you ranking unavailable: %s", exc)
        return result
