"""Backups: daily and rolling, manual, restore (with a safety copy), refusal of bad files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.errors import StorageError
from readinglist.storage import backups, restore


def test_opening_makes_one_backup_a_day_and_keeps_seven(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    assert len(list(library.backup_dir.glob("*-daily.sqlite3"))) == 1
    conn = library._db.connection  # the same connection Library.open backs up
    assert backups.daily_backup(conn, library.backup_dir) is None  # already one today
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(10):
        backups.daily_backup(conn, library.backup_dir, start + timedelta(days=day))
    daily = sorted(p.name for p in library.backup_dir.glob("*-daily.sqlite3"))
    assert len(daily) == backups.KEEP_AUTOMATIC
    manual = library.backup()
    backups.prune(library.backup_dir)
    assert manual.exists()  # manual backups are never pruned


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    library.import_path(example_digest)
    library.set_notes(1, "precious")
    saved = library.backup(tmp_path / "before.sqlite3")
    library.set_notes(1, "overwritten by mistake")
    library.remove_digest(library.digests()[0].id)
    assert library.search("xolver").total == 0
    safety = library.restore(saved)
    assert library.paper(1).notes == "precious"
    assert library.stats().papers == 114
    assert library.search("xolver").total == 1  # the index was rebuilt for the restored data
    with Library.open(library.directory) as again:
        assert again.paper(1).notes == "precious"
    with restore.staged(safety, tmp_path) as rebuilt:  # the pre-restore state is a sound backup
        assert rebuilt.is_file()


@pytest.mark.parametrize("content", [b"", b"not a database" * 100])
def test_a_bad_backup_is_refused_and_nothing_changes(
    library: Library, example_digest: Path, tmp_path: Path, content: bytes
) -> None:
    library.import_path(example_digest)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(StorageError):
        library.restore(bad)
    assert library.stats().papers == 114


def test_cli_backup_and_restore(capsys, library: Library, example_digest: Path, tmp_path) -> None:
    library.import_path(example_digest)
    library.close()
    target = tmp_path / "copy.sqlite3"
    assert main(["backup", str(target)]) == 0
    assert target.exists()
    assert main(["remove-digest", "1"]) == 0
    assert main(["restore", str(target)]) == 0
    assert "saved in" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "missing.sqlite3")]) == 1
    assert "readinglist: error:" in capsys.readouterr().err


def test_a_damaged_database_is_recovered_from_the_newest_backup(
    data_dir: Path, example_digest: Path
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        library.set_notes(1, "kept in the backup")
        library.backup()  # a manual backup, newer than today's daily one
    database = data_dir / "library.sqlite3"
    database.write_bytes(b"garbage" * 1000)  # the disk ate it
    with pytest.raises(StorageError, match="damaged"):
        Library.open(data_dir)
    library, used = Library.recover(data_dir)
    with library:
        assert used.name.endswith("-manual.sqlite3")
        assert library.paper(1).notes == "kept in the backup"
        assert library.stats().papers == 114
    damaged = list(data_dir.glob("library.sqlite3.damaged-*"))
    assert [p.read_bytes()[:7] for p in damaged if not p.name.endswith(("-wal", "-shm"))] == [
        b"garbage"
    ]


def test_recovery_without_a_backup_says_so(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "library.sqlite3").write_bytes(b"garbage" * 1000)
    with pytest.raises(StorageError, match="no usable backup"):
        Library.recover(data_dir)


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_the_app_offers_the_backup_when_the_database_is_damaged(
    qapp, data_dir: Path, example_digest: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from readinglist.app import _offer_recovery

    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        library.set_notes(1, "kept in the backup")
        library.backup()
    (data_dir / "library.sqlite3").write_bytes(b"garbage" * 1000)
    with pytest.raises(StorageError) as problem:
        Library.open(data_dir)
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", question)
    recovered = _offer_recovery(data_dir, str(problem.value))  # what the app does on start
    assert len(asked) == 1 and "Restore the newest backup?" in asked[0]
    assert "damaged" in asked[0]
    if answer == "No":
        assert recovered is None
        assert (data_dir / "library.sqlite3").read_bytes()[:7] == b"garbage"  # untouched
        return
    assert recovered is not None
    with recovered:
        assert recovered.paper(1).notes == "kept in the backup"
