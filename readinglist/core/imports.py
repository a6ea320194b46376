"""Imports: a file, a URL, a folder, bytes (stdin, a paste, a drop) or records built in
code, each stored all or nothing; and the one dispatch that decides which a source is,
used by ``Library.import_any``, the command line and the window's import worker."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from readinglist.core.download import fetch, is_url
from readinglist.core.importer import ProgressCallback, digest_files, store_digest
from readinglist.domain.entities import ImportReport, PaperRecord, ParsedDigest
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from readinglist.formats import read_digest
from readinglist.formats.registry import MAX_DIGEST_BYTES, too_large
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)


def import_source(
    db: Database,
    source: str,
    *,
    data: bytes | None = None,
    url: bool | None = None,
    progress: ProgressCallback | None = None,
) -> list[ImportReport]:
    """Import one source: ``data`` (bytes named ``source``) when given, else an http(s)
    URL, a folder (each digest file in it) or a file. ``url`` says whether ``source`` is
    a URL when the caller knows (else it is guessed from the text).

    A source that cannot be read or is cancelled gives a report with an error (nothing of
    it is kept); other errors (a busy or read-only library, a bug) are raised."""
    try:
        if data is not None:
            return [import_bytes(db, data, source, progress=progress)]
        if url if url is not None else is_url(source):
            return [import_url(db, source, progress=progress)]
        if Path(source).is_dir():
            return import_folder(db, source, progress=progress)
        return [import_path(db, source, progress=progress)]
    except ImportCancelledError as exc:
        return [ImportReport(source=exc.source, error="cancelled")]
    except ImportFailedError as exc:
        return [ImportReport(source=exc.source, error=exc.reason)]


def cancelled_reports(source: str, *, url: bool | None = None) -> list[ImportReport]:
    """The reports of ``source`` when a cancel leaves it unread: one per digest file of a
    folder (the user is told how many files were not imported), else one (``url``: True
    for anything that is no local path, such as a URL or dropped text)."""
    is_folder = not (url if url is not None else is_url(source)) and Path(source).is_dir()
    files = digest_files(Path(source)) if is_folder else []
    return [ImportReport(source=str(f), error="cancelled") for f in files] or [
        ImportReport(source=source, error="cancelled")
    ]


def import_path(
    db: Database,
    path: str | os.PathLike[str],
    *,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import one digest file. Raises ImportFailedError, leaving the library unchanged."""
    file_path = Path(path)
    name = file_path.name or str(file_path)
    try:
        if file_path.is_dir():
            raise ImportFailedError(str(file_path), "is a folder, not a digest file")
        with open(file_path, "rb") as stream:  # never more than the limit into memory
            size = os.fstat(stream.fileno()).st_size
            data = b"" if size > MAX_DIGEST_BYTES else stream.read(MAX_DIGEST_BYTES + 1)
        if max(size, len(data)) > MAX_DIGEST_BYTES:  # len: files that grow, pipes
            raise too_large(str(file_path), max(size, len(data)))
    except FileNotFoundError as exc:
        raise ImportFailedError(str(file_path), "no such file") from exc
    except PermissionError as exc:
        raise ImportFailedError(str(file_path), "permission denied") from exc
    except OSError as exc:
        raise ImportFailedError(str(file_path), exc.strerror or str(exc)) from exc
    return import_bytes(db, data, name, today=today, progress=progress)


def import_url(db: Database, url: str, *, progress: ProgressCallback | None = None) -> ImportReport:
    """Download a digest (http/https only, with timeout, size and redirect limits) and
    import it. Raises ImportFailedError."""
    download = fetch(url)
    parsed = read_digest(download.data, download.filename, date.today())
    sha256 = hashlib.sha256(download.data).hexdigest()
    return store_digest(db, parsed, url, sha256, progress)


def import_folder(
    db: Database, folder: str | os.PathLike[str], *, progress: ProgressCallback | None = None
) -> list[ImportReport]:
    """Import every file with a digest extension under ``folder`` (hidden ones aside).

    Each file is imported on its own; a failure is returned as a report with an error.
    ``progress`` is told of each file's storing; once it answers False (cancel), the file
    being stored is rolled back and the files after it are reported cancelled, unread.
    """
    root = Path(folder)
    reports: list[ImportReport] = []
    cancelled = False
    for path in digest_files(root):
        if cancelled:
            reports.append(ImportReport(source=str(path), error="cancelled"))
            continue
        try:
            reports.append(import_path(db, path, progress=progress))
        except ImportCancelledError:
            reports.append(ImportReport(source=str(path), error="cancelled"))
            cancelled = True
        except ImportFailedError as exc:
            reports.append(ImportReport(source=str(path), error=exc.reason))
        except Exception as exc:  # a bug on one file must not stop the files after it
            logger.exception("import of %s failed", path)
            reports.append(ImportReport(source=str(path), error=f"unexpected error: {exc}"))
    if not reports:
        reports.append(ImportReport(source=str(root), error="no digest files in this folder"))
    return reports


def import_bytes(
    db: Database,
    data: bytes,
    source_name: str,
    *,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a digest's bytes (a file's content, a paste, a download)."""
    parsed = read_digest(data, source_name, today or date.today())
    sha256 = hashlib.sha256(data).hexdigest()
    return store_digest(db, parsed, source_name, sha256, progress)


def import_records(
    db: Database, records: Sequence[PaperRecord], source_name: str, *, fmt: str = "records"
) -> ImportReport:
    """Import records built in code (scripts, benchmarks, tests) as one digest."""
    digest = ParsedDigest(format=fmt, records=list(records))
    fingerprint = hashlib.sha256(repr(records).encode("utf-8", "surrogatepass")).hexdigest()
    return store_digest(db, digest, source_name, fingerprint)
