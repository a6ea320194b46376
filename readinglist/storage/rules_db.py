"""Rules, what each already did (``rules``, ``rule_applications``) and the inbox query."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from readinglist.domain.subscriptions import HIDE, HIGHLIGHT, Rule
from readinglist.storage.annotations import NOT_DISMISSED_SQL
from readinglist.storage.records import inserted_id, record_from_row

_FIELDS = "id, query, action, argument, subscription_id, enabled, position, name"


def _rule(row: sqlite3.Row, besides: tuple[str, ...] = ()) -> Rule:
    return record_from_row(Rule, row, flags=("enabled",), besides=besides)


def insert_rule(
    conn: sqlite3.Connection,
    query: str,
    action: str,
    argument: str,
    subscription_id: int | None,
    name: str = "",
) -> int:
    """Add a rule after the others; return its id."""
    position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM rules").fetchone()[0]
    return inserted_id(
        conn,
        """INSERT INTO rules (query, action, argument, subscription_id, position, name)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (query, action, argument, subscription_id, position, name),
    )


def list_rules(conn: sqlite3.Connection) -> list[Rule]:
    """Every rule, in the order they apply."""
    rows = conn.execute(f"SELECT {_FIELDS} FROM rules ORDER BY position, id")
    return [_rule(row) for row in rows]


def delete_rule(conn: sqlite3.Connection, rule_id: int) -> bool:
    """Remove a rule (what it hid or highlighted is shown plainly again)."""
    return conn.execute("DELETE FROM rules WHERE id = ?", (rule_id,)).rowcount > 0


def already_applied(conn: sqlite3.Connection, rule_id: int, paper_ids: Iterable[int]) -> set[int]:
    """The papers among ``paper_ids`` this rule has acted on before."""
    ids = list(paper_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT paper_id FROM rule_applications WHERE rule_id = ? AND paper_id IN ({marks})",
            (rule_id, *chunk),
        )
        found.update(row[0] for row in rows)
    return found


def record_applications(
    conn: sqlite3.Connection, rule_id: int, paper_ids: Iterable[int], now: str
) -> None:
    """Note that a rule acted on these papers."""
    conn.executemany(
        "INSERT OR IGNORE INTO rule_applications (rule_id, paper_id, applied_at) VALUES (?, ?, ?)",
        [(rule_id, pid, now) for pid in paper_ids],
    )


def marked_ids(conn: sqlite3.Connection, action: str) -> set[int]:
    """Papers an enabled hide (or highlight) rule acted on."""
    if action not in (HIDE, HIGHLIGHT):
        raise ValueError(action)
    rows = conn.execute(
        """SELECT DISTINCT ra.paper_id FROM rule_applications ra
           JOIN rules r ON r.id = ra.rule_id WHERE r.action = ? AND r.enabled = 1""",
        (action,),
    )
    return {row[0] for row in rows}


def highlighting_rules(conn: sqlite3.Connection) -> dict[int, list[Rule]]:
    """Each highlighted paper's enabled highlight rules, in the order they apply."""
    rows = conn.execute(
        f"""SELECT ra.paper_id, {", ".join("r." + f for f in _FIELDS.split(", "))}
            FROM rule_applications ra JOIN rules r ON r.id = ra.rule_id
            WHERE r.action = ? AND r.enabled = 1 ORDER BY r.position, r.id""",
        (HIGHLIGHT,),
    )
    found: dict[int, list[Rule]] = {}
    for row in rows:
        found.setdefault(row["paper_id"], []).append(_rule(row, besides=("paper_id",)))
    return found


def marked_by_rule(conn: sqlite3.Connection, rule_id: int) -> set[int]:
    """The papers a hide or highlight rule acted on (they look different because of it);
    none for the other actions, whose effects stay when the rule goes."""
    rows = conn.execute(
        """SELECT ra.paper_id FROM rule_applications ra JOIN rules r ON r.id = ra.rule_id
           WHERE r.id = ? AND r.action IN (?, ?)""",
        (rule_id, HIDE, HIGHLIGHT),
    )
    return {row[0] for row in rows}


def marked_by_rules_of(conn: sqlite3.Connection, subscription_id: int) -> set[int]:
    """:func:`marked_by_rule` for every rule of one subscription."""
    rows = conn.execute("SELECT id FROM rules WHERE subscription_id = ?", (subscription_id,))
    return {pid for (rule_id,) in rows.fetchall() for pid in marked_by_rule(conn, rule_id)}


def get_meta(conn: sqlite3.Connection, name: str, default: str) -> str:
    """A value kept in ``meta``."""
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return str(row[0]) if row else default


def set_meta(conn: sqlite3.Connection, name: str, value: str) -> None:
    """Keep a value in ``meta``."""
    conn.execute(
        "INSERT INTO meta (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def digests_after(conn: sqlite3.Connection, digest_id: int) -> list[int]:
    """Digests imported after ``digest_id``, oldest first."""
    rows = conn.execute("SELECT id FROM digests WHERE id > ? ORDER BY id", (digest_id,))
    return [row[0] for row in rows]


def digest_paper_ids(conn: sqlite3.Connection, digest_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each digest's papers."""
    held: dict[int, list[int]] = {}
    for digest_id in digest_ids:
        rows = conn.execute(
            "SELECT paper_id FROM paper_digests WHERE digest_id = ? ORDER BY position",
            (digest_id,),
        )
        held[digest_id] = [row[0] for row in rows]
    return held


# The inbox: the papers that arrived since the last visit, minus the papers each of these
# queries names (add one line to take more papers out of the inbox).
_INBOX_EXCLUSIONS = (
    """SELECT ra.paper_id FROM rule_applications ra JOIN rules r ON r.id = ra.rule_id
       WHERE r.action = 'hide' AND r.enabled = 1""",
    # "Not interested" (issue 18) takes a paper out of the inbox.
    f"SELECT a.paper_id FROM annotations a WHERE NOT ({NOT_DISMISSED_SQL})",
)
_EXCLUDED = " UNION ".join(_INBOX_EXCLUSIONS)


def inbox_ids(conn: sqlite3.Connection, since: str) -> list[int]:
    """Papers that arrived after ``since``, not hidden by a rule nor dismissed, newest
    first."""
    rows = conn.execute(
        f"""SELECT p.id FROM papers p WHERE p.added > :since AND p.id NOT IN ({_EXCLUDED})
            ORDER BY p.added DESC, p.id DESC""",
        {"since": since},
    )
    return [row[0] for row in rows]


def inbox_count(conn: sqlite3.Connection, since: str) -> int:
    """How many papers :func:`inbox_ids` lists, counted without listing them: the papers
    that arrived (a count over the ``added`` index) minus the excluded ones among them
    (as few as the user hid or dismissed), so it stays cheap in a library of 100k new
    papers."""
    arrived = conn.execute("SELECT count(*) FROM papers WHERE added > ?", (since,)).fetchone()
    excluded = conn.execute(
        f"""SELECT count(*) FROM ({_EXCLUDED}) AS x JOIN papers p ON p.id = x.paper_id
            WHERE p.added > ?""",
        (since,),
    ).fetchone()
    return int(arrived[0]) - int(excluded[0])
