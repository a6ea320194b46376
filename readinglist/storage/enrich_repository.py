"""SQL of paper completion (issue 20): the answer cache, and the journal that undoes a run.

A journal entry holds a paper's stored state (its row, annotations, tags and digests)
just before and just after one enrichment step, written in the step's own transaction.
Undo puts back the "before" part by part, but only where the paper still is as the step
left it: whatever changed later (a note, a tag, another import) is kept.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from readinglist.domain.identity import paper_key
from readinglist.storage.codec import now_iso
from readinglist.storage.papers import free_key
from readinglist.storage.tags import add_tag

Snapshot = dict[str, Any]
_PARTS = ("annotation", "tags", "digests")


# ------------------------------------------------------------------------------ cache


def cached_answer(conn: sqlite3.Connection, url: str, not_before: str) -> bytes | None:
    """The body a service gave for ``url`` at or after ``not_before``, if kept."""
    row = conn.execute(
        "SELECT body FROM enrich_cache WHERE url = ? AND fetched_at >= ?", (url, not_before)
    ).fetchone()
    return str(row[0]).encode("utf-8") if row else None


def keep_answer(conn: sqlite3.Connection, url: str, body: bytes) -> None:
    """Remember a service's answer for ``url`` (UTF-8 text: JSON or XML; the backup
    checker accepts only text). An answer that is not UTF-8 is not kept."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    conn.execute(
        "INSERT OR REPLACE INTO enrich_cache (url, body, fetched_at) VALUES (?, ?, ?)",
        (url, text, now_iso()),
    )


# ----------------------------------------------------------------------------- papers


def paper_row(conn: sqlite3.Connection, paper_id: int) -> dict[str, Any] | None:
    """A paper's stored fields, its JSON columns decoded; None when there is no such paper."""
    row = conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row is None:
        return None
    data = dict(row)
    for name in ("authors", "links", "extra"):
        data[name] = json.loads(data[name])
    return data


def digest_days(conn: sqlite3.Connection, paper_id: int, formats: Sequence[str]) -> list[str]:
    """The dates of the paper's digests in ``formats`` (Daily Papers pages), newest first."""
    marks = ",".join("?" * len(formats))
    rows = conn.execute(
        f"""SELECT DISTINCT d.digest_date FROM paper_digests pd JOIN digests d
            ON d.id = pd.digest_id WHERE pd.paper_id = ? AND d.digest_date IS NOT NULL
            AND d.format IN ({marks}) ORDER BY d.digest_date DESC""",
        (paper_id, *formats),
    )
    return [row[0] for row in rows]


def digest_paper_ids(conn: sqlite3.Connection, digest_id: int) -> list[int]:
    """The papers of a digest, in the digest's order."""
    rows = conn.execute(
        "SELECT paper_id FROM paper_digests WHERE digest_id = ? ORDER BY position", (digest_id,)
    )
    return [row[0] for row in rows]


def forget_answers(conn: sqlite3.Connection, before: str) -> int:
    """Drop answers fetched before ``before`` (no longer used); return how many."""
    return conn.execute("DELETE FROM enrich_cache WHERE fetched_at < ?", (before,)).rowcount


# ---------------------------------------------------------------------------- journal


def new_run(conn: sqlite3.Connection) -> int:
    """Start a journal for one enrichment; return its id."""
    cursor = conn.execute("INSERT INTO enrich_runs (started_at) VALUES (?)", (now_iso(),))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def drop_run(conn: sqlite3.Connection, run_id: int) -> None:
    """Forget a run that changed nothing."""
    conn.execute("DELETE FROM enrich_runs WHERE id = ?", (run_id,))


def record_step(
    conn: sqlite3.Connection,
    run_id: int,
    step: int,
    before: dict[int, Snapshot],
    after: dict[int, Snapshot],
) -> None:
    """Journal the papers one step changed, with their state before and after it."""
    conn.executemany(
        """INSERT INTO enrich_changes (run_id, step, paper_id, before, after)
           VALUES (?, ?, ?, ?, ?)""",
        ((run_id, step, pid, json.dumps(before[pid]), json.dumps(after[pid])) for pid in before),
    )


def last_run(conn: sqlite3.Connection) -> int | None:
    """The newest enrichment that changed papers and was not undone yet."""
    row = conn.execute(
        """SELECT r.id FROM enrich_runs r WHERE r.undone_at IS NULL
             AND EXISTS (SELECT 1 FROM enrich_changes c WHERE c.run_id = r.id)
           ORDER BY r.id DESC LIMIT 1"""
    ).fetchone()
    return int(row[0]) if row else None


def run_pending(conn: sqlite3.Connection, run_id: int) -> bool:
    """True when run ``run_id`` exists and was not undone yet."""
    row = conn.execute(
        "SELECT 1 FROM enrich_runs WHERE id = ? AND undone_at IS NULL", (run_id,)
    ).fetchone()
    return row is not None


