"""The list as a background step (an undo, a redo, a completion of details) left it, from
the rows of only the papers it touched: their fresh rows join the list the window held
when the step began where a full re-read puts them, and the rows of papers that no longer
exist leave it. At 100,000 papers reading every row again took the step's worker ~0.7 s
of CPU, holding Python's lock against the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cmp_to_key

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import sort_key
from readinglist.ui.row_merge import HeldRows, Key, MergedRows
from readinglist.ui.workers import ImportOutcome


@dataclass(frozen=True, slots=True)
class Touched:
    """What a step's work returns when it knows which papers it changed, brought back or
    removed (``ids``): only their rows are read again. A work returning anything else
    has the whole list read again."""

    ids: tuple[int, ...]

    @classmethod
    def of(cls, ids: Iterable[int]) -> Touched:
        return cls(tuple(dict.fromkeys(ids)))


def touched_outcome(library: Library, touched: Touched, held: HeldRows) -> ImportOutcome:
    """``held``'s rows with the touched papers' rows read again (see :func:`placed`),
    with the sidebar's counts and digests (read here too, off the GUI thread)."""
    fresh = library.rows(ids=list(touched.ids)) if touched.ids else []
    gone = frozenset(touched.ids) - {row.id for row in fresh}
    rows = placed(held, fresh, gone)
    return ImportOutcome(
        [], rows, library.stats(), library.digests(), merged=MergedRows(held, fresh, gone)
    )


def placed(held: HeldRows, fresh: list[PaperRow], gone: frozenset[int]) -> list[PaperRow]:
    """``held``'s rows without those of ``gone``, each of ``fresh`` where a full re-read
    puts it: by the list's column, then newest added first, then by id (the order the
    library reads rows in, kept by a stable sort). A fresh row keeps the For you score of
    the row it replaces (an undo does not change it)."""
    key = sort_key(held.column)
    waiting = {row.id: row for row in fresh}
    kept: list[PaperRow] = []
    joining: list[PaperRow] = []
    for row in held.rows:
        if row.id in gone:
            continue
        new = waiting.pop(row.id, None) if waiting else None
        if new is None:
            kept.append(row)
        else:
            new.score = row.score
            joining.append(new)
    joining.extend(waiting.values())
    comes_first = _comes_first(key, held.descending)
    joining.sort(key=cmp_to_key(lambda a, b: -1 if comes_first(a, b) else 1))
    rows: list[PaperRow] = []
    start = 0
    for row in joining:
        at = _first_after(kept, row, comes_first, start)
        rows.extend(kept[start:at])
        rows.append(row)
        start = at
    rows.extend(kept[start:])
    return rows


def _comes_first(key: Key, descending: bool) -> Callable[[PaperRow, PaperRow], bool]:
    """Whether row ``a`` comes before row ``b`` in a freshly read list (ids are unique:
    two rows are never equal)."""

    def comes_first(a: PaperRow, b: PaperRow) -> bool:
        ka, kb = key(a), key(b)
        if ka != kb:
            return bool(kb < ka) if descending else bool(ka < kb)
        if a.added != b.added:
            return a.added > b.added
        return a.id < b.id

    return comes_first


def _first_after(
    rows: list[PaperRow], row: PaperRow, comes_first: Callable[[PaperRow, PaperRow], bool], lo: int
) -> int:
    """The first position at or after ``lo`` whose row ``row`` comes before (the end when
    none): where ``row`` goes."""
    hi = len(rows)
    while lo < hi:
        middle = (lo + hi) // 2
        if comes_first(row, rows[middle]):
            hi = middle
        else:
            lo = middle + 1
    return lo
