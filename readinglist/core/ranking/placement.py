"""Where an import's "For you" work is done: by default (the command line) the features
and scores of an imported digest are computed as it is stored; the window's import
workers wrap their imports in :func:`computed_elsewhere`, and its ranking process computes
them instead, so the window's process never loads scikit-learn (``resident``).

Light to import: no numpy, no scikit-learn."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ELSEWHERE: ContextVar[bool] = ContextVar("readinglist_ranking_elsewhere", default=False)


@contextmanager
def computed_elsewhere() -> Iterator[None]:
    """Within the block (on this thread), an import leaves its papers' features and scores
    to the ranking process: nothing is computed where the import runs."""
    token = _ELSEWHERE.set(True)
    try:
        yield
    finally:
        _ELSEWHERE.reset(token)


def is_computed_elsewhere() -> bool:
    """True inside :func:`computed_elsewhere` (on this thread)."""
    return _ELSEWHERE.get()
