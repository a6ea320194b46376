"""Which rows a view shows, found without testing every row of a long list when a search
answer or a digest names few papers; and a paper found among the rows shown through the
whole list's positions (no table of the rows shown)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import overload

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.row_filter import visible_rows
from readinglist.ui.models.row_order import Placement, positions_of
from readinglist.ui.models.sidebar_model import SidebarFilter

ALL = SidebarFilter("all", None)


def row(paper_id: int, *, read: bool = False) -> PaperRow:
    return PaperRow(paper_id, f"Paper {paper_id}", "", None, "2025-01-01", [], "d", read, False)


class Watched(Sequence[PaperRow]):
    """A list of rows that counts how many of them were read."""

    def __init__(self, rows: list[PaperRow]) -> None:
        self._rows = rows
        self.read = 0

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, at: int) -> PaperRow: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[PaperRow]: ...
    def __getitem__(self, at: int | slice) -> PaperRow | Sequence[PaperRow]:
        self.read += 1 if isinstance(at, int) else len(self._rows[at])
        return self._rows[at]

    def __iter__(self) -> Iterator[PaperRow]:
        for item in self._rows:
            self.read += 1
            yield item


def test_a_small_search_answer_reads_only_its_rows_in_the_lists_order() -> None:
    rows = [row(n, read=n % 3 == 0) for n in random.Random(4).sample(range(1, 50_001), 20_000)]
    watched = Watched(rows)
    found = set(random.Random(5).sample([r.id for r in rows], 30)) | {999_999}  # one gone

    shown = visible_rows(watched, found, SidebarFilter("unread", None), None, positions_of(rows))

    assert [r.id for r in shown.rows] == [r.id for r in rows if r.id in found and not r.read]
    assert shown.picked == [n for n, r in enumerate(rows) if r.id in found and not r.read]
    assert watched.read <= 2 * len(found)  # not 20,000


def test_a_paper_is_found_among_the_rows_shown() -> None:
    rows = [row(n) for n in random.Random(6).sample(range(1, 9_001), 3_000)]
    positions = positions_of(rows)
    some = set(random.Random(7).sample(sorted(positions), 900))
    for kind, ids in (("all", None), ("search", some)):
        shown = visible_rows(rows, ids, ALL, None, positions)
        where = Placement(positions, shown.picked)
        table = {r.id: n for n, r in enumerate(shown.rows)}
        assert all(where.get(pid) == table.get(pid) for pid in positions), kind
        assert where.get(123_456) is None and 123_456 not in where


def test_rows_merged_into_a_filtered_list_are_shown_as_a_full_filter_shows_them() -> None:
    from readinglist.ui.models.row_filter import merged_visible
    from readinglist.ui.row_merge import merged_rows

    pick = random.Random(8)
    before = sorted((row(n, read=n % 4 == 0) for n in pick.sample(range(1, 20_001), 5_000)),
                    key=lambda r: r.id)  # fmt: skip
    replaced = [row(r.id, read=not r.read) for r in pick.sample(before, 40)]  # marks turned
    added = [row(n, read=n % 3 == 0) for n in range(30_001, 30_061)]
    fresh = replaced + added
    after = merged_rows(before, fresh, lambda r: r.id, False)
    search = {r.id for r in pick.sample(after, 3_000)}
    for view in (ALL, SidebarFilter("unread", None), SidebarFilter("read", None)):
        for found in (None, search):
            old = visible_rows(before, found, view, None, positions_of(before))
            positions = positions_of(after)
            full = visible_rows(after, found, view, None, positions)
            watched = Watched(fresh)
            merged = merged_visible(old, after, positions, watched, found, view)
            assert [r.id for r in merged.rows] == [r.id for r in full.rows]
            assert merged.picked == full.picked
            assert watched.read <= 4 * len(fresh)  # the fresh rows only (not 5,000)
