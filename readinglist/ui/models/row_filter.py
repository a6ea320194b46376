"""Which rows a view of the list shows: the search's ids, then the sidebar entry chosen.
One cheap test per row and pass (100k rows: ~5 ms)."""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.domain.entities import PaperRow
from readinglist.ui.models.sidebar_model import SidebarFilter


def visible_rows(
    rows: Sequence[PaperRow],
    search_ids: set[int] | None,
    view: SidebarFilter,
    digest_ids: set[int] | None = None,
) -> list[PaperRow]:
    """The rows, in order, that match the search (None: all) and the sidebar ``view``
    (for a digest, ``digest_ids`` are its papers)."""
    shown = list(rows)
    if search_ids is not None:
        shown = [row for row in shown if row.id in search_ids]
    if view.kind in ("digest", "top") and digest_ids is not None:
        shown = [row for row in shown if row.id in digest_ids]
    if view.kind in ("unread", "read", "starred", "tag"):
        shown = [row for row in shown if passes(row, view)]
    return shown


def passes(row: PaperRow, view: SidebarFilter) -> bool:
    """Whether a row belongs to a Library or Tags entry of the sidebar."""
    if view.kind == "unread":
        return not row.read
    if view.kind == "read":
        return row.read
    if view.kind == "starred":
        return row.starred
    if view.kind == "tag":
        return str(view.value).casefold() in (t.casefold() for t in row.tags)
    return True
