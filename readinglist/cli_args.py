"""Argument types of the command line.

Every whole-number argument (paper and digest ids, limits) goes through
:func:`positive_int`, so a number SQLite cannot hold is a usage error, never an
``OverflowError`` from deep inside a query. ``--data-dir`` takes :func:`folder_name`, so an
empty one (``--data-dir "$LIB"`` with ``LIB`` unset) is a usage error instead of quietly
opening the user's own library.
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


def folder_name(text: str) -> str:
    """An argparse ``type``: a folder's name, not empty (nor only white space)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"give a folder (got {text!r})")
    return text
