"""Schema step: rules get a name (shown in the Rules dialog, the highlight tooltip and
notifications, carried by OPML). A rule without one is called by its query; a highlight
rule that carried a label in its argument (the name it was shown by) keeps it as its name.
"""

from __future__ import annotations

import sqlite3

_STATEMENTS = (
    "ALTER TABLE rules ADD COLUMN name TEXT NOT NULL DEFAULT ''",
    "UPDATE rules SET name = argument WHERE action = 'highlight' AND argument != ''",
)


def add_rule_names(conn: sqlite3.Connection) -> None:
    """Add ``rules.name`` (empty: the rule is called by its query)."""
    for statement in _STATEMENTS:
        conn.execute(statement)
