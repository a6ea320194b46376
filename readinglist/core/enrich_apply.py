"""Writing an accepted candidate into the library: empty fields only, one transaction.

The candidate fills what the paper lacks (arXiv id, DOI, authors, date, link, links, and
the abstract only when there is none); a title, an abstract or anything the user wrote is
never replaced, and tags, notes, read and starred are not touched. Each filled field is
recorded in ``extra["filled_from"]`` with the service it came from. A paper gaining an
arXiv id another paper holds is merged into that paper by the import's rules: the other
paper's empty fields are filled, it joins the merged paper's digests, and the user's
annotations of both are kept. The step is journalled in the same transaction for undo.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import fill_empty, merge_changes
from readinglist.storage import annotations as annotations_db
from readinglist.storage import changes as changes_db
from readinglist.storage import codec
from readinglist.storage import digests as digests_db
from readinglist.storage import enrich_repository as journal
from readinglist.storage import papers as papers_db
from readinglist.storage import tags as tags_db

FILLED_FIELDS = ("arxiv_id", "doi", "authors", "published", "url", "abstract")
FILLED_FROM = "filled_from"


@dataclass(slots=True)
class Applied:
    """What one step wrote: the fields filled (field -> source) and a merge, if any."""

    fields: dict[str, str] = field(default_factory=dict)
    merged_into: int | None = None


def fill_changes(stored: dict[str, Any], record: PaperRecord) -> dict[str, Any]:
    """The updates filling ``stored``'s empty fields from ``record`` (links: new ones added;
    the stored URL is not added again as a link)."""
    return fill_empty(stored, record, FILLED_FIELDS, also_known=(stored.get("url") or "",))


def apply_candidate(
    conn: sqlite3.Connection,
    paper_id: int,
    record: PaperRecord,
    source: str,
    run_id: int,
    step: int,
) -> Applied | None:
    """Fill the paper from ``record`` inside the caller's transaction; None when the paper
    is gone or the record brings nothing it lacks."""
    stored = _row(conn, paper_id)
    if stored is None:
        return None
    changes = fill_changes(stored, record)
    owner = (
        papers_db.id_owner(conn, "arxiv_id", changes["arxiv_id"]) if "arxiv_id" in changes else None
    )
    if owner is not None and owner != paper_id:
        return _merge(conn, stored, owner, record, source, run_id, step)
    if "doi" in changes and papers_db.id_owner(conn, "doi", changes["doi"]) not in (None, paper_id):
        del changes["doi"]  # a DOI already on another paper is not taken from it
    if not changes:
        return None
    before = journal.snapshot(conn, [paper_id])
    filled = {name: source for name in changes}
    changes["extra"] = _with_sources(stored, filled)
    papers_db.update_paper(conn, stored, changes, codec.now_iso())
    journal.record_step(conn, run_id, step, before, journal.snapshot(conn, [paper_id]))
    changes_db.bump_generation(conn, [paper_id])
    return Applied(fields=filled)


def _merge(
    conn: sqlite3.Connection,
    stored: dict[str, Any],
    owner_id: int,
    record: PaperRecord,
    source: str,
    run_id: int,
    step: int,
) -> Applied:
    """Merge the paper into the one already holding the candidate's arXiv id."""
    paper_id = stored["id"]
    before = journal.snapshot(conn, [paper_id, owner_id])
    owner = _row(conn, owner_id)
    assert owner is not None
    from_service = fill_changes(owner, record)
    from_paper = merge_changes({**owner, **from_service}, _as_record(stored))
    from_paper.pop("extra", None)
    filled = {name: source for name in from_service}
    filled.update({name: f"paper {paper_id}" for name in from_paper if name not in filled})
    _move_annotations(conn, paper_id, owner_id)
    conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
    changes = {**from_service, **from_paper, "extra": _with_sources(owner, filled)}
    papers_db.update_paper(conn, owner, changes, codec.now_iso())
    after = journal.snapshot(conn, [paper_id, owner_id])
    journal.record_step(conn, run_id, step, before, after)
    changes_db.bump_generation(conn, [paper_id, owner_id])
    return Applied(fields=filled, merged_into=owner_id)


def _move_annotations(conn: sqlite3.Connection, source_id: int, target_id: int) -> None:
    """Give the target the source's digests, tags, read and starred marks and notes."""
    now = codec.now_iso()
    for digest_id, position, kind in digests_db.memberships(conn, [source_id])[source_id]:
        digests_db.link_paper(conn, target_id, digest_id, position, kind)
    for (name,) in conn.execute(
        "SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.paper_id = ?",
        (source_id,),
    ).fetchall():
        tags_db.add_tag(conn, target_id, name)
    note = conn.execute(
        "SELECT read, starred, notes FROM annotations WHERE paper_id = ?", (source_id,)
    ).fetchone()
    if note is None:
        return
    for flag in ("read", "starred"):
        if note[flag]:
            annotations_db.set_flag(conn, target_id, flag, True, now)
    if note["notes"]:
        ours = annotations_db.notes_of(conn, target_id)
        notes = f"{ours}\n\n{note['notes']}" if ours else note["notes"]
        annotations_db.set_notes(conn, target_id, notes, now)


def _with_sources(stored: dict[str, Any], filled: dict[str, str]) -> dict[str, Any]:
    extra = dict(stored.get("extra") or {})
    sources = extra.get(FILLED_FROM)
    extra[FILLED_FROM] = {**(sources if isinstance(sources, dict) else {}), **filled}
    return extra


def _as_record(stored: dict[str, Any]) -> PaperRecord:
    return PaperRecord(
        title=stored["title"],
        abstract=stored["abstract"],
        authors=list(stored["authors"]),
        arxiv_id=stored["arxiv_id"],
        doi=stored["doi"],
        url=stored["url"],
        links=list(stored["links"]),
        published=stored["published"],
    )


def _row(conn: sqlite3.Connection, paper_id: int) -> dict[str, Any] | None:
    return journal.paper_row(conn, paper_id)