def run_changes(conn: sqlite3.Connection, run_id: int) -> list[tuple[int, Snapshot, Snapshot]]:
    """(paper id, before, after) of a run, newest step first."""
    rows = conn.execute(
        "SELECT paper_id, before, after FROM enrich_changes WHERE run_id = ? "
        "ORDER BY step DESC, id DESC",
        (run_id,),
    )
    return [(row[0], json.loads(row[1]), json.loads(row[2])) for row in rows]


def mark_undone(conn: sqlite3.Connection, run_id: int) -> None:
    conn.execute("UPDATE enrich_runs SET undone_at = ? WHERE id = ?", (now_iso(), run_id))


# -------------------------------------------------------------------------- snapshots


def snapshot(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> dict[int, Snapshot]:
    """Each paper's stored state: its row (None once deleted), annotations, tags, digests."""
    states: dict[int, Snapshot] = {}
    for pid in paper_ids:
        row = conn.execute("SELECT * FROM papers WHERE id = ?", (pid,)).fetchone()
        note = conn.execute("SELECT * FROM annotations WHERE paper_id = ?", (pid,)).fetchone()
        tags = conn.execute(
            """SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
               WHERE pt.paper_id = ? ORDER BY t.name""",
            (pid,),
        )
        digests = conn.execute(
            """SELECT digest_id, position, announce_type FROM paper_digests
               WHERE paper_id = ? ORDER BY digest_id""",
            (pid,),
        )
        states[pid] = {
            "paper": dict(row) if row else None,
            "annotation": dict(note) if note else None,
            "tags": [r[0] for r in tags],
            "digests": [list(r) for r in digests],
        }
    return states


def restore(conn: sqlite3.Connection, changes: Sequence[tuple[int, Snapshot, Snapshot]]) -> int:
    """Put back each paper's "before" state wherever it is still as the step left it:
    field by field for the paper's row, part by part for annotations, tags and digests.

    Rows are updated first and re-created after (a merged paper gives its DOI back to
    the paper it was merged into before it exists again). Returns the papers restored.
    """
    restored: set[int] = set()
    current = snapshot(conn, {pid for pid, _, _ in changes})
    for pid, before, after in changes:
        now, was, then = current[pid]["paper"], before["paper"], after["paper"]
        if now is None or then is None:
            continue
        if was is None:
            if now == then:
                conn.execute("DELETE FROM papers WHERE id = ?", (pid,))
                current[pid]["paper"] = None
                restored.add(pid)
            continue
        columns = [c for c in was if was[c] != then.get(c) and now.get(c) == then.get(c)]
        values = {c: was[c] for c in columns}
        if was["extra"] != then["extra"] and "extra" not in values:  # extra gained keys since
            values["extra"] = _extra_without_sources(now["extra"], was["extra"])
        if values:
            row = {**now, **values}
            values["key"] = free_key(
                conn, paper_key(row["arxiv_id"], row["doi"], row["title"]), pid
            )
            _update_row(conn, pid, values)
            current[pid]["paper"] = {**row, "key": values["key"]}
            restored.add(pid)
    for pid, before, after in changes:
        if after["paper"] is None and current[pid]["paper"] is None and before["paper"]:
            _insert_row(conn, before["paper"])
            current[pid]["paper"] = before["paper"]
            restored.add(pid)
    for pid, before, after in changes:
        if current[pid]["paper"] is None:
            continue
        for part in _PARTS:
            if current[pid][part] == after[part] and before[part] != after[part]:
                _put_part(conn, pid, part, before[part])
                restored.add(pid)
    return len(restored)


def _extra_without_sources(now: str, was: str) -> str:
    """Today's ``extra`` with the record of filled fields as it was before the run."""
    extra, before = json.loads(now), json.loads(was)
    extra.pop("filled_from", None)
    if "filled_from" in before:
        extra["filled_from"] = before["filled_from"]
    return json.dumps(extra, ensure_ascii=False, separators=(",", ":"))


def _update_row(conn: sqlite3.Connection, paper_id: int, values: dict[str, Any]) -> None:
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", (*values.values(), paper_id))


def _insert_row(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    names = list(row)
    marks = ", ".join("?" for _ in names)
    conn.execute(
        f"INSERT INTO papers ({', '.join(names)}) VALUES ({marks})", [row[n] for n in names]
    )


def _put_part(conn: sqlite3.Connection, pid: int, part: str, value: Any) -> None:
    if part == "annotation":
        conn.execute("DELETE FROM annotations WHERE paper_id = ?", (pid,))
        if value is not None:
            names = list(value)
            marks = ", ".join("?" for _ in names)
            conn.execute(
                f"INSERT INTO annotations ({', '.join(names)}) VALUES ({marks})",
                [value[n] for n in names],
            )
    elif part == "tags":
        conn.execute("DELETE FROM paper_tags WHERE paper_id = ?", (pid,))
        for name in value:
            add_tag(conn, pid, name)
        conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM paper_tags)")
    else:
        conn.execute("DELETE FROM paper_digests WHERE paper_id = ?", (pid,))
        conn.executemany(
            """INSERT OR IGNORE INTO paper_digests (paper_id, digest_id, position, announce_type)
               SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM digests WHERE id = ?)""",
            ((pid, d, pos, kind, d) for d, pos, kind in value),
        )
