"""Which rows a view of the list shows: the search's ids, then the sidebar entry chosen.

A search answer or a digest names a set of papers: when it is small next to the list, its
rows are found through the list's positions table (sorting those positions keeps the
list's order) instead of testing every row of the list; a large set is one pass over the
rows. A Library or Tags entry is one cheap test per row left. The result carries the
positions in the whole list of the rows shown, so the model finds a paper among them
without a table of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.row_order import Positions
from readinglist.ui.models.sidebar_model import SidebarFilter

# A set of fewer papers than the list's rows divided by this is looked up, not scanned for
# (at 100,000 rows a scan takes 5-10 ms; looking up and ordering 25,000 ids about as long).
LOOKUP_SHARE = 4


@dataclass(frozen=True, slots=True)
class Shown:
    """The rows a view shows, in order, and their positions in the whole list (ascending;
    None when every row is shown)."""

    rows: list[PaperRow]
    picked: list[int] | None


@dataclass(frozen=True, eq=False, slots=True)
class Filtered:
    """What a re-filter showed (``shown``) and what it was found on: the list (the object
    itself), the search's ids (likewise), the sidebar view and the digest's papers."""

    rows: Sequence[PaperRow]
    search_ids: set[int] | None
    view: SidebarFilter
    digest_ids: set[int] | None
    shown: Shown

    def same(
        self,
        rows: Sequence[PaperRow],
        search_ids: set[int] | None,
        view: SidebarFilter,
        digest_ids: set[int] | None,
    ) -> bool:
        """Whether this was found on that very list, with the same search and view."""
        return (
            rows is self.rows
            and search_ids is self.search_ids
            and view == self.view
            and digest_ids == self.digest_ids
        )


def visible_rows(
    rows: Sequence[PaperRow],
    search_ids: set[int] | None,
    view: SidebarFilter,
    digest_ids: set[int] | None = None,
    positions: Positions | None = None,
) -> Shown:
    """The rows, in order, that match the search (None: all) and the sidebar ``view``
    (for a digest, ``digest_ids`` are its papers); ``positions`` is the rows' table."""
    picked: list[int] | None = None
    if search_ids is not None:
        picked = _narrow(rows, picked, search_ids, positions)
    if view.kind in ("digest", "top") and digest_ids is not None:
        picked = _narrow(rows, picked, digest_ids, positions)
    if view.kind in ("unread", "read", "starred", "tag"):
        if picked is None:
            picked = [n for n, row in enumerate(rows) if passes(row, view)]
        else:
            picked = [n for n in picked if passes(rows[n], view)]
    if picked is None:
        return Shown(list(rows), None)
    return Shown([rows[n] for n in picked], picked)


def merged_visible(
    before: Shown,
    rows: Sequence[PaperRow],
    positions: Positions,
    fresh: Sequence[PaperRow],
    search_ids: set[int] | None,
    view: SidebarFilter,
    digest_ids: set[int] | None = None,
) -> Shown:
    """What :func:`visible_rows` gives for ``rows`` when they are the list ``before`` was
    found in with ``fresh`` rows merged in (each replaced its paper's row or joined the
    list), the search and the view unchanged: only the fresh rows are tested; the rows
    shown before stay, found at their new places through ``positions`` (the new list's
    table, from the worker that merged it)."""
    if before.picked is None:  # nothing narrowed the list: every row is shown
        return Shown(list(rows), None)
    gone = {row.id for row in fresh}
    passing = visible_rows(fresh, search_ids, view, digest_ids).rows
    where = positions.get
    kept = (where(row.id) for row in before.rows if row.id not in gone)
    found = (where(row.id) for row in passing)
    picked = sorted(at for at in (*kept, *found) if at is not None)
    return Shown([rows[n] for n in picked], picked)


def _narrow(
    rows: Sequence[PaperRow], picked: list[int] | None, ids: set[int], positions: Positions | None
) -> list[int]:
    """The positions (of ``picked``, or of every row) whose paper is in ``ids``."""
    if picked is not None:
        return [n for n in picked if rows[n].id in ids]
    if positions is not None and len(ids) * LOOKUP_SHARE < len(rows):
        return sorted(at for at in map(positions.get, ids) if at is not None)
    return [n for n, row in enumerate(rows) if row.id in ids]


def passes(row: PaperRow, view: SidebarFilter) -> bool:
    """Whether a row belongs to a Library or Tags entry of the sidebar."""
    if view.kind == "unread":
        return not row.read
    if view.kind == "read":
        return row.read
    if view.kind == "starred":
        return row.starred
    if view.kind == "tag":
        return str(view.value).casefold() in (t.casefold() for t in row.tags)
    return True
