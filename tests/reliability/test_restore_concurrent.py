"""``readinglist restore`` while another process writes to the same library.

The restore saves the library as it is (the "before-restore" backup), then replaces it.
An import another process committed between the two was in neither: it had reported
success, and its papers were gone from the library and from the backup meant to keep it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.entities import ImportReport
from readinglist.domain.errors import ReadingListError
from readinglist.domain.files import Written
from readinglist.storage import backups
from tests.conftest import CORPUS

KNOWN = CORPUS / "bibtex" / "jabref_library_156.bib"
LATE = CORPUS / "ris" / "zotero_export_2.ris"


def _digest_names(database: Path) -> list[str]:
    conn = sqlite3.connect(database)
    try:
        return [name for (name,) in conn.execute("SELECT source_name FROM digests ORDER BY id")]
    finally:
        conn.close()


def test_an_import_committed_during_a_restore_is_kept_in_the_before_restore_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert KNOWN.is_file() and LATE.is_file(), "corpus missing"
    data = tmp_path / "library"
    with Library.open(data) as library:
        library.import_path(KNOWN)
        backup = library.backup(tmp_path / "monday.sqlite3")
    other = Library.open(data, busy_timeout=0.5)  # another process, on the same library
    late: list[ImportReport | ReadingListError] = []
    saved = backups.copy_database

    def save_then_another_process_imports(
        conn: sqlite3.Connection, target: Path, **options: bool
    ) -> Written:
        written = saved(conn, target, **options)
        if "before-restore" in target.name:
            try:  # the other process's import lands right after the library was saved
                late.append(other.import_path(LATE))
            except ReadingListError as exc:  # or is told the library is busy: also honest
                late.append(exc)
        return written

    monkeypatch.setattr(backups, "copy_database", save_then_another_process_imports)
    try:
        assert main(["--data-dir", str(data), "restore", str(backup)]) == 0
    finally:
        other.close()
    monkeypatch.undo()
    (outcome,) = late
    if isinstance(outcome, ReadingListError):
        assert "busy" in str(outcome)
        return
    assert outcome.ok and outcome.new == 2
    before_restore = Path(capsys.readouterr().out.split("is saved in ")[1].strip())
    kept = _digest_names(before_restore) + _digest_names(data / "library.sqlite3")
    assert LATE.name in kept, "an import that reported success is in neither library"
