"""Schema versions, kept in ``PRAGMA user_version`` and applied in order.

Each step runs inside one transaction together with the version bump, so a crash leaves
either the old schema or the new one. An existing library is copied to ``backups/`` (with
SQLite's online backup API) before it is migrated; a library newer than this code is
refused and never touched.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from readinglist.domain.errors import DatabaseTooNewError
from readinglist.storage.backups import backup_connection, backup_path
from readinglist.storage.db import Database
from readinglist.storage.doi_repair import repair_dois
from readinglist.storage.ranking_scores import add_scores_table
from readinglist.storage.rule_names_schema import add_rule_names

logger = logging.getLogger(__name__)

_SCHEMA_V1 = """
CREATE TABLE papers (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    title_norm  TEXT NOT NULL DEFAULT '',
    title_squash TEXT NOT NULL DEFAULT '',
    authors     TEXT NOT NULL DEFAULT '[]',
    abstract    TEXT NOT NULL DEFAULT '',
    arxiv_id    TEXT UNIQUE,
    doi         TEXT UNIQUE,
    url         TEXT,
    links       TEXT NOT NULL DEFAULT '[]',
    published   TEXT,
    added       TEXT NOT NULL,
    updated     TEXT NOT NULL,
    extra       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX papers_title_squash ON papers(title_squash);
CREATE INDEX papers_added ON papers(added);

CREATE TABLE annotations (
    paper_id    INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
    read        INTEGER NOT NULL DEFAULT 0,
    starred     INTEGER NOT NULL DEFAULT 0,
    notes       TEXT NOT NULL DEFAULT '',
    read_at     TEXT,
    updated     TEXT NOT NULL
);
CREATE INDEX annotations_read ON annotations(read);
CREATE INDEX annotations_starred ON annotations(starred);

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE paper_tags (
    paper_id    INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (paper_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX paper_tags_tag ON paper_tags(tag_id);

CREATE TABLE digests (
    id          INTEGER PRIMARY KEY,
    source_name TEXT NOT NULL,
    format      TEXT NOT NULL,
    digest_date TEXT,
    content_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX digests_content ON digests(content_sha256);

CREATE TABLE paper_digests (
    paper_id    INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    digest_id   INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    announce_type TEXT,
    PRIMARY KEY (paper_id, digest_id)
) WITHOUT ROWID;
CREATE INDEX paper_digests_digest ON paper_digests(digest_id, position);

-- Which papers each write changed: derived caches (the search index) catch up from here.
CREATE TABLE changes (
    generation  INTEGER NOT NULL,
    paper_id    INTEGER NOT NULL
);
CREATE INDEX changes_generation ON changes(generation);

CREATE TABLE meta (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta(name, value) VALUES ('generation', '0');
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)


_SCHEMA_V2 = """
-- Answers of the services that complete papers (issue 20), so a second run asks nothing.
CREATE TABLE enrich_cache (
    url         TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    fetched_at  TEXT NOT NULL
) WITHOUT ROWID;

-- One row per enrichment that changed something: its changes are undone together.
CREATE TABLE enrich_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    undone_at   TEXT
);

-- A paper's stored state just before and just after one enrichment step (JSON).
CREATE TABLE enrich_changes (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES enrich_runs(id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    paper_id    INTEGER NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL
);
CREATE INDEX enrich_changes_run ON enrich_changes(run_id, step);
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V2.split(";"):
        if statement.strip():
            conn.execute(statement)


_SCHEMA_DISMISSED = """
-- "Not interested" (issue 18): a user mark, a negative signal for the "For you" ranking.
ALTER TABLE annotations ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX annotations_dismissed ON annotations(dismissed);
"""


def _add_dismissed(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_DISMISSED.split(";"):
        if statement.strip():
            conn.execute(statement)


_SCHEMA_SUBSCRIPTIONS = """
-- Feeds fetched on a schedule (issue 17). Times are ISO 8601 UTC text, as elsewhere.
CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    interval_hours INTEGER NOT NULL DEFAULT 24,
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    validator_url TEXT,
    etag        TEXT,
    last_modified TEXT,
    last_fetch  TEXT,
    last_success TEXT,
    last_new_at TEXT,
    longest_gap_hours INTEGER NOT NULL DEFAULT 0,
    papers_new  INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    failures    INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT
);

-- Each date or range a subscription fetched (catch-up) and the digest it became.
CREATE TABLE subscription_fetches (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    period      TEXT NOT NULL,
    digest_id   INTEGER REFERENCES digests(id) ON DELETE SET NULL,
    fetched_at  TEXT NOT NULL,
    new_count   INTEGER NOT NULL DEFAULT 0,
    complete    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (subscription_id, period)
) WITHOUT ROWID;
CREATE INDEX subscription_fetches_digest ON subscription_fetches(digest_id);

-- A query in the app's language and what to do with new papers it matches.
CREATE TABLE rules (
    id          INTEGER PRIMARY KEY,
    query       TEXT NOT NULL,
    action      TEXT NOT NULL,
    argument    TEXT NOT NULL DEFAULT '',
    subscription_id INTEGER REFERENCES subscriptions(id) ON DELETE CASCADE,
    enabled     INTEGER NOT NULL DEFAULT 1,
    position    INTEGER NOT NULL
);

-- What each rule already did, so it acts on a paper exactly once.
CREATE TABLE rule_applications (
    rule_id     INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
    paper_id    INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (rule_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX rule_applications_paper ON rule_applications(paper_id);

-- Digests up to this id have been through the rules, and the inbox starts now.
INSERT OR IGNORE INTO meta(name, value)
    SELECT 'rules_done_digest', coalesce(max(id), 0) FROM digests;
INSERT OR IGNORE INTO meta(name, value)
    VALUES ('inbox_visited_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
"""


def _add_subscriptions(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_SUBSCRIPTIONS.split(";"):
        if statement.strip():
            conn.execute(statement)


# Ordered steps: MIGRATIONS[n] upgrades a schema of version n to version n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _to_v1,
    _to_v2,
    _add_dismissed,
    _add_subscriptions,
    add_rule_names,
    add_scores_table,
    repair_dois,
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    """The database's ``user_version``."""
    return int(db.connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, backup_dir: Path) -> int:
    """Bring ``db`` to :data:`LATEST_VERSION`; return the version it had before.

    Raises :class:`DatabaseTooNewError` for a database written by a newer version.
    """
    found = schema_version(db)
    if found > LATEST_VERSION:
        raise DatabaseTooNewError(str(db.path), found, LATEST_VERSION)
    if found == LATEST_VERSION:
        return found
    if found > 0:
        backup_database(db, backup_dir, reason="before-migration")
    for version in range(found, LATEST_VERSION):
        with db.transaction() as conn:
            logger.info("migrating %s from schema %d to %d", db.path, version, version + 1)
            _step(conn, version)
    return found


def build_schema(conn: sqlite3.Connection, version: int, start: int = 0) -> None:
    """Apply the steps from schema ``start`` up to ``version`` on a connection outside any
    transaction (each step is one transaction): how a restore makes a fresh database with
    this version's own schema, at the backup's version first, then the latest."""
    for step in range(start, version):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _step(conn, step)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _step(conn: sqlite3.Connection, version: int) -> None:
    MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {version + 1}")


def backup_database(db: Database, backup_dir: Path, *, reason: str) -> Path:
    """Copy the live database to ``backup_dir`` with SQLite's backup API; return the copy."""
    return backup_connection(db.connection, backup_path(backup_dir, reason))
