"""Rows an import or a fetch stored, put into the list the window holds: each replaces the
row of the same paper or joins the list where its order puts it. One pass over the list
and a binary search per new row, instead of reading and sorting the whole library again
(100,000 rows: 1–2 s of a worker holding Python's lock). The pass itself is done by the
fetch's worker on the list the window held when the fetch began (at 100k it took 50 ms of
the GUI thread); the window only merges again when its list changed meanwhile."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.domain.entities import PaperRow

Key = Callable[[PaperRow], Any]


@dataclass(frozen=True, eq=False, slots=True)
class HeldRows:
    """The list the window held when a job began (the list object itself) and its order."""

    rows: list[PaperRow]
    column: int
    descending: bool


@dataclass(frozen=True, eq=False, slots=True)
class MergedRows:
    """What a job merged into the rows it was given (``held``): its ``fresh`` rows, and
    the ids of papers whose rows it dropped (``gone``: an undone import, a removal), kept
    for a window whose list changed meanwhile."""

    held: HeldRows
    fresh: list[PaperRow]
    gone: frozenset[int] = frozenset()


def merged_rows(
    rows: Sequence[PaperRow], fresh: Sequence[PaperRow], key: Key, descending: bool
) -> list[PaperRow]:
    """``rows`` (ordered by ``key``) where the papers of ``fresh`` are replaced by their
    fresh rows, each placed by ``key`` (after the rows of an equal value); a paper of
    ``fresh`` not held yet is added."""
    gone = {row.id for row in fresh}
    kept = [row for row in rows if row.id not in gone]
    merged: list[PaperRow] = []
    start = 0
    for row in sorted(fresh, key=key, reverse=descending):
        at = _after_equal(kept, key(row), key, descending, start)
        merged.extend(kept[start:at])
        merged.append(row)
        start = at
    merged.extend(kept[start:])
    return merged


def _after_equal(rows: list[PaperRow], value: Any, key: Key, descending: bool, lo: int) -> int:
    """The first position at or after ``lo`` whose row sorts after ``value`` (the end
    when none does): where a row of that value goes, behind those equal to it."""
    hi = len(rows)
    while lo < hi:
        middle = (lo + hi) // 2
        here = key(rows[middle])
        comes_later = here < value if descending else value < here
        if comes_later:
            hi = middle
        else:
            lo = middle + 1
    return lo
