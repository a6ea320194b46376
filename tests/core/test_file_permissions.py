"""Who may read what the app writes: an export is meant to be shared, so it gets the
user's usual permissions (the umask decides, as for any file an editor saves); copies of
the database hold every note and stay private (0600) whatever the umask."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.formats.writers import WRITERS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture
def umask() -> Iterator[object]:
    """``umask(mask)`` sets the process umask for the test; the old one comes back."""
    previous = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def filled(library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    library.close()


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
@pytest.mark.parametrize("fmt", list(WRITERS))
def test_an_export_gets_the_users_usual_permissions(
    filled: None, umask, tmp_path: Path, fmt: str, mask: int
) -> None:
    umask(mask)
    target = tmp_path / f"shared{WRITERS[fmt].extension}"
    assert main(["export", "--format", fmt, "-o", str(target)]) == 0
    assert _mode(target) == 0o666 & ~mask


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o000])
def test_a_database_backup_is_private_whatever_the_umask(
    filled: None, umask, tmp_path: Path, data_dir: Path, mask: int
) -> None:
    umask(mask)
    manual = tmp_path / "copy.sqlite3"
    assert main(["backup", str(manual)]) == 0
    assert _mode(manual) == 0o600
    assert main(["backup"]) == 0  # into the library's backups folder
    with Library.open(data_dir) as library:
        made = list(library.backup_dir.iterdir())
    assert made and {_mode(path) for path in made} == {0o600}  # daily and manual copies


def test_a_replaced_backup_keeps_the_mode_the_user_gave_it(
    filled: None, umask, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    assert main(["backup", str(target)]) == 0
    target.chmod(0o640)
    assert main(["backup", str(target), "--force"]) == 0
    assert _mode(target) == 0o640
