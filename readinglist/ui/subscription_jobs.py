"""Background work of subscriptions: fetching, a preview of a new subscription, the live
count of a rule. Each job opens its own Library and reports through signals; none touches
a widget."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist import gc_policy
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.core.ranking.placement import ScoreNew, computed_elsewhere
from readinglist.core.ranking.score_queries import uses_score
from readinglist.domain.entities import ImportReport
from readinglist.domain.errors import ReadingListError
from readinglist.domain.subscriptions import FetchRun, Subscription
from readinglist.ui.models.paper_table_model import sort_key
from readinglist.ui.row_merge import HeldRows, MergedRows, merged_rows
from readinglist.ui.workers import INDEX_WRITER, ImportOutcome

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class PanelState:
    """What the Subscriptions section shows: the Inbox's count, each subscription's state
    and the papers highlight rules marked, as of the library's ``generation`` (or later)."""

    inbox: int
    subscriptions: list[Subscription]
    highlights: dict[int, list[str]]
    generation: int = -1


def panel_state(library: Library, now: datetime) -> PanelState:
    """The Subscriptions section as the library has it at ``now``: a few aggregate queries
    (no paper is listed), cheap enough for the GUI thread in a library of 100k papers."""
    subs = library.subscriptions
    generation = library.generation  # first: a change meanwhile is seen again, never missed
    return PanelState(subs.inbox_count(), subs.list(now), subs.highlights(), generation)


class JobSignals(QObject):
    """progress(done, total, name) and finished(result) or failed(message)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class FetchJob(QRunnable):
    """Fetch subscriptions (all due ones, or the named ones), then apply the rules."""

    def __init__(
        self,
        library_dir: Path,
        names: list[str],
        *,
        only_due: bool,
        now: Callable[[], datetime],
        held: HeldRows,
        score_new: ScoreNew | None = None,
    ) -> None:
        """``score_new``: the window's ranking process scores the new papers before a
        ``score:`` rule reads their scores (they are never scored in this process)."""
        super().__init__()
        self.signals = JobSignals()
        self._dir = library_dir
        self._names = names
        self._score_new = score_new
        self._only_due = only_due
        self._now = now
        self._held = held
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop at once: between requests, or abandoning the answer being waited for; the
        subscription being fetched stores nothing (those fetched before stay)."""
        self._cancel.set()

    def run(self) -> None:
        def progress(done: int, total: int, name: str) -> bool:
            self.signals.progress.emit(done, total, name)
            return not self._cancel.is_set()

        try:
            # no cyclic collection while fetching: a full pass walks every object of the
            # process (the window's rows among them) and the window cannot paint meanwhile
            with (
                gc_policy.paused(),
                computed_elsewhere(self._score_new),
                Library.open(self._dir) as library,
            ):
                run: FetchRun = library.subscriptions.fetch(
                    self._names,
                    only_due=self._only_due,
                    settings=FetchSettings(now=self._now),
                    progress=progress,
                    apply_rules=False,
                    cancelled=self._cancel.is_set,
                )
                with INDEX_WRITER:  # rules search, which may write the index: one writer
                    run.rules = library.subscriptions.apply_rules()
                shown = _fetched_rows(library, run, self._held)
                panel = panel_state(library, self._now())
        except ReadingListError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug: a message, never a traceback on screen
            logger.exception("fetching failed")
            self.signals.failed.emit(f"unexpected error ({type(exc).__name__})")
            return
        self.signals.finished.emit((run, shown, panel))


def _fetched_rows(library: Library, run: FetchRun, held: HeldRows) -> ImportOutcome:
    """What the window shows after the fetch, made here so its thread only shows it: the
    rows of the papers the fetch stored or ruled (read by id: the other papers did not
    change) merged into the list the window held, the sidebar's counts and digests."""
    reports = [
        ImportReport(source=o.subscription, new=o.new, merged=o.merged, unchanged=o.unchanged)
        for o in run.outcomes
        if o.ok
    ]
    fresh = library.rows(ids=sorted(library.subscriptions.touched_ids(run)))
    rows = merged_rows(held.rows, fresh, sort_key(held.column), held.descending)
    gc_policy.keep_long_lived()  # what the fetch loaded and the window keeps: frozen
    stats, digests = library.stats(), library.digests()
    return ImportOutcome(reports, rows, stats, digests, merged=MergedRows(held, fresh))


class PanelJob(QRunnable):
    """Read the Subscriptions section (:func:`panel_state`) off the GUI thread."""

    def __init__(self, library_dir: Path, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._dir = library_dir
        self._now = now

    def run(self) -> None:
        _answer_from_library(
            self._dir,
            self.signals,
            "reading the Subscriptions section failed",
            lambda library: panel_state(library, self._now()),
        )


class PreviewJob(QRunnable):
    """What a subscription would bring, without storing it: a list of titles."""

    def __init__(self, library_dir: Path, kind: str, target: str) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._dir = library_dir
        self._kind = kind
        self._target = target

    def run(self) -> None:
        _answer_from_library(
            self._dir,
            self.signals,
            "preview failed",
            lambda library: [
                r.title for r in library.subscriptions.preview(self._kind, self._target)
            ],
        )


class RuleCountJob(QRunnable):
    """How many papers of the last digests a rule's query matches, and whether a
    ``score:`` in it matches nothing because no ranking was trained yet."""

    def __init__(
        self, library_dir: Path, query: str, request: int, score_new: ScoreNew | None = None
    ) -> None:
        """``score_new``: as for :class:`FetchJob`."""
        super().__init__()
        self.signals = JobSignals()
        self._dir = library_dir
        self._query = query
        self._request = request
        self._score_new = score_new

    def run(self) -> None:
        with computed_elsewhere(self._score_new):  # no scoring in the window's process
            _answer_from_library(self._dir, self.signals, "counting a rule failed", self._count)

    def _count(self, library: Library) -> tuple[int, int, int]:
        """(request, count, the starred or tagged papers a ranking needs when the query
        has a ``score:`` that matches nothing for want of one; else 0)."""
        count = library.subscriptions.preview_rule(self._query)
        if not uses_score(self._query) or library.ranking.current_version() is not None:
            return self._request, count, 0
        from readinglist.core.ranking.training import COLD_START_MIN  # numpy: loaded by now

        return self._request, count, COLD_START_MIN


def _answer_from_library(
    library_dir: Path, signals: JobSignals, what: str, work: Callable[[Library], object]
) -> None:
    """Run ``work`` on a library of the worker's own and emit its answer, or the error in words
    (a busy library, say: the next look tries again); ``what`` names the work in the log."""
    try:
        with Library.open(library_dir) as library:
            answer = work(library)
    except ReadingListError as exc:
        signals.failed.emit(str(exc))
        return
    except Exception as exc:
        logger.exception("%s", what)
        signals.failed.emit(f"unexpected error ({type(exc).__name__})")
        return
    signals.finished.emit(answer)
