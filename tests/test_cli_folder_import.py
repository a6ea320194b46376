"""``readinglist import FOLDER`` while the folder changes under it.

A folder is listed first and its subfolders after; one removed in between (a temporary
folder another program cleans up) made the whole import one "unexpected error" line, and
none of the folder's files was imported.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readinglist.cli import main
from tests.conftest import CORPUS

DIGEST = CORPUS / "ris" / "zotero_export_2.ris"


def test_a_subfolder_removed_while_the_folder_is_read_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert DIGEST.is_file(), f"corpus missing: {DIGEST}"
    folder = tmp_path / "digests"
    (folder / "a-gone").mkdir(parents=True)
    shutil.copy(DIGEST, folder / "a-gone" / "old.ris")
    (folder / "b").mkdir()
    shutil.copy(DIGEST, folder / "b" / "kept.ris")
    listed = os.scandir

    def removed_before_listed(path: Any = ".") -> Iterator[os.DirEntry[Any]]:
        if not isinstance(path, int) and Path(path).name == "a-gone":
            shutil.rmtree(path)  # another program removes it just now
        return listed(path)

    monkeypatch.setattr(os, "scandir", removed_before_listed)
    code = main(["--data-dir", str(tmp_path / "library"), "import", str(folder)])
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert captured.err == ""
    assert code == 0
    assert captured.out.splitlines() == [
        "kept.ris: 2 new, 0 merged, 0 unchanged, 0 skipped (format ris, digest 1)"
    ]
