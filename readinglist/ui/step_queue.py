"""One heavy step at a time off the GUI thread, and what was asked meanwhile in order.

:class:`~readinglist.ui.edits.Edits` runs heavy undos and redos (papers removed by the
thousand coming back) and marks written for thousands of papers in a thread; a change, undo
or redo asked while one runs waits in a queue (the window keeps answering) and runs when it
has finished, so the undo stack stays in the order the user acted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, SignalInstance

Action = Callable[[], object]


class Step(Protocol):
    """Work running in a thread: ``finished`` carries ``result`` once it is done."""

    finished: SignalInstance
    result: object | None

    def start(self) -> None: ...

    def wait(self) -> object: ...

    def deleteLater(self) -> None: ...  # noqa: N802


class StepQueue(QObject):
    """The step running (if any) and the queue of what waits for it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._step: Step | None = None
        self._when_done: Callable[[object], None] = lambda _result: None
        # What was asked while a step ran in the background, in order: Ctrl+Z (True),
        # redo (False) or a change (None), and what does it.
        self._queued: list[tuple[bool | None, Action]] = []

    @property
    def busy(self) -> bool:
        """True while a heavy change, undo or redo runs in the background."""
        return self._step is not None

    def wait(self) -> None:
        """Let the step running in the background (and those asked meanwhile) finish
        first: every other change waits for it, so the stack stays in order."""
        while self._step is not None:
            self._step.wait()
            self._finish()

    def _run(self, step: Step, done: Callable[[object], None]) -> None:
        """Start ``step``; ``done(result)`` on the GUI thread when it has finished."""
        step.finished.connect(self._on_step_finished, Qt.ConnectionType.QueuedConnection)
        self._step, self._when_done = step, done
        step.start()

    def _on_step_finished(self, result: object) -> None:
        if self._step is not None and self._step.result is result:  # not done by wait()
            self._finish()

    def _finish(self) -> None:
        """The background step is done: report it, then run what waited for it."""
        step, done = self._step, self._when_done
        assert step is not None and step.result is not None
        self._step = None
        step.deleteLater()
        done(step.result)
        self._run_queued()

    def _later(self, action: Action, *, undoing: bool | None = None) -> bool:
        """While a step runs in the background, queue ``action`` behind it (and behind
        what was asked before) instead of waiting for it; True when queued."""
        if self._step is None:
            return False
        self._queued.append((undoing, action))
        return True

    def _run_queued(self) -> None:
        """Run what was queued, in order, until a queued action starts a step itself."""
        while self._queued and self._step is None:
            undoing, action = self._queued.pop(0)
            self._run_one(undoing, action)

    def _run_one(self, undoing: bool | None, action: Action) -> None:
        action()

    def _drop_steps(self) -> None:
        """Something failed: the undos and redos asked after it would act on the wrong
        step, so they are dropped; the changes queued are still made."""
        self._queued = [(undoing, action) for undoing, action in self._queued if undoing is None]
