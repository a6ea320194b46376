"""Imported text shown in its own order.

Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) in an
imported title reorder the text after them: a hostile digest can show a title backwards, or
make one read as another. On screen they show as U+FFFD, as on the command line; the library
keeps the text exactly (exports write it as stored).
"""

from __future__ import annotations

_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd")


def in_order(text: str) -> str:
    """``text`` with its bidirectional controls shown as U+FFFD (ASCII text as it is)."""
    return text if text.isascii() else text.translate(_CONTROLS)
