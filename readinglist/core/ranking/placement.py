"""Where an import's "For you" work is done: by default (the command line) the features
and scores of an imported digest are computed as it is stored; the window's import
workers wrap their imports in :func:`computed_elsewhere`, and its ranking process computes
them instead, so the window's process never loads scikit-learn (``resident``). Likewise a
``score:`` rule run by the window's fetch: the papers it needs scored are scored by that
process (the ``score_new`` handed to :func:`computed_elsewhere`), never where it runs.

Light to import: no numpy, no scikit-learn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ScoreNew = Callable[[], object]  # scores the papers the current model has not scored

_ELSEWHERE: ContextVar[bool] = ContextVar("readinglist_ranking_elsewhere", default=False)
_SCORE_NEW: ContextVar[ScoreNew | None] = ContextVar("readinglist_score_new", default=None)


@contextmanager
def computed_elsewhere(score_new: ScoreNew | None = None) -> Iterator[None]:
    """Within the block (on this thread), an import leaves its papers' features and scores
    to the ranking process: nothing is computed where the import runs. ``score_new``
    asks that process to score the papers not scored yet, before a ``score:`` rule reads
    the scores (without it, the rule reads the scores there are)."""
    token = _ELSEWHERE.set(True)
    scorer = _SCORE_NEW.set(score_new)
    try:
        yield
    finally:
        _SCORE_NEW.reset(scorer)
        _ELSEWHERE.reset(token)


def is_computed_elsewhere() -> bool:
    """True inside :func:`computed_elsewhere` (on this thread)."""
    return _ELSEWHERE.get()


def scored_elsewhere() -> bool:
    """Inside :func:`computed_elsewhere`: have its ``score_new`` (if any) score the new
    papers, and return True (the caller must not score them itself); else False. What
    ``score_new`` raises goes to the caller."""
    if not _ELSEWHERE.get():
        return False
    score_new = _SCORE_NEW.get()
    if score_new is not None:
        score_new()
    return True
