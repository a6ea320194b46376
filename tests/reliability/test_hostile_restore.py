"""Restore, backup and export under attack (issue 13, "Restore and backups").

A restored file must never be able to harm the library later (a trigger of its own, a table
of another shape, text that is not UTF-8), a backup or export must never replace a FIFO, a
device or a symbolic link with a regular file, and a JSON backup must follow the same rules
as the commands (tags, numbers in range). Refusals are one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError, InvalidInputError, StorageError
from readinglist.storage import migrations, restore

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "library_v1.sqlite3"


# ------------------------------------------------------------------------- helpers


def _annotated(library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    library.add_tags([1, 2], ["keep"])
    library.set_notes(1, "precious")
    library.set_starred([1])


def _assert_annotations_intact(library: Library) -> None:
    paper = library.paper(1)
    assert paper.tags == ["keep"]
    assert paper.notes == "precious"
    assert paper.starred
    assert library.paper(2).tags == ["keep"]
    assert library.stats().papers == 114


def _tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("readinglist: error: "), err
    assert "Traceback" not in err
    return lines[0]


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` impossible to write into, even for root (the immutable attribute)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a folder read-only")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {done.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# Each: statements that turn a sound backup into a hostile one, and what the refusal names.
HOSTILE_BACKUPS = {
    "trigger wiping tags on import": (
        [
            "CREATE TRIGGER wipe AFTER INSERT ON papers BEGIN DELETE FROM paper_tags; END",
        ],
        "trigger 'wipe'",
    ),
    "trigger wiping papers on mark": (
        [
            "CREATE TRIGGER wipe AFTER UPDATE ON annotations BEGIN DELETE FROM papers; END",
        ],
        "trigger 'wipe'",
    ),
    "trigger wiping notes on any change": (
        ["CREATE TRIGGER wipe AFTER INSERT ON changes BEGIN UPDATE annotations SET notes=''; END"],
        "trigger 'wipe'",
    ),
    "an index of its own": (["CREATE INDEX mine ON papers(title)"], "index 'mine'"),
    "a view of its own": (["CREATE VIEW mine AS SELECT 1"], "view 'mine'"),
    "a table of its own": (["CREATE TABLE mine (x)"], "table 'mine'"),
    "papers(x)": (["DROP TABLE papers", "CREATE TABLE papers (x)"], "'papers'"),
    "papers as a view": (
        ["DROP TABLE papers", "CREATE VIEW papers AS SELECT * FROM annotations"],
        "papers",
    ),
    "a dropped column": (["ALTER TABLE papers DROP COLUMN extra"], "'papers'"),
    "an extra column": (["ALTER TABLE annotations ADD COLUMN mine TEXT"], "'annotations'"),
    "no annotations table": (["DROP TABLE annotations"], "'annotations' is missing"),
    "invalid UTF-8 in a title": (
        ["UPDATE papers SET title = CAST(x'41ff42' AS TEXT) WHERE id = 3"],
        "papers.title holds text that is not valid UTF-8",
    ),
    "invalid UTF-8 in notes": (
        ["UPDATE annotations SET notes = CAST(x'c328' AS TEXT) WHERE paper_id = 1"],
        "annotations.notes holds text that is not valid UTF-8",
    ),
    "a blob for text": (
        ["UPDATE papers SET abstract = x'00ff' WHERE id = 3"],
        "papers.abstract holds blob",
    ),
    "text for a number": (
        ["UPDATE paper_digests SET position = 'first' WHERE paper_id = 3"],
        "paper_digests.position holds text",
    ),
    "authors that are not JSON": (
        ["UPDATE papers SET authors = 'not json' WHERE id = 3"],
        "papers.authors",
    ),
    "extra that is a list": (["UPDATE papers SET extra = '[1]' WHERE id = 3"], "papers.extra"),
    "a note for a paper that does not exist": (
        ["INSERT INTO annotations (paper_id, notes, updated) VALUES (99999, 'x', 'now')"],
        "'annotations' refer to rows that are missing",
    ),
    "a generation that is not a number": (
        ["UPDATE meta SET value = 'many' WHERE name = 'generation'"],
        "cannot be read by this version",
    ),
    "schema version 0": (["PRAGMA user_version = 0"], "no schema version"),
    "a newer schema version": (["PRAGMA user_version = 999"], "newer Reading List"),
}


def _hostile_copy(library: Library, folder: Path, case: str) -> tuple[Path, str]:
    statements, says = HOSTILE_BACKUPS[case]
    path = library.backup(folder / f"hostile-{abs(hash(case))}.sqlite3")
    _tamper(path, *statements)
    return path, says


# ------------------------------------------------------------------ hostile restores


@pytest.mark.parametrize("case", list(HOSTILE_BACKUPS))
def test_a_hostile_backup_is_refused_and_the_library_keeps_working(
    case: str, library: Library, example_digest: Path, tmp_path: Path
) -> None:
    _annotated(library, example_digest)
    bad, says = _hostile_copy(library, tmp_path, case)
    with pytest.raises(StorageError) as refused:
        library.restore(bad)
    message = str(refused.value)
    assert "not restored" in message and says in message and "\n" not in message
    # the ordinary commands that a planted trigger would have turned against the user
    library.import_path(example_digest)
    library.set_read([1, 2])
    library.set_notes(3, "another note")
    _assert_annotations_intact(library)
    assert not list(library.backup_dir.glob("*-before-restore.sqlite3"))  # nothing started
    assert not [p for p in library.directory.iterdir() if p.name.startswith(".restoring")]


@pytest.mark.parametrize(
    "case", ["trigger wiping tags on import", "papers as a view", "invalid UTF-8 in a title"]
)
def test_the_command_line_refuses_a_hostile_backup_in_one_line(
    case: str,
    capsys: pytest.CaptureFixture[str],
    library: Library,
    example_digest: Path,
    tmp_path: Path,
) -> None:
    _annotated(library, example_digest)
    bad, says = _hostile_copy(library, tmp_path, case)
    library.close()
    capsys.readouterr()
    assert main(["restore", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    line = _one_error_line(captured.err)
    assert str(bad) in line and says in line
    # every command still works afterwards, and nothing was lost
    assert main(["import", str(example_digest)]) == 0
    assert main(["mark", "1", "2", "--read"]) == 0
    assert main(["show", "3"]) == 0
    assert main(["list"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    with Library.open(library.directory) as again:
        _assert_annotations_intact(again)


def test_a_restored_library_holds_only_what_this_version_creates(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    _annotated(library, example_digest)
    saved = library.backup(tmp_path / "good.sqlite3")
    library.restore(saved)
    _assert_annotations_intact(library)
    with sqlite3.connect(":memory:") as reference:
        migrations.build_schema(reference, migrations.LATEST_VERSION)
        expected = set(reference.execute("SELECT type, name, sql FROM sqlite_master"))
    rows = library._db.connection.execute("SELECT type, name, sql FROM sqlite_master")
    found = {tuple(row) for row in rows}
    assert found == expected


def test_the_oldest_schema_still_restores(library: Library) -> None:
    library.restore(FIXTURE_V1)
    papers = library.papers()
    assert len(papers) == 114
    (xolver,) = [p for p in papers if p.title.startswith("Xolver")]
    assert sorted(xolver.tags) == ["agents", "fixture-tag"]
    assert xolver.starred and xolver.notes.startswith("A note written with schema version 1.")
    assert library.search("xolver").total == 1


def test_an_older_backup_is_rebuilt_at_its_version_then_upgraded(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a (pretend) schema 2, a version-1 backup is checked against schema 1, copied,
    then migrated: the restored library has schema 2 and every annotation."""

    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE annotations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")

    newest = len(migrations.MIGRATIONS) + 1  # a pretend step after the real ones
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, to_v2])
    monkeypatch.setattr(migrations, "LATEST_VERSION", newest)
    library.restore(FIXTURE_V1)
    conn = library._db.connection
    assert conn.execute("PRAGMA user_version").fetchone()[0] == newest
    columns = [row[1] for row in conn.execute("PRAGMA table_info(annotations)")]
    assert "priority" in columns
    (xolver,) = [p for p in library.papers() if p.title.startswith("Xolver")]
    assert sorted(xolver.tags) == ["agents", "fixture-tag"]


