"""A long list sorted by title in a worker, in steps: exactly the order ``sorted()`` gives
(ties kept in their first order, both directions), for keys that share long prefixes,
end early, repeat, or are empty."""

from __future__ import annotations

import random
import threading

import pytest

from readinglist.domain.entities import PaperRow
from readinglist.ui.models import stepwise_sort
from readinglist.ui.models.paper_table_model import STEPWISE_ROWS, PaperTableModel, sort_rows
from readinglist.ui.models.stepwise_sort import sorted_positions

WORDS = ["", "a", "ab", "abc", "Ärger", "zeta", "2025-01-0", "2025-01-01", "ünïcode", "x y"]


def random_keys(seed: int, count: int) -> list[str]:
    pick = random.Random(seed)
    return [
        "".join(pick.choice(WORDS) for _ in range(pick.randint(0, 4))) + pick.choice("abAB")[:1]
        if pick.random() < 0.8
        else "shared prefix " * 3 + str(pick.randint(0, 50))
        for _ in range(count)
    ]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_steps_give_sorted_order(
    seed: int, descending: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stepwise_sort, "SMALL", 16)  # many buckets, many levels
    keys = random_keys(seed, 5_000)
    wanted = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
    assert sorted_positions(keys, descending) == wanted


def test_a_worker_sorts_a_long_list_by_title_in_the_same_order() -> None:
    rows = [
        PaperRow(n, title, "", None, "2025-01-01", [], "d", False, False)
        for n, title in enumerate(random_keys(4, STEPWISE_ROWS))
    ]
    sorted_here: list[list[int]] = []
    worker = threading.Thread(
        target=lambda: sorted_here.append(
            [r.id for r in sort_rows(rows, PaperTableModel.TITLE, True)]
        )
    )
    worker.start()
    worker.join()
    wanted = sorted(rows, key=lambda r: r.title.casefold(), reverse=True)
    assert sorted_here == [[r.id for r in wanted]]
