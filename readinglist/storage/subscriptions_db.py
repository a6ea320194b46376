"""Subscriptions and the periods each one fetched (``subscriptions``, ``subscription_fetches``)."""

from __future__ import annotations

import sqlite3
from typing import Any

from readinglist.domain.subscriptions import Subscription
from readinglist.storage.records import inserted_id, record_from_row

_FIELDS = (
    "id, name, kind, target, interval_hours, enabled, created_at, last_fetch, last_success, "
    "last_new_at, longest_gap_hours, papers_new, last_error, failures, next_attempt"
)
# Columns a fetch may update (never the name, kind or target).
STATE_COLUMNS = frozenset(
    {
        "validator_url",
        "etag",
        "last_modified",
        "last_fetch",
        "last_success",
        "last_new_at",
        "longest_gap_hours",
        "papers_new",
        "last_error",
        "failures",
        "next_attempt",
        "enabled",
        "interval_hours",
    }
)


def _subscription(row: sqlite3.Row) -> Subscription:
    return record_from_row(Subscription, row, flags=("enabled",))


def insert_subscription(
    conn: sqlite3.Connection, name: str, kind: str, target: str, interval_hours: int, now: str
) -> int:
    """Add a subscription; return its id (sqlite3.IntegrityError for a name in use)."""
    return inserted_id(
        conn,
        """INSERT INTO subscriptions (name, kind, target, interval_hours, created_at)
           VALUES (?, ?, ?, ?, ?)""",
        (name, kind, target, interval_hours, now),
    )


def list_subscriptions(conn: sqlite3.Connection) -> list[Subscription]:
    """Every subscription, by name."""
    rows = conn.execute(f"SELECT {_FIELDS} FROM subscriptions ORDER BY name COLLATE NOCASE")
    return [_subscription(row) for row in rows]


def find_subscription(conn: sqlite3.Connection, name_or_id: str | int) -> Subscription | None:
    """A subscription by id or by name (case-insensitive)."""
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        row = conn.execute(
            f"SELECT {_FIELDS} FROM subscriptions WHERE id = ?", (int(name_or_id),)
        ).fetchone()
        if row is not None:
            return _subscription(row)
    row = conn.execute(
        f"SELECT {_FIELDS} FROM subscriptions WHERE name = ? COLLATE NOCASE", (str(name_or_id),)
    ).fetchone()
    return _subscription(row) if row else None


def delete_subscription(conn: sqlite3.Connection, subscription_id: int) -> None:
    """Forget a subscription (its digests and papers stay)."""
    conn.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))


def validators(conn: sqlite3.Connection, subscription_id: int) -> tuple[str | None, ...]:
    """(URL, ETag, Last-Modified) of the last answer, for a conditional GET."""
    row = conn.execute(
        "SELECT validator_url, etag, last_modified FROM subscriptions WHERE id = ?",
        (subscription_id,),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def update_state(conn: sqlite3.Connection, subscription_id: int, **values: Any) -> None:
    """Set some of the state columns of one subscription."""
    unknown = set(values) - STATE_COLUMNS
    if unknown:
        raise ValueError(f"not a subscription state column: {sorted(unknown)}")
    if not values:
        return
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(
        f"UPDATE subscriptions SET {assignments} WHERE id = ?",
        (*values.values(), subscription_id),
    )


def record_period(
    conn: sqlite3.Connection,
    subscription_id: int,
    period: str,
    digest_id: int | None,
    new_count: int,
    now: str,
    *,
    complete: bool,
) -> None:
    """Note that a period (a day, a date range, or ``latest``) was fetched."""
    conn.execute(
        """INSERT INTO subscription_fetches
               (subscription_id, period, digest_id, fetched_at, new_count, complete)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (subscription_id, period) DO UPDATE SET
               digest_id = coalesce(excluded.digest_id, digest_id),
               fetched_at = excluded.fetched_at,
               new_count = new_count + excluded.new_count,
               complete = excluded.complete""",
        (subscription_id, period, digest_id, now, new_count, int(complete)),
    )


def complete_periods(conn: sqlite3.Connection, subscription_id: int) -> set[str]:
    """The periods fetched for good (a finished day is not fetched again)."""
    rows = conn.execute(
        "SELECT period FROM subscription_fetches WHERE subscription_id = ? AND complete = 1",
        (subscription_id,),
    )
    return {row[0] for row in rows}


def subscription_digest_ids(conn: sqlite3.Connection, subscription_id: int) -> list[int]:
    """The digests a subscription's fetches became, newest first."""
    rows = conn.execute(
        """SELECT DISTINCT digest_id FROM subscription_fetches
           WHERE subscription_id = ? AND digest_id IS NOT NULL ORDER BY digest_id DESC""",
        (subscription_id,),
    )
    return [row[0] for row in rows]


def digest_owners(conn: sqlite3.Connection, digest_ids: list[int]) -> dict[int, set[int]]:
    """For each digest: the subscriptions whose fetches it came from."""
    owners: dict[int, set[int]] = {}
    if not digest_ids:
        return owners
    marks = ",".join("?" * len(digest_ids))
    rows = conn.execute(
        f"""SELECT digest_id, subscription_id FROM subscription_fetches
            WHERE digest_id IN ({marks})""",
        digest_ids,
    )
    for digest_id, subscription_id in rows:
        owners.setdefault(digest_id, set()).add(subscription_id)
    return owners


def unseen_counts(conn: sqlite3.Connection, since: str) -> dict[int, int]:
    """Per subscription: its papers that were added to the library after ``since``."""
    rows = conn.execute(
        """SELECT f.subscription_id, count(DISTINCT p.id)
           FROM subscription_fetches f
           JOIN paper_digests pd ON pd.digest_id = f.digest_id
           JOIN papers p ON p.id = pd.paper_id
           WHERE p.added > ?
           GROUP BY f.subscription_id""",
        (since,),
    )
    return {row[0]: row[1] for row in rows}
