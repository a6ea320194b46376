"""Taking papers out: a Reading List JSON backup of papers (what undo re-imports),
removing papers, and undoing a digest's import."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import DigestNotFoundError
from readinglist.domain.removed import RemovedDigest, RemovedPapers
from readinglist.formats import library_json
from readinglist.storage import changes as changes_db
from readinglist.storage import codec
from readinglist.storage import digests as digests_db
from readinglist.storage import papers as papers_db
from readinglist.storage import removal as removal_db
from readinglist.storage.db import Database


def export_backup(db: Database, paper_ids: Sequence[int] | None = None) -> str:
    """A Reading List JSON backup of the whole library, or of the given papers."""
    with db.snapshot() as conn:
        if paper_ids is None:
            papers = papers_db.query_papers(conn, PaperQuery(order="id"))
        else:
            papers = papers_db.load_papers(conn, list(paper_ids))
        places = digests_db.memberships(conn, [p.id for p in papers])
        digests = digests_db.list_digests(conn)
    return library_json.write(papers, digests, places, codec.now_iso())


def remove_papers(db: Database, paper_ids: Iterable[int]) -> str:
    """Delete papers with their annotations; return a backup of them for undo."""
    ids = list(dict.fromkeys(paper_ids))
    backup = export_backup(db, ids)
    with db.transaction() as conn:
        papers_db.delete_papers(conn, ids)
        changes_db.bump_generation(conn, ids)
    return backup


def remove_digest(db: Database, digest_id: int) -> int:
    """Delete a digest and the papers only it holds that the user never annotated;
    return how many papers were deleted. Raises DigestNotFoundError."""
    with db.transaction() as conn:
        if not digests_db.list_digests(conn, digest_id):
            raise DigestNotFoundError(digest_id)
        removed = digests_db.remove_digest(conn, digest_id)
    return removed


def delete_papers(db: Database, paper_ids: Iterable[int]) -> RemovedPapers:
    """Delete papers with their annotations; return all that was stored of them."""
    with db.transaction() as conn:
        return removal_db.take_out(conn, list(paper_ids))


def restore_deleted(db: Database, removed: RemovedPapers) -> list[int]:
    """Put deleted papers back as they were, in one transaction; return their ids."""
    with db.transaction() as conn:
        return removal_db.put_back(conn, removed)


def take_out_digest(db: Database, digest_id: int) -> RemovedDigest:
    """Remove a digest as :func:`remove_digest` does; return all it took, for
    :func:`put_back_digest`. Raises DigestNotFoundError."""
    with db.transaction() as conn:
        removed = removal_db.take_out_digest(conn, digest_id)
    if removed is None:
        raise DigestNotFoundError(digest_id)
    return removed


def put_back_digest(db: Database, removed: RemovedDigest) -> tuple[int, list[int]]:
    """Put a removed digest back with its papers, in one transaction; return its id and
    the ids of the papers it holds, in digest order."""
    with db.transaction() as conn:
        return removal_db.put_back_digest(conn, removed)
