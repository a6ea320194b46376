"""The rows an import hands the window: those of the papers it stored or merged (read by
digest: the other papers did not change), merged into the list the window held when the
import began, in that list's order. At 100,000 papers reading every row again took the
import's worker 0.7 s and the window re-sorted and replaced them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from readinglist.core.library import Library
from readinglist.domain.entities import ImportReport, PaperRow
from readinglist.ui.models.paper_table_model import sort_key
from readinglist.ui.row_merge import HeldRows, MergedRows, merged_rows

RowScores = Callable[[list[PaperRow]], None]


def imported_rows(
    library: Library,
    reports: Sequence[ImportReport],
    held: HeldRows,
    row_scores: RowScores | None = None,
) -> tuple[list[PaperRow], MergedRows]:
    """``held``'s rows with the fresh rows of the digests these reports made (each replaces
    the row of its paper or joins the list where the order puts it; ``row_scores`` puts
    the For you scores on them first), and what was merged, for a window whose list
    changed meanwhile."""
    digests = [r.digest_id for r in reports if r.ok and r.digest_id is not None]
    fresh = library.digest_rows(digests) if digests else []
    if row_scores is not None and fresh:
        row_scores(fresh)
    rows = merged_rows(held.rows, fresh, sort_key(held.column), held.descending)
    return rows, MergedRows(held, fresh)
