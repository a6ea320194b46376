"""How the app uses Python's cyclic garbage collector, and the one way to pause it.

Why a policy: reference counting frees almost everything Reading List drops; the cyclic
collector only finds reference cycles. But each of its full passes walks every tracked
object of the process while holding the interpreter lock, whichever thread set it off, and
meanwhile no other thread runs Python: the window neither paints nor answers a key. In a
window on a 100,000-paper library (the rows, the search index's caches, the Qt wrappers)
those passes were measured at up to 935 ms (``benchmarks/stall_stacks.py``). So the
window process:

- **freezes** what it holds for good (:func:`keep_long_lived`): once the library and the
  paper list are loaded, and again whenever a worker hands the window a fresh list of
  rows, everything alive moves to the permanent generation (``gc.freeze``), which the
  collector never walks. Reference counting still frees those objects when they are
  dropped; only a reference cycle among them would stay until the process ends.
- **raises the thresholds** (:data:`WINDOW_THRESHOLDS`, set by :func:`apply` at the app's
  start-up): the youngest generation is collected every 10,000 net allocations instead of
  700, so parsing a digest or answering a search sets off far fewer passes.
- **pauses** the collector only through :func:`paused` (the readers while they build their
  records, an index build, a fetch). The pauses are counted across threads: the collector
  comes back on when the *last* pausing thread is done, as it was before the first one
  paused it, and nothing in the app changes the thresholds or unfreezes what the window
  froze, so a pause never undoes the policy.

Only :func:`apply` is specific to the window (the command line keeps Python's defaults);
the other two are safe in any process.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

logger = logging.getLogger(__name__)

WINDOW_THRESHOLDS = (10_000, 20, 20)
"""Allocations before the youngest generation is collected; young collections before the
middle one; middle collections before a full one (Python's defaults: 700, 10, 10)."""

_lock = threading.Lock()
_pausing = 0  # threads inside paused() now
_resume = True  # whether the collector was on when the first of them paused it


def apply(thresholds: tuple[int, int, int] = WINDOW_THRESHOLDS) -> None:
    """The window process's policy: the collector on, with these thresholds."""
    global _resume
    gc.set_threshold(*thresholds)
    with _lock:
        if _pausing:  # a pause under way turns it on when it ends
            _resume = True
        else:
            gc.enable()
    logger.info("garbage collector thresholds %s", thresholds)


def keep_long_lived() -> None:
    """Move every object alive now out of the collector's passes (``gc.freeze``): call it
    when what is loaded now stays loaded (the library opened, a list of 100,000 rows
    read). It costs nothing (the generations' lists are joined); no collection runs first,
    as it would walk those 100,000 fresh rows holding the interpreter lock."""
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while the block runs (many objects made, none in a cycle).
    Counted across threads: the collector is on again only once every pausing thread is
    done, and only if it was on when the first of them paused it."""
    global _pausing, _resume
    with _lock:
        if _pausing == 0:
            _resume = gc.isenabled()
        _pausing += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _resume:
                gc.enable()
