"""The "For you" scores put on the list's rows away from the GUI thread.

At 100,000 papers, walking every row to set its score, sorting the rows by score and
picking the Top Picks take a few hundred milliseconds of Python: ``ApplyJob`` does that in
a worker on the rows the window holds (setting ``row.score`` is one attribute each, which
a paint may read meanwhile) and hands back the rows in For you order and the Top Picks
candidates. The window then shows them in one model update, if its rows are still the ones
the job walked; otherwise it asks again (an import or a re-sort replaced them meanwhile)."""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_rows
from readinglist.ui.models.row_order import Positions, positions_of

logger = logging.getLogger(__name__)

TOP_PICKS = 20  # papers in Top Picks
CANDIDATES = TOP_PICKS + 200  # kept in order, so marking a few read needs no new walk
SCORE = PaperTableModel.SCORE


def top_candidates(
    rows: Iterable[PaperRow],
    scores: dict[int, float],
    dismissed: frozenset[int],
    n: int,
    day: str,
) -> list[int]:
    """The ``n`` best-ranked papers still to triage (unread, not starred, not dismissed)
    among those added on ``day`` (``newest_day``: today's digests, or the latest that
    came, as a daily digest is triaged), best first."""
    picks = (
        row.id
        for row in rows
        if not (row.read or row.starred)
        and row.id not in dismissed
        and row.id in scores
        and row.added[:10] == day
    )
    return heapq.nsmallest(n, picks, key=lambda pid: (-scores[pid], pid))


def newest_day(rows: Iterable[PaperRow]) -> str:
    """The last day (YYYY-MM-DD) a paper of ``rows`` was added, or "" for none."""
    return max((row.added[:10] for row in rows), default="")


def merged_candidates(
    candidates: Sequence[int],
    day: str,
    held: Mapping[int, PaperRow],
    fresh: Sequence[PaperRow],
    scores: dict[int, float],
    dismissed: frozenset[int],
) -> tuple[list[int], str]:
    """The Top Picks candidates and their day after ``fresh`` rows (an import's) were
    merged into a list whose candidates were ``candidates`` of ``day`` (``held``: their
    rows, by id): a newer day's are found among the fresh rows alone (the other rows are
    older); the same day's among the old candidates and the fresh rows, without a pass
    over every row."""
    fresh_day = newest_day(fresh)
    if fresh_day > day:
        return top_candidates(fresh, scores, dismissed, CANDIDATES, fresh_day), fresh_day
    gone = {row.id for row in fresh}
    kept = [held[pid] for pid in candidates if pid not in gone and pid in held]
    return top_candidates([*kept, *fresh], scores, dismissed, CANDIDATES, day), day


@dataclass(frozen=True, slots=True)
class Applied:
    """What an ``ApplyJob`` did to ``rows`` (the list object it walked)."""

    rows: list[PaperRow]
    changed: bool  # some row got a new score
    ordered: list[PaperRow] | None  # the rows in For you order (None: not sorted so)
    positions: Positions | None = None  # where each paper is in ``ordered``
    candidates: list[int] = field(default_factory=list)  # Top Picks candidates, best first
    day: str = ""  # the day the candidates were added (newest_day)


class ApplySignals(QObject):
    """finished(Applied)."""

    finished = Signal(object)


class ApplyJob(QRunnable):
    """Set the scores on ``rows`` (all of them, or only ``fresh`` ones: rows without a
    score whose paper has one), order them when the list is sorted For you, and find the
    Top Picks candidates."""

    def __init__(
        self,
        rows: list[PaperRow],
        scores: dict[int, float],
        dismissed: frozenset[int],
        order: tuple[int, bool],
        *,
        every: bool,
        resort: bool = False,
    ) -> None:
        super().__init__()
        self.signals = ApplySignals()
        self._rows, self._scores, self._dismissed = rows, scores, dismissed
        self._order, self._every, self._resort = order, every, resort

    def run(self) -> None:
        rows, scores, dismissed = self._rows, self._scores, self._dismissed
        try:
            changed, latest = self._put_scores(rows, scores, dismissed)
            column, descending = self._order
            ordered = positions = None
            if column == SCORE and (changed or self._resort):
                ordered = sort_rows(rows, column, descending)
                positions = positions_of(ordered)
            day = latest[:10]  # newest_day(rows), found in the same pass
            picks = top_candidates(rows, scores, dismissed, CANDIDATES, day) if scores else []
            applied = Applied(rows, changed, ordered, positions, picks, day)
        except Exception:  # the rows keep the scores they had
            logger.exception("For you scores not applied")
            applied = Applied(rows, False, None)
        self.signals.finished.emit(applied)

    def _put_scores(
        self, rows: list[PaperRow], scores: dict[int, float], dismissed: frozenset[int]
    ) -> tuple[bool, str]:
        """One pass over the rows: set the scores (every row's, or those of rows without
        one whose paper has one; none at all: no ranking, no bars) and find the newest
        ``added`` time. Returns (some row changed, that time)."""
        changed, latest, every = False, "", self._every
        for row in rows:
            if row.added > latest:
                latest = row.added
            if not every and (row.score is not None or not scores):
                continue
            pid = row.id
            score = (0.0 if pid in dismissed else scores.get(pid)) if scores else None
            if every or score is not None:
                row.score, changed = score, True
        return changed, latest
