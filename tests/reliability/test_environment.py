"""A hostile environment: a read-only library folder, a full disk, a 200 MB file, a damaged
or stale search index. Each gives a clear error, leaves the library intact, and reading
keeps working."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from readinglist.core import library as library_module
from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError, ReadingListError, StorageError
from readinglist.search.index import INDEX_NAME
from readinglist.search.index_folders import current_folder
from tests.conftest import CORPUS


def _fingerprint(data_dir: Path) -> str:
    return hashlib.sha256((data_dir / "library.sqlite3").read_bytes()).hexdigest()


@contextmanager
def _read_only_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the folder and its files read-only. Root ignores file modes, so the check the
    library makes (``os.access``) is also told the truth about the folder's modes."""
    with Library.open(data_dir) as library:  # settle the WAL into the main file
        library._db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for leftover in ("library.sqlite3-wal", "library.sqlite3-shm"):
        (data_dir / leftover).unlink(missing_ok=True)
    paths = [data_dir, *data_dir.rglob("*")]
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(modes[path] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        inside = Path(str(path)).resolve().is_relative_to(data_dir.resolve())
        if inside and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module.os, "access", access)
    try:
        yield
    finally:
        monkeypatch.undo()
        for path in reversed(paths):
            path.chmod(modes[path])


def test_a_read_only_folder_opens_for_reading_and_refuses_changes_clearly(
    data_dir: Path, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        first = library.papers()[0].id
        library.add_tags([first], ["kept"])
    with _read_only_folder(data_dir, monkeypatch):
        before = _fingerprint(data_dir)
        with Library.open(data_dir) as library:
            assert library.read_only
            assert len(library.papers()) == 114
            assert library.paper(first).tags == ["kept"]
            assert library.matching_ids("tag:kept", as_you_type=True) == {first}
            assert library.search("agent").total > 0
            with pytest.raises(StorageError, match="read-only"):
                library.add_tags([first], ["new"])
            with pytest.raises(StorageError, match="read-only"):
                library.set_notes(first, "lost?")
            with pytest.raises((StorageError, ImportFailedError)):
                library.import_path(CORPUS / "bibtex" / "jabref_library_156.bib")
        assert _fingerprint(data_dir) == before
    with Library.open(data_dir) as library:  # writable again: nothing was lost
        assert not library.read_only
        assert library.paper(first).tags == ["kept"]


def test_the_window_shows_a_read_only_library(
    qtbot, data_dir: Path, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.ui.main_window import MainWindow

    with Library.open(data_dir) as library:
        library.import_path(example_digest)
    with _read_only_folder(data_dir, monkeypatch), Library.open(data_dir) as library:
        window = MainWindow(library)
        qtbot.addWidget(window)
        window.show()
        assert window.model.rowCount() == 114
        assert "read-only" in window.windowTitle()
        assert "read-only" in window.message.text()
        window.table.selectRow(0)
        detail = window.detail
        # The annotations are shown but offer no way to change them...
        assert not detail.read_button.isEnabled() and not detail.star_button.isEnabled()
        assert not detail.tag_edit.isEnabled() and detail.notes_edit.isReadOnly()
        # ...and a change asked for anyway (a shortcut) is refused with a message.
        window.triage.toggle_read()
        assert "read-only" in window.message.text()
        window.close()


def test_a_full_disk_refuses_the_import_and_keeps_everything(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    paper = library.papers()[0].id
    library.set_notes(paper, "written before the disk filled up")
    stats_before = library.stats()
    conn = library._db.connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is now (nearly) full
    big = CORPUS / "bibtex" / "jabref_library_156.bib"
    with pytest.raises(StorageError, match="disk is full"):
        library.import_path(big)
    with pytest.raises(StorageError, match="disk is full"):
        library.set_notes(paper, "a long note " * 5000)
    assert library.stats() == stats_before
    assert library.paper(paper).notes == "written before the disk filled up"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert library.search("agent").total > 0  # reading and searching still work
    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: it works again
    assert library.import_path(big).new > 0


def test_an_export_to_a_full_disk_leaves_the_old_file(
    library: Library, example_digest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.domain import files

    library.import_path(example_digest)
    target = tmp_path / "list.md"
    target.write_text("the previous export\n", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(ReadingListError, match="No space left"):
        files.write_text_atomically(target, library.export("md"))
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"], "no temporary file left"


def test_a_200_mb_file_is_refused_without_reading_it(library: Library, tmp_path: Path) -> None:
    huge = tmp_path / "huge.bib"
    with open(huge, "wb") as stream:  # sparse: 200 MB on paper, no disk used
        stream.truncate(200 * 1024 * 1024)
    before = library.stats()
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailedError, match="huge.bib") as refused:
            library.import_path(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "MB" in str(refused.value) or "large" in str(refused.value)
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB allocated to refuse it"
    assert library.stats() == before


# ------------------------------------------------------------------ the search index


def _damage(index_dir: Path, how: str) -> None:
    if how == "deleted":
        shutil.rmtree(index_dir)
    elif how == "truncated":  # the postings and term files, cut short
        for segment in [*index_dir.glob("*.pst"), *index_dir.glob("*.trm")]:
            segment.write_bytes(segment.read_bytes()[:100])
    elif how == "garbage":
        for path in index_dir.iterdir():
            if path.is_file():
                path.write_bytes(os.urandom(512))
    elif how == "stale lock":  # left by a process killed while writing to the index
        (index_dir / f"{INDEX_NAME}_WRITELOCK").write_bytes(b"")
    elif how == "old schema":
        meta = index_dir / "meta.json"
        meta.write_text(meta.read_text().replace('"schema": ', '"schema": -7, "was": '))
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["deleted", "truncated", "garbage", "stale lock", "old schema"])
def test_a_damaged_index_is_noticed_and_search_keeps_working(
    data_dir: Path, example_digest: Path, how: str
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        library.reindex()
        expected = library.matching_ids("agent", as_you_type=False)
        listed = {p.id for p in library.papers()}
    assert expected
    _damage(current_folder(data_dir / "index"), how)
    with Library.open(data_dir) as library:
        assert library.matching_ids("agent", as_you_type=False) == expected  # still answers
        assert library.matching_ids("", as_you_type=False) == listed
        if how != "stale lock":
            assert not library.index_ready()  # the window rebuilds it in the background
        library.reindex()
        assert library.index_ready()
        assert library.matching_ids("agent", as_you_type=False) == expected
        assert library.search("agent").from_index
        paper = min(listed)
        library.add_tags([paper], ["after-repair"])
        library.sync_index()
        assert library.matching_ids("tag:after-repair", as_you_type=False) == {paper}
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
