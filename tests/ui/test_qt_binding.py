"""Guards against a Qt binding that mis-counts references to None (PySide6 6.12.0 on
Python 3.11 crashed the app after a few thousand signals to slots returning None)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal(int)


def test_many_signals_to_python_slots_are_safe(qtbot) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.ping.connect(received.append)  # returns None, like nearly every slot
    for n in range(20_000):
        emitter.ping.emit(n)
    assert len(received) == 20_000
