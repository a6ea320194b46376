"""The Inbox: what arrived since the user's last visit, minus what a rule hid.

The query lives in ``storage.rules_db``: the papers added since the visit minus a list of
exclusions (hidden by a rule, dismissed); another exclusion is one more line there.
"""

from __future__ import annotations

from readinglist.storage import codec, rules_db
from readinglist.storage.db import Database

LAST_VISIT = "inbox_visited_at"


def last_visit(db: Database) -> str:
    """When the user last left the inbox (as the database writes times)."""
    return rules_db.get_meta(db.connection, LAST_VISIT, "")


def inbox_ids(db: Database) -> list[int]:
    """The papers of the inbox, newest first."""
    with db.snapshot() as conn:
        return rules_db.inbox_ids(conn, rules_db.get_meta(conn, LAST_VISIT, ""))


def inbox_count(db: Database) -> int:
    """How many papers the inbox holds (cheap: nothing is listed)."""
    with db.snapshot() as conn:
        return rules_db.inbox_count(conn, rules_db.get_meta(conn, LAST_VISIT, ""))


def visit(db: Database, when: str | None = None) -> None:
    """Mark the inbox seen: only papers arriving after ``when`` (default now) show next."""
    with db.transaction() as conn:
        rules_db.set_meta(conn, LAST_VISIT, when or codec.now_iso())
