"""Argument types of the command line.

Every whole-number argument (paper and digest ids, limits) goes through
:func:`positive_int`, so a number SQLite cannot hold is a usage error, never an
``OverflowError`` from deep inside a query.
"""

from __future__ import annotations

import argparse

SQLITE_MAX_INTEGER = 2**63 - 1
_SHOWN = 40  # characters of a rejected argument repeated in the message


def positive_int(text: str) -> int:
    """An argparse ``type``: a whole number from 1 to SQLite's largest integer."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 1 <= value <= SQLITE_MAX_INTEGER:
        shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to {SQLITE_MAX_INTEGER} (got {shown!r})"
        )
    return value
