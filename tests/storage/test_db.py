from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from readinglist.domain.errors import DatabaseTooNewError, LibraryBusyError, StorageError
from readinglist.storage.db import Database
from readinglist.storage.migrations import LATEST_VERSION, migrate, schema_version


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "lib.sqlite3")
    migrate(database, tmp_path / "backups")
    yield database
    database.close()


def test_new_database_is_migrated_with_wal_and_foreign_keys(db: Database) -> None:
    assert schema_version(db) == LATEST_VERSION
    conn = db.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"papers", "annotations", "tags", "paper_tags", "digests", "paper_digests"} <= tables


def test_transaction_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO tags (name) VALUES ('a')")
        conn.execute("INSERT INTO tags (name) VALUES ('b')")
        raise RuntimeError("boom")
    assert db.connection.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_nested_transaction_joins_the_outer_one(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as outer:
        outer.execute("INSERT INTO tags (name) VALUES ('a')")
        with db.transaction() as inner:
            inner.execute("INSERT INTO tags (name) VALUES ('b')")
        raise RuntimeError("boom")
    assert db.connection.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_sqlite_errors_become_storage_errors(db: Database) -> None:
    with pytest.raises(StorageError), db.transaction() as conn:
        conn.execute("INSERT INTO no_such_table VALUES (1)")


def test_second_writer_gets_a_clear_busy_error(tmp_path: Path, db: Database) -> None:
    other = Database(db.path, busy_timeout=0.1)
    try:
        with db.transaction() as conn:
            conn.execute("INSERT INTO tags (name) VALUES ('held')")
            with pytest.raises(LibraryBusyError, match="busy"), other.transaction():
                pass
        with other.transaction() as conn:  # once released, the other writer succeeds
            conn.execute("INSERT INTO tags (name) VALUES ('later')")
    finally:
        other.close()
    assert db.connection.execute("SELECT count(*) FROM tags").fetchone()[0] == 2


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    database = Database(path)
    try:
        with pytest.raises(DatabaseTooNewError, match="newer Reading List"):
            migrate(database, tmp_path / "backups")
    finally:
        database.close()
    assert schema_version_of(path) == LATEST_VERSION + 5
    assert not (tmp_path / "backups").exists()
    assert len(path.read_bytes()) == len(before)


def schema_version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_migrating_an_existing_database_backs_it_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.storage import migrations

    path = tmp_path / "old.sqlite3"
    database = Database(path)
    migrate(database, tmp_path / "backups")
    with database.transaction() as conn:
        conn.execute("INSERT INTO tags (name) VALUES ('keep me')")

    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra_v2 (x)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, to_v2])
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
    assert migrations.migrate(database, tmp_path / "backups") == LATEST_VERSION
    assert schema_version(database) == LATEST_VERSION + 1
    database.close()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT name FROM tags").fetchall() == [("keep me",)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_failed_migration_step_leaves_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.storage import migrations

    database = Database(tmp_path / "lib.sqlite3")
    migrate(database, tmp_path / "backups")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(StorageError):
        migrations.migrate(database, tmp_path / "backups")
    assert schema_version(database) == LATEST_VERSION
    names = {r[0] for r in database.connection.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    database.close()
