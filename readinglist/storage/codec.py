"""How values are written to and read back from the database's text columns."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

JSON_FIELDS = ("authors", "links", "extra")


def now_iso() -> str:
    """The current UTC time as stored in the database."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def dump(value: Any) -> str:
    """``value`` as the compact JSON text stored in a column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_row(row: sqlite3.Row) -> dict[str, Any]:
    """A ``papers`` row as a dict, its JSON columns decoded."""
    data = dict(row)
    for name in JSON_FIELDS:
        data[name] = json.loads(data[name])
    return data
