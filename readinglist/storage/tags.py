"""Tags and which papers carry them (``tags`` and ``paper_tags``)."""

from __future__ import annotations

import sqlite3


def tag_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of tag ``name``, created when new (names compare case-insensitively)."""
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute("INSERT INTO tags (name) VALUES (?)", (name,))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_tag(conn: sqlite3.Connection, paper_id: int, name: str) -> bool:
    """Tag a paper; return True when the tag was new on it."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) VALUES (?, ?)",
        (paper_id, tag_id(conn, name)),
    )
    return cursor.rowcount > 0


def remove_tag(conn: sqlite3.Connection, paper_id: int, name: str) -> bool:
    """Untag a paper; return True when it had the tag. Unused tags are dropped."""
    cursor = conn.execute(
        """DELETE FROM paper_tags
           WHERE paper_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)""",
        (paper_id, name),
    )
    conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM paper_tags)")
    return cursor.rowcount > 0


def tag_names(conn: sqlite3.Connection) -> list[str]:
    """Every tag in use, alphabetically."""
    return [row[0] for row in conn.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")]


def tagged_paper_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    """Ids of the papers carrying tag ``name``."""
    rows = conn.execute(
        """SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
           WHERE t.name = ?""",
        (name,),
    )
    return [row[0] for row in rows]


def rename_tag(conn: sqlite3.Connection, old: str, new: str) -> None:
    """Rename a tag; renaming onto an existing tag merges the two."""
    old_row = conn.execute("SELECT id FROM tags WHERE name = ?", (old,)).fetchone()
    if old_row is None:
        return
    target = conn.execute("SELECT id FROM tags WHERE name = ?", (new,)).fetchone()
    if target is None or target[0] == old_row[0]:
        conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, old_row[0]))
        return
    conn.execute(
        "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) "
        "SELECT paper_id, ? FROM paper_tags WHERE tag_id = ?",
        (target[0], old_row[0]),
    )
    conn.execute("DELETE FROM tags WHERE id = ?", (old_row[0],))


def delete_tag(conn: sqlite3.Connection, name: str) -> None:
    """Remove a tag from every paper."""
    conn.execute("DELETE FROM tags WHERE name = ?", (name,))
