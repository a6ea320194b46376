"""Fetched rows merged into the rows held: the same papers and order a full re-read and
sort would give, in every column and direction, and while a header click is being sorted."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QThreadPool

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_key, sort_rows
from readinglist.ui.paper_rows import BACKGROUND_SORT, PaperRows
from readinglist.ui.row_merge import merged_rows

WORDS = ["agents", "Diffusion", "flow", "Video", "speech", "robots", "vision"]


def _row(pid: int, rng: random.Random) -> PaperRow:
    return PaperRow(
        id=pid,
        title=" ".join(rng.sample(WORDS, 2)),
        authors=rng.choice(["Ada", "bo", "Cy", ""]),
        published=rng.choice([None, "2024-01-02", "2025-03-04"]),
        added=f"2026-0{rng.randint(1, 3)}-01T00:00:00",
        tags=rng.sample(["gen", "audio", "keep"], rng.randint(0, 2)),
        digest=rng.choice(["HF", "arXiv cs.CL", "feed"]),
        read=rng.random() < 0.5,
        starred=rng.random() < 0.3,
        score=rng.choice([None, 0.25, 0.5, 0.9]),
    )


@pytest.mark.parametrize("column", range(PaperTableModel.SCORE + 1))
@pytest.mark.parametrize("descending", [False, True])
def test_merged_rows_are_the_rows_a_full_sort_gives(column: int, descending: bool) -> None:
    rng = random.Random(column * 2 + descending)
    held = sort_rows([_row(pid, rng) for pid in range(300)], column, descending)
    changed = [_row(pid, rng) for pid in rng.sample(range(300), 40)]  # papers merged
    fresh = changed + [_row(pid, rng) for pid in range(300, 330)]  # and new ones
    merged = merged_rows(held, fresh, sort_key(column), descending)
    by_id = {row.id: row for row in held} | {row.id: row for row in fresh}
    expected = sort_rows(list(by_id.values()), column, descending)
    assert sorted(row.id for row in merged) == sorted(by_id)  # each paper once, fresh rows
    assert all(by_id[row.id] is row for row in merged)
    key = sort_key(column)
    assert [key(row) for row in merged] == [key(row) for row in expected]


def test_rows_merged_while_a_header_click_is_sorted_are_sorted_with_them(
    qtbot, library: Library
) -> None:
    rng = random.Random(7)
    pool = QThreadPool()
    papers = PaperRows(library, pool, lambda: (PaperTableModel.ADDED, True))
    rows = [_row(pid, rng) for pid in range(BACKGROUND_SORT + 100)]
    papers.replace(sort_rows(rows, PaperTableModel.ADDED, True))
    fresh = [_row(5, rng), _row(BACKGROUND_SORT + 500, rng)]
    with qtbot.waitSignal(papers.changed, timeout=10_000):
        papers.resort(PaperTableModel.TITLE, False)  # a long list: sorted in a worker
        papers.merge(fresh)  # the fetch ends before the sort does
    titles = [row.title.casefold() for row in papers.rows]
    assert titles == sorted(titles)
    assert len(papers.rows) == len(rows) + 1
    assert {5: fresh[0], BACKGROUND_SORT + 500: fresh[1]} == papers.find([5, BACKGROUND_SORT + 500])
    pool.waitForDone()