def test_restore_from_a_read_only_folder(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    _annotated(library, example_digest)
    shelf = tmp_path / "shelf"
    shelf.mkdir()  # a backup goes into a folder that exists
    saved = library.backup(shelf / "copy.sqlite3")
    _tamper(saved, "PRAGMA journal_mode=WAL")  # as a copied live library would be
    library.set_notes(1, "changed after the backup")
    with _read_only(shelf):
        library.restore(saved)
    _assert_annotations_intact(library)
    assert sorted(p.name for p in shelf.iterdir()) == ["copy.sqlite3"]


@pytest.mark.parametrize("name", ["a#b.sqlite3", "what?.sqlite3", "x#y?z=1&mode=rw.sqlite3"])
def test_restore_of_a_name_with_uri_characters(
    name: str, library: Library, example_digest: Path, tmp_path: Path
) -> None:
    _annotated(library, example_digest)
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    saved = library.backup(shelf / name)
    library.set_notes(1, "changed after the backup")
    library.restore(saved)
    _assert_annotations_intact(library)
    assert [p.name for p in shelf.iterdir()] == [name]  # no stray file beside it


def test_restore_refuses_what_is_not_a_regular_file(library: Library, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    with pytest.raises(StorageError, match="not a regular file"):
        library.restore(fifo)  # without the check this would wait forever on the pipe
    with pytest.raises(StorageError, match="not a regular file"):
        library.restore(tmp_path)


# --------------------------------------------------------------------------- backups


@pytest.mark.parametrize("where", ["copy.sqlite3", "sub/copy.sqlite3"])
def test_backup_into_a_read_only_place_is_one_line(
    where: str, capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    library.close()
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with _read_only(shelf):
        assert main(["backup", str(shelf / where)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "shelf" in line
    assert list(shelf.iterdir()) == []


def test_backup_never_replaces_a_file_without_force(
    capsys: pytest.CaptureFixture[str], library: Library, example_digest: Path, tmp_path: Path
) -> None:
    library.import_path(example_digest)
    library.close()
    mine = tmp_path / "thesis.sqlite3"
    mine.write_bytes(b"my own work")
    assert main(["backup", str(mine)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "already exists" in line and "--force" in line and "11 bytes" in line
    assert mine.read_bytes() == b"my own work"
    assert main(["backup", "--force", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "replaced the previous file: 11 bytes" in out
    with restore.staged(mine, tmp_path) as rebuilt:  # a sound backup: it restores
        assert rebuilt.is_file()


# ------------------------------------------------------- special files, links, modes


def _make_fifo(path: Path) -> None:
    os.mkfifo(path)


def _make_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("creating a device node needs privileges")


def _make_link(path: Path) -> None:
    pointee = path.with_name("pointee.txt")
    pointee.write_text("the file the link points to\n")
    path.symlink_to(pointee)


SPECIAL = {
    "fifo": (_make_fifo, stat.S_ISFIFO, "named pipe"),
    "device": (_make_device, stat.S_ISCHR, "a device"),
    "symlink": (_make_link, stat.S_ISLNK, "symbolic link"),
}
WRITERS = {
    "export": lambda target: ["export", "--format", "bibtex", "-o", str(target)],
    "backup": lambda target: ["backup", str(target)],
}


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("kind", list(SPECIAL))
def test_writers_refuse_special_files_and_links(
    kind: str,
    writer: str,
    capsys: pytest.CaptureFixture[str],
    library: Library,
    example_digest: Path,
    tmp_path: Path,
) -> None:
    library.import_path(example_digest)
    library.close()
    make, is_kind, named = SPECIAL[kind]
    target = tmp_path / "target"
    make(target)
    assert main(WRITERS[writer](target)) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "not written" in line and named in line
    assert is_kind(os.lstat(target).st_mode)  # still what it was
    if kind == "symlink":
        assert target.read_text() == "the file the link points to\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".target")) == []


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_replaced_file_keeps_its_permission_mode(
    writer: str, library: Library, example_digest: Path, tmp_path: Path
) -> None:
    library.import_path(example_digest)
    library.close()
    target = tmp_path / "shared-with-group"
    target.write_text("old\n")
    target.chmod(0o640)
    force = ["--force"] if writer == "backup" else []
    assert main(WRITERS[writer](target) + force) == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert target.read_bytes() != b"old\n"


# ------------------------------------------------------------------------ JSON backups


def _json_backup(tags: list[str], position: int = 0) -> bytes:
    document = {
        "format": "readinglist-library",
        "version": 1,
        "digests": [
            {
                "id": 7,
                "source_name": "daily.txt",
                "format": "hf-daily-text",
                "date": None,
                "imported_at": "2026-01-01T00:00:00Z",
                "content_sha256": "ab" * 32,
            }
        ],
        "papers": [
            {
                "title": "A paper carried by a backup",
                "arxiv_id": "2401.00001",
                "tags": tags,
                "digests": [{"digest": 7, "position": position}],
            }
        ],
    }
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("raw", "stored"), [("two\nlines", "two lines"), ("#hash  tag\t", "hash tag")]
)
def test_json_backup_tags_are_cleaned_like_the_tag_command(
    raw: str, stored: str, library: Library
) -> None:
    library.import_bytes(_json_backup([raw]), "backup.json")
    (paper,) = library.papers()
    assert paper.tags == [stored]
    library.add_tags([paper.id], [raw])  # the tag command: the same tag, not a second one
    assert library.paper(paper.id).tags == [stored]


@pytest.mark.parametrize("raw", ["", "   ", "\n", "#", "x" * 1_000_000])
def test_json_backup_tags_the_tag_command_refuses_refuse_the_file(
    raw: str, library: Library
) -> None:
    with pytest.raises(InvalidInputError):
        library.add_tags([1], [raw])  # (refused before the paper is even looked up)
    with pytest.raises(ImportFailedError, match="tag"):
        library.import_bytes(_json_backup(["fine", raw]), "backup.json")
    assert library.stats().papers == 0  # all or nothing
    assert library.tags() == []


@pytest.mark.parametrize("position", [2**70, -(2**70), 2**63])
def test_json_backup_position_out_of_range_is_one_line(
    position: int, capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    library.close()
    backup = tmp_path / "backup.json"
    backup.write_bytes(_json_backup(["ok"], position))
    assert main(["import", str(backup)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "position" in line and "out of range" in line
    with Library.open(library.directory) as again:
        assert again.stats().papers == 0
