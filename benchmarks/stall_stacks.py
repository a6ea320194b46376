"""What the GUI thread (and every other thread) was doing while the window stalled.

A 2 ms timer on the GUI thread stamps the time of each turn of the event loop; a watchdog
thread looks every 5 ms, and while the last stamp is older than ``late_ms`` it samples the
stack of every thread of the process. ``report()`` prints the stacks seen most often during
stalls: the GUI thread's own (what it was busy with) and the others' (who else was running
Python, i.e. holding the interpreter lock the GUI thread waited for). Full garbage
collections are counted through ``gc.callbacks`` with their durations.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections import Counter
from typing import Any

from PySide6.QtCore import QTimer

_IDLE = ("wait", "select", "_wait_for_tstate_lock", "acquire", "sleep", "get", "poll")


class StallStacks:
    """Samples stacks of all threads while the GUI thread is late; see the module doc."""

    def __init__(self, late_ms: float = 30.0, depth: int = 6) -> None:
        self.late = late_ms / 1000
        self.depth = depth
        self.samples: Counter[tuple[str, str]] = Counter()
        self.collections: list[tuple[int, float]] = []  # (generation, ms)
        self._gc_started = 0.0
        self._last = time.perf_counter()
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self._timer = QTimer(interval=2)
        self._timer.timeout.connect(self._tick)
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)

    def start(self) -> None:
        """Begin watching (call on the GUI thread)."""
        self._last = time.perf_counter()
        self._timer.start()
        gc.callbacks.append(self._on_gc)
        self._watchdog.start()

    def stop(self) -> None:
        """Stop watching."""
        self._stop.set()
        self._timer.stop()
        self._watchdog.join()
        gc.callbacks.remove(self._on_gc)

    def _tick(self) -> None:
        self._last = time.perf_counter()

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif info.get("generation") == 2:
            self.collections.append((2, (time.perf_counter() - self._gc_started) * 1000))

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            if time.perf_counter() - self._last < self.late:
                continue
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)[-self.depth :]
                if ident != self._gui and stack and stack[-1].name in _IDLE:
                    continue  # a thread waiting holds no lock: not the culprit
                who = "GUI" if ident == self._gui else names.get(ident, str(ident))
                where = " <- ".join(
                    f"{f.name} ({f.filename.rsplit('/', 1)[-1]}:{f.lineno})"
                    for f in reversed(stack)
                )
                self.samples[(who, where)] += 1

    def report(self, top: int = 12) -> str:
        """The most frequent stacks during stalls (one sample = 5 ms), and full gcs."""
        late = f"{self.late * 1000:.0f} ms"
        lines = [f"  stall samples (every 5 ms while the GUI thread was > {late} late):"]
        for (who, where), count in self.samples.most_common(top):
            lines.append(f"    {count:4d} x {who}: {where}")
        if self.collections:
            longest = max(ms for _, ms in self.collections)
            lines.append(
                f"  full gc collections: {len(self.collections)}, longest {longest:.0f} ms"
            )
        return "\n".join(lines)
