"""Queries written to exhaust the search (issue 13): each is answered correctly or refused
with one clear message, never a RecursionError or work without bound. How fast they are
answered on large libraries is measured by ``benchmarks/hostile_query_bench.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import QueryTooComplexError
from readinglist.search import engine, highlight, spelling


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    library.reindex()
    return library


def ids_with(lib: Library, word: str) -> set[int]:
    pattern = re.compile(rf"\b{word}", re.IGNORECASE)
    return {p.id for p in lib.papers() if pattern.search(f"{p.title} {p.abstract}")}


def refused(lib: Library, query: str) -> str:
    """The message of the error both front ends get for ``query``."""
    with pytest.raises(QueryTooComplexError) as window:
        lib.matching_ids(query, as_you_type=True)
    with pytest.raises(QueryTooComplexError) as command_line:
        lib.search(query)
    assert str(window.value) == str(command_line.value)
    return str(command_line.value)


def test_a_10000_character_word_is_refused_as_too_long(lib: Library) -> None:
    message = refused(lib, "x" * 10_000)
    assert "too long" in message and "10,000 characters" in message


def test_the_command_line_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], example_digest: Path
) -> None:
    assert main(["import", str(example_digest)]) == 0
    capsys.readouterr()
    assert main(["search", "qz" * 5_000]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("readinglist: error: the search is too long") and err.count("\n") == 1


def test_a_thousand_nonsense_words_are_refused_and_sixty_four_answered(lib: Library) -> None:
    words = [f"qzx{n}vb" for n in range(1_000)]
    assert "too long" in refused(lib, " ".join(words))
    short = [f"q{n}" for n in range(100)]  # within the length limit, too many words
    assert "too many words (100; at most 64)" in refused(lib, " ".join(short))
    results = lib.search(" ".join(words[:64]))
    assert results.total == 0 and results.did_you_mean is None


def test_five_hundred_unknown_ors_are_refused_and_forty_answered(lib: Library) -> None:
    unknown = [f"zzq{n}xw" for n in range(500)]
    assert "too long" in refused(lib, " OR ".join(unknown))
    assert lib.search(" OR ".join(unknown[:40])).total == 0
    video = ids_with(lib, "video")
    assert lib.matching_ids(" OR ".join([*unknown[:40], "video"]), as_you_type=False) == video


def test_two_hundred_typos_are_refused(lib: Library) -> None:
    assert "too long" in refused(lib, " ".join(["transfomer"] * 200))


def test_many_unknown_words_get_no_suggestion_but_a_few_typos_do(lib: Library) -> None:
    assert lib.search("contnual lerning").did_you_mean == "continual learning"
    typos = ["contnual", "lerning", "transfomer", "viedo", "robto", "langauge", "modle"]
    typos += ["agnet", "datset", "benchmrak", "reasonnig", "trainnig", "netwrok", "imgae"]
    assert len(typos) > spelling.MAX_WORDS + 4
    results = lib.search(" ".join(typos))
    assert results.total == 0 and results.did_you_mean is None


def test_suggestions_stop_when_their_time_is_spent(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lib.search("contnual").did_you_mean == "continual"
    monkeypatch.setattr(spelling, "TIME_BUDGET", -1.0)  # spent before the first word
    assert lib.search("contnual").did_you_mean is None


def test_long_words_are_never_corrected(library: Library) -> None:
    long_word = "supercalifragilisticexpialidocious" * 2  # 68 letters, one edit away below
    library.import_records([PaperRecord(title=f"On {long_word}", abstract="Words.")], "long")
    library.reindex()
    assert library.search(long_word).total == 1
    typo = long_word[:-1] + "x"
    results = library.search(typo)
    assert results.total == 0 and results.did_you_mean is None


def test_a_thousand_parentheses_deep_is_refused_and_twenty_answered(lib: Library) -> None:
    assert "too long" in refused(lib, "(" * 1_000 + "video" + ")" * 1_000)
    message = refused(lib, "(" * 40 + "video" + ")" * 40)
    assert "more than 32 levels deep" in message
    video = ids_with(lib, "video")
    assert lib.matching_ids("(" * 20 + "video" + ")" * 20, as_you_type=False) == video
    unclosed = "(" * 40 + "video"  # deep and malformed: refused, not a RecursionError
    assert "levels deep" in refused(lib, unclosed)


def test_a_thousand_nots_deep_are_refused_and_twenty_answered(lib: Library) -> None:
    assert "too long" in refused(lib, "NOT " * 1_000 + "video")
    assert "levels deep" in refused(lib, "NOT " * 40 + "video")
    assert "levels deep" in refused(lib, "-" * 40 + "video")
    video = ids_with(lib, "video")
    everything = {p.id for p in lib.papers()}
    assert lib.matching_ids("NOT " * 20 + "video", as_you_type=False) == video
    assert lib.matching_ids("NOT " * 19 + "video", as_you_type=False) == everything - video


def test_one_letter_prefixes_read_a_bounded_number_of_words(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Paper n has the words aword0 .. aword<n>: aword0 is in every paper, aword9 in one.
    records = [
        PaperRecord(title=f"Paper {n}", abstract=" ".join(f"aword{k}" for k in range(n + 1)))
        for n in range(10)
    ]
    library.import_records(records, "prefixes")
    library.reindex()
    everyone = {p.id for p in library.papers()}
    assert library.matching_ids("abstract:a*", as_you_type=False) == everyone
    # Only words of "b" papers: every one of them must be read for the exact answer ...
    for n, paper in enumerate(sorted(library.papers(), key=lambda p: p.title)):
        library.set_notes(paper.id, f"bnote{n}")
    library.sync_index()
    assert library.matching_ids("note:b*", as_you_type=False) == everyone
    # ... unless that is more than the budget: then the most frequent ones answer.
    monkeypatch.setattr(engine, "PREFIX_WORDS", 3)
    monkeypatch.setattr(engine, "_MIN_SHARE", (1, 1, 1))
    library.set_notes(next(iter(everyone)), "bnote0 bnote1")  # a new searcher
    library.sync_index()
    found = library.matching_ids("note:b*", as_you_type=False)
    assert 3 <= len(found) <= 4
    assert found < everyone


def test_an_id_prefix_of_a_few_hundred_papers_stays_exact(library: Library) -> None:
    records = [
        PaperRecord(title=f"Paper {n}", arxiv_id=f"{2501 + n % 2}.{n:05d}") for n in range(600)
    ]
    library.import_records(records, "ids")
    library.reindex()
    january = {p.id for p in library.papers() if p.arxiv_id.startswith("2501.")}
    assert len(january) == 300
    assert library.matching_ids("id:2501*", as_you_type=False) == january


def test_fuzzy_words_read_a_bounded_number_of_words(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "wombatx" is one edit from each of wombat0 .. wombat9, one per paper.
    records = [PaperRecord(title=f"Paper {n}", abstract=f"wombat{n}") for n in range(10)]
    library.import_records(records, "fuzzy")
    library.reindex()
    by_word = {p.abstract: p.id for p in library.papers()}
    assert library.matching_ids("wombatx~", as_you_type=False) == set(by_word.values())
    assert library.matching_ids("wombat~", as_you_type=False) == set(by_word.values())
    monkeypatch.setattr(engine, "FUZZY_WORDS", 2)
    library.reindex()  # a new searcher, nothing cached
    found = library.matching_ids("wombatx~", as_you_type=False)
    assert found == {by_word["wombat0"], by_word["wombat1"]}


def test_too_many_prefixes_are_refused(lib: Library) -> None:
    assert "ending in * or ~" in refused(lib, " OR ".join(f"{c}*" for c in "abcdefghij"))
    assert lib.search("t* OR s* OR v*").total > 0


def test_highlights_of_a_huge_note_are_a_bounded_excerpt(lib: Library) -> None:
    paper = lib.papers()[0]
    note = "quokka " * 300_000  # 2.1 MB, every word a match
    lib.set_notes(paper.id, note)
    [hit] = lib.search("quokka").hits
    assert hit.paper.id == paper.id
    excerpt = hit.highlights["notes"]
    assert excerpt.startswith("<mark>quokka</mark>") and len(excerpt) < 10 * highlight.EXCERPT_CHARS
    # The detail pane asks for whole texts: a huge one still comes back as an excerpt.
    marks = lib.highlights(paper.id, "quokka", whole=True)
    assert marks["notes"] == excerpt


def test_a_word_far_into_a_huge_note_is_found_but_not_looked_for_in_highlights(
    lib: Library,
) -> None:
    paper = lib.papers()[0]
    lib.set_notes(paper.id, "filler " * (highlight.SCAN_CHARS // 7 + 10) + "wombat")
    [hit] = lib.search("wombat").hits
    assert hit.paper.id == paper.id
    assert "notes" not in hit.highlights


@pytest.fixture
def window(qtbot, lib: Library, tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from readinglist.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    win = MainWindow(lib)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 114, timeout=15_000)
    yield win
    win.close()


def paste_into_search(window, text: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(text)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search.text() == text


def test_the_window_shows_a_refused_search_in_its_status_bar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    paste_into_search(window, "x" * 10_000)
    qtbot.waitUntil(lambda: "too long" in window.message.text(), timeout=15_000)
    assert window.message.isVisible() and "\n" not in window.message.text()
    paste_into_search(window, "(" * 40 + "video" + ")" * 40)
    qtbot.waitUntil(lambda: "levels deep" in window.message.text(), timeout=15_000)
    paste_into_search(window, "xolver")  # the search still works afterwards
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=15_000)
