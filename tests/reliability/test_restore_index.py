"""Restoring a backup discards the index the way a new build replaces one
(``index_folders``): the window may hold the old index open meanwhile (under Windows'
rules its folder is neither renamed nor half deleted), an interrupted build of the old
library is not resumed, and the next search finds the restored papers, not the old ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core import searching
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building, index_folders
from tests.search import windows_rules


def _records(word: str, count: int) -> list[PaperRecord]:
    return [
        PaperRecord(title=f"{word} study {n}", arxiv_id=f"2410.{n:05d}", authors=["Ann Lee"])
        for n in range(count)
    ]


def _backup_of_alpha_then_beta(library: Library, tmp_path: Path, betas: int = 40) -> Path:
    """A backup holding 30 "alpha" papers; the library then holds only ``betas`` "beta"
    papers (with other ids)."""
    report = library.import_records(_records("alpha", 30), "alpha")
    backup = library.backup(tmp_path / "alpha.sqlite3")
    assert report.digest_id is not None
    library.remove_digest(report.digest_id)
    library.import_records(_records("beta", betas), "beta")
    return backup


def _search_output(capsys: pytest.CaptureFixture[str], text: str) -> str:
    assert main(["search", *text.split()]) == 0
    return capsys.readouterr().out


def test_restore_while_the_window_holds_the_old_index(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Library.open(data_dir) as window:
        backup = _backup_of_alpha_then_beta(window, tmp_path)
        window.reindex()
        assert window.search("beta").from_index  # the index's files are open now
        held = index_folders.current_folder(data_dir / "index")
        files = sorted(path.name for path in held.iterdir())
        windows_rules.apply(monkeypatch)

        assert main(["restore", str(backup)]) == 0
        capsys.readouterr()
        assert sorted(path.name for path in held.iterdir()) == files  # left whole

        restored = _search_output(capsys, "study --limit 100")
        assert restored.startswith("30 matching\n")
        assert restored.count("alpha study") == 30 and "beta" not in restored
        assert window.matching_ids("beta", as_you_type=False) == set()
        assert window.search("alpha").total == 30
    with Library.open(data_dir) as later:  # nothing holds the old folder now: it goes
        assert later.search("alpha").from_index
    assert not held.exists()


def test_restore_forgets_an_interrupted_build_of_the_old_library(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(building, "CHUNK", 300)  # commits every 300 papers
    # A library this large is indexed in the background, so the command line's restore
    # does not finish the interrupted build first (as with 20,000+ papers).
    monkeypatch.setattr(searching, "SYNC_REBUILD_LIMIT", 1_000)
    with Library.open(data_dir) as library:
        backup = _backup_of_alpha_then_beta(library, tmp_path, betas=1_200)
        with pytest.raises(InterruptedError):  # 300 beta papers committed, then stopped
            library.reindex(lambda done, total: done < 500)
    assert main(["restore", str(backup)]) == 0
    capsys.readouterr()

    restored = _search_output(capsys, "study --limit 100")
    assert restored.startswith("30 matching\n")
    assert restored.count("alpha study") == 30 and "beta" not in restored
    assert _search_output(capsys, "beta").startswith("0 matching\n")
