"""``readinglist import FOLDER`` while the folder changes under it.

A folder is listed first and its subfolders after; one removed in between (a temporary
folder another program cleans up) made the whole import one "unexpected error" line, and
none of the folder's files was imported.
"""

from __future__ import annotations

import json
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


SOURCES = CORPUS / "SOURCES.md"
README = """# daily-papers-scraper

Saves huggingface.co/papers and reads the `data-target="DailyPapers"` element:

    <div data-target="DailyPapers" data-props="{...}"></div>
"""


def test_a_folder_with_a_sources_list_and_a_readme_imports_its_digest_and_says_what_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both Markdown files quote the Hugging Face page's marker: each was reported as "no
    papers found on this Hugging Face papers page", which they are not."""
    assert SOURCES.is_file(), f"corpus missing: {SOURCES}"
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SOURCES, folder / "SOURCES.md")
    shutil.copy(DIGEST, folder / "digest.ris")
    (folder / "README.md").write_text(README, encoding="utf-8")
    data = tmp_path / "library"
    assert main(["--data-dir", str(data), "import", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "digest.ris: 2 new" in out
    assert "Hugging Face" not in err
    assert "SOURCES.md: no papers found (no heading" in err
    assert "README.md: no papers found" in err
    # The corpus table's "papers" column counts papers: no count became a paper's title.
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
