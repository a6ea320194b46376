"""One spawned process kept for the window's whole session and reused by every update
of the "For you" ranking, so numpy and scikit-learn are imported once rather than at
each retrain (this module imports neither: the window creates a worker at start).
Cancel ends the process at once (the next update starts a new one);
:meth:`TrainingWorker.close` ends it when the window closes.

Nothing is left half-written by a stopped process: the training names its files in
``state.json`` last and atomically, and scores are written in whole transactions."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.05  # how often the waiting thread looks at the Cancel flag
JOIN_SECONDS = 5.0  # how long close() waits for the process to leave before ending it


def _serve(tasks: Any) -> None:
    """The process: run each ``(function, args)`` received, answer "" or the error;
    leave on ``None`` or when the window's end of the pipe closes."""
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        function, args = task
        try:
            function(*args)
        except Exception as exc:  # sent back, raised there as TrainingFailed
            tasks.send(f"{type(exc).__name__}: {exc}")
        else:
            tasks.send("")


class TrainingWorker:
    """A reusable training process (see the module docstring). Safe to call from
    worker threads; one task runs at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._pipe: Any = None

    @property
    def pid(self) -> int | None:
        """The process id while the process runs (None: none yet, or ended)."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def run(
        self,
        function: Callable[..., object],
        args: tuple[object, ...],
        cancel: threading.Event | None = None,
    ) -> bool:
        """Run ``function(*args)`` (module-level) in the process; True when it finished,
        False when ``cancel`` was set first (the process is then ended). Raises
        TrainingFailed when the function failed or the process died."""
        from readinglist.core.ranking.process import TrainingFailed  # loads numpy: not before

        with self._lock:
            if self.pid is None:
                self._start()
            pipe = self._pipe
            try:
                pipe.send((function, args))
                while not pipe.poll(POLL_SECONDS):
                    if cancel is not None and cancel.is_set():
                        self._stop()
                        return False
                error = pipe.recv()
            except (EOFError, OSError) as exc:
                self._stop()
                if cancel is not None and cancel.is_set():
                    return False
                raise TrainingFailed("the training process ended") from exc
        if error:
            raise TrainingFailed(error)
        return True

    def close(self) -> None:
        """End the process (a task under way is stopped: the caller cancels it first)."""
        self._stop()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe(duplex=True)
        process = context.Process(
            target=_serve, args=(theirs,), name="readinglist-training", daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._pipe = process, mine

    def _stop(self) -> None:
        process, pipe = self._process, self._pipe
        self._process = self._pipe = None
        if process is None:
            return
        process.terminate()
        process.join(JOIN_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        pipe.close()
