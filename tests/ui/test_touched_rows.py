"""The rows a background step touched, placed into the list the window held: the list is
the one a full re-read gives (the library reads rows newest added first, then by id, and
the window sorts them stably by its column), in every column and direction, with ties."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_rows
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.touched_rows import placed

COLUMNS = [PaperTableModel.STAR, PaperTableModel.TITLE, PaperTableModel.ADDED,
           PaperTableModel.SCORE]  # fmt: skip


def _row(paper_id: int, pick: random.Random) -> PaperRow:
    """A row with few distinct values, so that many rows tie."""
    return PaperRow(
        id=paper_id,
        title=pick.choice(["Alpha", "beta", "Gamma"]),
        authors="",
        published=None,
        added=f"2026-01-0{pick.randint(1, 3)}",
        tags=[],
        digest="d",
        read=False,
        starred=pick.random() < 0.5,
        score=pick.choice([None, 0.5, 0.9]),
    )


def _as_read(rows: list[PaperRow], column: int, descending: bool) -> list[int]:
    """The ids in the order a full re-read shows them."""
    library_order = sorted(rows, key=lambda r: r.id)
    library_order.sort(key=lambda r: r.added, reverse=True)
    return [row.id for row in sort_rows(library_order, column, descending)]


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("seed", range(5))
def test_the_placed_list_is_the_one_a_full_re_read_gives(
    column: int, descending: bool, seed: int
) -> None:
    pick = random.Random(seed)
    library = {n: _row(n, pick) for n in range(1, 201)}
    held = [library[n] for n in _as_read(list(library.values()), column, descending)]
    gone = frozenset(pick.sample(sorted(library), 20))
    for paper_id in gone:
        del library[paper_id]
    changed = pick.sample(sorted(library), 20)
    fresh = []
    for paper_id in changed:  # an undone completion: new values, the For you score kept
        row = _row(paper_id, pick)
        row.score = None  # rows read from the library carry no score
        fresh.append(row)
        library[paper_id] = replace(row, score=library[paper_id].score)
    back = [_row(n, pick) for n in range(201, 231)]  # papers an undone removal brought back
    for row in back:
        row.score = None
        library[row.id] = replace(row)
    fresh += back

    rows = placed(HeldRows(held, column, descending), fresh, gone)

    assert [row.id for row in rows] == _as_read(list(library.values()), column, descending)
