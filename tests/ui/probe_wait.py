"""What the window probes share: scripts the tests run in a fresh interpreter, to see what
the window process loads (they drive the window without pytest-qt)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from readinglist.core.library import Library

WAIT_SECONDS = 240  # a training process on a busy machine


def wait_until(app: QApplication, condition: Callable[[], bool]) -> None:
    """Run the event loop until ``condition`` holds (TimeoutError after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there")
        app.processEvents()
        time.sleep(0.005)


def answer_and_close(window: QWidget, library: Library, **answer: object) -> dict[str, object]:
    """``answer`` with the scikit-learn modules this process loaded; the window and the
    library closed."""
    answer["sklearn"] = sorted(m for m in sys.modules if m.split(".")[0] == "sklearn")[:3]
    window.close()
    library.close()
    return answer
