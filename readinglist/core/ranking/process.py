"""Training in a separate process that can be stopped: the window's Cancel ends the
process at once. Nothing is left half-written: ``train_library`` names its new files in
``state.json`` last and atomically, so a killed training leaves the previous models in
use (and its orphan files are removed by the next training)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

from readinglist.core.ranking.training import Signals, train_library

POLL_SECONDS = 0.05  # how often the waiting thread looks at the Cancel flag


class TrainingFailed(RuntimeError):
    """The training process failed; the message says why."""


def _run(function: Callable[..., object], args: tuple[object, ...], report: object) -> None:
    """The child process: run ``function(*args)``, then report "" (done) or the error."""
    try:
        function(*args)
    except Exception as exc:  # sent to the parent, which raises it as TrainingFailed
        report.send(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]
    else:
        report.send("")  # type: ignore[attr-defined]


def train_in_process(
    directory: Path,
    paper_ids: list[int],
    signals: Signals,
    cancel: threading.Event | None = None,
) -> bool:
    """Train in a spawned process; True when it finished, False when ``cancel`` was set
    first (the process is then terminated). Raises TrainingFailed."""
    return run_in_process(train_library, (directory, paper_ids, signals), cancel)


def run_in_process(
    function: Callable[..., object],
    args: tuple[object, ...],
    cancel: threading.Event | None = None,
) -> bool:
    """Run ``function(*args)`` (a module-level function) in a spawned process; True when
    it finished, False when ``cancel`` was set first (the process is then terminated).
    Raises TrainingFailed."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(function, args, send), name="readinglist-training")
    process.start()
    send.close()
    try:
        while True:
            if cancel is not None and cancel.is_set():  # looked at first: Cancel wins
                process.terminate()
                return False
            if receive.poll(POLL_SECONDS):  # a report, or the end of a process that died
                break
        error = receive.recv()
    except EOFError as exc:
        raise TrainingFailed(f"the training process ended ({process.exitcode})") from exc
    finally:
        process.join()
        receive.close()
    if error:
        raise TrainingFailed(error)
    return True
