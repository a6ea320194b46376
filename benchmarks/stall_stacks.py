"""What the GUI thread (and every other thread) was doing while the window stalled.

A 2 ms timer on the GUI thread stamps the time of each turn of the event loop; a watchdog
thread looks every 5 ms, and while the last stamp is older than ``late_ms`` it samples the
stack of every thread of the process. ``report()`` prints the stacks seen most often during
stalls: the GUI thread's own (what it was busy with) and the others' (who else was running
Python, i.e. holding the interpreter lock the GUI thread waited for). Another thread's
stack is only counted when that thread used CPU during the stall (its ticks in
``/proc/self/task/TID/stat``): a thread blocked in a C call (reading a pipe, waiting for a
socket) shows the Python line it called from but holds no lock, and is left out. Full
garbage collections are counted through ``gc.callbacks`` with their durations.
``quiet()`` leaves out a stretch the caller does not want measured (its own bookkeeping).
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
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
        self.skipped = 0  # samples of threads that used no CPU during their stall
        self._gc_started = 0.0
        self._last = time.perf_counter()
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self._quiet = threading.Event()
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

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """No samples while the block runs (nor for the stall it ends in)."""
        self._quiet.set()
        try:
            yield
        finally:
            self._last = time.perf_counter()
            self._quiet.clear()

    def _tick(self) -> None:
        self._last = time.perf_counter()

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif info.get("generation") == 2:
            self.collections.append((2, (time.perf_counter() - self._gc_started) * 1000))

    def _watch(self) -> None:
        pending: list[tuple[int, str, str]] = []  # this stall's samples: (thread, who, where)
        ticks: dict[int, int] = {}  # every thread's CPU ticks when the stall began
        while not self._stop.wait(0.005):
            if self._quiet.is_set() or time.perf_counter() - self._last < self.late:
                self._settle(pending, ticks)
                continue
            threads = {t.ident: t for t in threading.enumerate()}
            if not pending:
                ticks = _cpu_ticks()
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)[-self.depth :]
                if ident != self._gui and stack and stack[-1].name in _IDLE:
                    continue  # a thread waiting holds no lock: not the culprit
                thread = threads.get(ident)
                who = "GUI" if ident == self._gui else (thread.name if thread else str(ident))
                where = " <- ".join(
                    f"{f.name} ({f.filename.rsplit('/', 1)[-1]}:{f.lineno})"
                    for f in reversed(stack)
                )
                pending.append((ident, who, where))
        self._settle(pending, ticks)

    def _settle(self, pending: list[tuple[int, str, str]], ticks: dict[int, int]) -> None:
        """The stall is over: count its samples of the GUI thread and of the threads that
        used CPU meanwhile. Threads Python did not start (Qt's pool) have no known id:
        theirs count when any such thread used CPU (and all count without ``/proc``)."""
        if not pending:
            return
        now = _cpu_ticks()
        ran = {tid for tid, used in now.items() if used > ticks.get(tid, -1)}
        known = {t.ident: t.native_id for t in threading.enumerate()}
        foreign_ran = bool(ran - set(known.values()))
        for ident, who, where in pending:
            native = known.get(ident)
            used = foreign_ran if native is None else native in ran
            if ident == self._gui or used or not now:
                self.samples[(who, where)] += 1
            else:
                self.skipped += 1
        pending.clear()

    def report(self, top: int = 12) -> str:
        """The most frequent stacks during stalls (one sample = 5 ms), and full gcs."""
        late = f"{self.late * 1000:.0f} ms"
        lines = [f"  stall samples (every 5 ms while the GUI thread was > {late} late):"]
        for (who, where), count in self.samples.most_common(top):
            lines.append(f"    {count:4d} x {who}: {where}")
        if self.skipped:
            lines.append(f"    (and {self.skipped} samples of threads blocked in a C call: no CPU)")
        if self.collections:
            longest = max(ms for _, ms in self.collections)
            lines.append(
                f"  full gc collections: {len(self.collections)}, longest {longest:.0f} ms"
            )
        return "\n".join(lines)


def _cpu_ticks() -> dict[int, int]:
    """CPU ticks (user + system) each thread of this process used so far, by its native
    id; empty where ``/proc`` does not say (not Linux)."""
    found: dict[int, int] = {}
    for task in Path("/proc/self/task").glob("*"):
        try:
            stat = (task / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # the thread ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()  # after the thread's name (may hold spaces)
        found[int(task.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    return found
