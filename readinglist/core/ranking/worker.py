"""One spawned process kept for the window's whole session and reused by every update
of the "For you" ranking, so numpy and scikit-learn are imported once rather than at
each retrain (this module imports neither: the window creates a worker at start).
Cancel ends the process at once (the next update starts a new one);
:meth:`TrainingWorker.close` ends it when the window closes.

Besides the tasks (one at a time), the process answers small questions (:meth:`ask`, such
as the words behind a paper's score) on a second pipe, from a thread of its own, so an
answer never waits for a training to end.

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


def _serve(tasks: Any, questions: Any = None) -> None:
    """The process: run each ``(function, args)`` received, answer "" or the error;
    leave on ``None`` or when the window's end of the pipe closes. ``questions`` are
    answered meanwhile by another thread (see :func:`_answer`)."""
    if questions is not None:
        threading.Thread(target=_answer, args=(questions,), daemon=True).start()
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


def _answer(questions: Any) -> None:
    """The process's second thread: send back ``("", function(*args))`` or
    ``(error, None)`` for each ``(function, args)`` received."""
    while True:
        try:
            function, args = questions.recv()
        except (EOFError, OSError, TypeError):
            return
        try:
            questions.send(("", function(*args)))
        except (EOFError, OSError):
            return
        except Exception as exc:  # told to the window, which logs it
            questions.send((f"{type(exc).__name__}: {exc}", None))


class TrainingWorker:
    """A reusable training process (see the module docstring). Safe to call from
    worker threads; one task runs at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one task at a time
        self._asking = threading.Lock()  # one question at a time
        self._starting = threading.Lock()
        self._process: Any = None
        self._pipe: Any = None
        self._questions: Any = None
        self._closed = False  # closed: questions are refused (no new process for them)

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

    def ask(self, function: Callable[..., Any], args: tuple[object, ...]) -> Any:
        """``function(*args)`` (module-level, quick) computed in the process, even while a
        task runs there; the process is started when there is none. Raises
        TrainingFailed when the function failed or the process ended meanwhile."""
        from readinglist.core.ranking.process import TrainingFailed  # loads numpy: not before

        with self._asking:
            if self._closed:
                raise TrainingFailed("the ranking process was closed")
            self._start()
            questions = self._questions
            try:
                questions.send((function, args))
                error, answer = questions.recv()
            except (EOFError, OSError, AttributeError) as exc:  # stopped meanwhile (Cancel)
                raise TrainingFailed("the ranking process ended") from exc
        if error:
            raise TrainingFailed(error)
        return answer

    def close(self) -> None:
        """End the process (a task under way is stopped: the caller cancels it first);
        questions asked from now on are refused."""
        self._closed = True
        self._stop()

    def _start(self) -> None:
        """Start the process unless it runs."""
        with self._starting:
            if self.pid is not None:
                return
            context = multiprocessing.get_context("spawn")
            mine, theirs = context.Pipe(duplex=True)
            asked, answers = context.Pipe(duplex=True)
            process = context.Process(
                target=_serve, args=(theirs, answers), name="readinglist-training", daemon=True
            )
            process.start()
            theirs.close()
            answers.close()
            self._process, self._pipe, self._questions = process, mine, asked

    def _stop(self) -> None:
        with self._starting:
            process, pipe, questions = self._process, self._pipe, self._questions
            self._process = self._pipe = self._questions = None
        if process is None:
            return
        process.terminate()
        process.join(JOIN_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        pipe.close()
        questions.close()
