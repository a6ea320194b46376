"""A new build is swapped in while another process reads the index, under Windows' rules
(``windows_rules``): the window holds the index's files open while its index process
rebuilds, so the swap may neither rename nor delete the folder in use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.search import engine, index_folders
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.query import parse
from readinglist.search.schema import build_schema
from tests.search import windows_rules


def _papers(word: str, ids: range) -> list[IndexDocument]:
    return [
        IndexDocument(n, f"{word} paper {n}", f"About {word}", ["Ann Lee"], [], "", [], [], None)
        for n in ids
    ]


def _matching(index: SearchIndex, text: str) -> set[int]:
    query = parse(text, build_schema(), as_you_type=True).text
    return engine.matching_ids(index.searcher(), query)  # type: ignore[arg-type]


def _builds(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def test_rebuilds_while_another_reader_holds_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = windows_rules.apply(monkeypatch)
    folder = tmp_path / "index"
    ours = SearchIndex(folder)  # the window
    ours.rebuild(_papers("alpha", range(1, 31)), generation=1)
    assert _matching(ours, "alpha") == set(range(1, 31))  # its files are open now

    theirs = SearchIndex(folder)  # the index process
    theirs.rebuild(_papers("beta", range(100, 141)), generation=2)
    theirs.rebuild(_papers("gamma", range(200, 211)), generation=3)
    theirs.close()
    assert refused  # the folder the window holds was kept, not moved
    assert len(_builds(folder)) == 2  # the window's, and the newest

    assert _matching(ours, "gamma") == set(range(200, 211))  # follows the pointer
    assert _matching(ours, "alpha") == set()
    assert ours.generation == 3
    assert _builds(folder) == [index_folders.current_folder(folder).name]  # old one gone
    ours.close()


def test_an_index_of_the_layout_before_pointers_is_read_then_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "index"
    writer = SearchIndex(folder)
    writer.rebuild(_papers("alpha", range(1, 31)), generation=1)
    writer.close()
    built = index_folders.current_folder(folder)  # as an older version left it: the
    for path in built.iterdir():  # index's files directly in the index folder
        shutil.move(path, folder / path.name)
    built.rmdir()
    (folder / index_folders.POINTER_NAME).unlink()

    windows_rules.apply(monkeypatch)
    ours = SearchIndex(folder)
    assert ours.open() == 1
    assert _matching(ours, "alpha") == set(range(1, 31))
    theirs = SearchIndex(folder)
    theirs.rebuild(_papers("beta", range(100, 141)), generation=2)
    theirs.close()
    assert _matching(ours, "beta") == set(range(100, 141))
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([index_folders.POINTER_NAME, *_builds(folder)])  # old files gone
    assert len(_builds(folder)) == 1
    ours.close()


def test_a_library_open_in_the_window_is_reindexed_by_another_process(
    data_dir: Path, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows_rules.apply(monkeypatch)
    with Library.open(data_dir) as window:
        window.import_path(example_digest)
        window.reindex()
        expected = window.matching_ids("agent", as_you_type=False)
        assert expected and window.search("agent").from_index  # the index's files open
        with Library.open(data_dir) as index_process:
            index_process.reindex()
            index_process.reindex()
        assert window.search("agent").from_index
        assert window.matching_ids("agent", as_you_type=False) == expected


def test_an_unreadable_pointer_means_a_rebuild(data_dir: Path, example_digest: Path) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        library.reindex()
        expected = library.matching_ids("agent", as_you_type=False)
    (data_dir / "index" / index_folders.POINTER_NAME).write_text("../../elsewhere")
    with Library.open(data_dir) as library:
        assert not library.index_ready()
        assert library.matching_ids("agent", as_you_type=False) == expected  # scanned
        library.reindex()
        assert library.index_ready()
        assert library.matching_ids("agent", as_you_type=False) == expected
