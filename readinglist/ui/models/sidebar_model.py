"""The sidebar: Library (All, Unread, Starred, Read), Tags and Digests, each with a count.

``SidebarModel`` is a two-level tree over a snapshot of ``Library.stats()`` and
``Library.digests()``. Each entry carries the filter it stands for (``FilterRole``), so the
window never parses labels. A new snapshot updates the tree in place: counts that changed
emit ``dataChanged`` for their rows only, and tags or digests that came or went are
inserted or removed row by row, so the view keeps its selection, expansion and scroll
position. Tags accept the paper table's drags (``papers_dropped_on_tag``).

``views/sidebar_delegate.py`` (optional) draws the count right-aligned; without it the count
is appended to the label in ``DisplayRole``, so it is visible in any view.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from readinglist.domain.entities import Digest, LibraryStats
from readinglist.ui.dnd import PAPER_IDS_MIME_TYPE, paper_ids_from_mime
from readinglist.ui.wording import papers

logger = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex

LIBRARY, TAGS, DIGESTS, SEARCHES = range(4)
_LIBRARY_KINDS = ("all", "unread", "starred", "read")


@dataclass(frozen=True, slots=True)
class SidebarFilter:
    """What a sidebar entry shows: kind all/unread/starred/read (value None), "tag"
    (value = tag name) or "digest" (value = digest id)."""

    kind: str
    value: str | int | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row under a section; ``key`` identifies it across snapshots."""

    key: str | int
    label: str
    count: int
    count_text: str
    filter: SidebarFilter
    tooltip: str
    accessible: str


class SidebarModel(QAbstractItemModel):
    """Library / Tags / Digests with live counts; tags are drop targets for paper ids."""

    FilterRole = Qt.ItemDataRole.UserRole + 1
    CountRole = Qt.ItemDataRole.UserRole + 2
    LabelRole = Qt.ItemDataRole.UserRole + 3
    CountTextRole = Qt.ItemDataRole.UserRole + 4

    papers_dropped_on_tag = Signal(list, str)
    """Paper ids dropped on a tag, and the tag's name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[list[_Entry]] = [[], [], [], []]
        self._stats = LibraryStats(0, 0, 0, 0, 0, {})
        self._top_picks: int | None = None  # For you's Top Picks (None: no ranking yet)
        self._sections[LIBRARY] = self._library_entries(self._stats)

    # ------------------------------------------------------------------ snapshot

    def set_snapshot(self, stats: LibraryStats, digests: Sequence[Digest]) -> None:
        """Show these counts, tags and digests, changing only what differs."""
        self._stats = stats
        self._sync(LIBRARY, self._library_entries(stats))
        self._sync(TAGS, [self._tag_entry(name, n) for name, n in stats.tags.items()])
        self._sync(DIGESTS, [self._digest_entry(d) for d in digests])

    def set_saved_searches(
        self, queries: Sequence[str], counts: Mapping[str, int] | None = None
    ) -> None:
        """Show these saved searches (their queries, in order), with how many papers each
        finds when ``counts`` knows (a count not known yet shows none)."""
        unique = list(dict.fromkeys(q for q in queries if q.strip()))
        known = counts or {}
        self._sync(SEARCHES, [self._search_entry(q, known.get(q)) for q in unique])

    def set_top_picks(self, count: int | None) -> None:
        """Show "Top Picks" under Library with this count (None: hide it)."""
        self._top_picks = count
        self._sync(LIBRARY, self._library_entries(self._stats))

    def index_for_filter(self, wanted: SidebarFilter) -> QModelIndex:
        """The entry showing ``wanted`` (a tag matched case-insensitively), or an invalid
        index when it is gone."""
        section = {"tag": TAGS, "digest": DIGESTS, "search": SEARCHES}.get(wanted.kind, LIBRARY)
        parent = self.index(section, 0)
        entries = self._sections[section]
        for row, entry in enumerate(entries):
            if entry.filter == wanted:
                return self.index(row, 0, parent)
        if wanted.kind == "tag" and isinstance(wanted.value, str):
            folded = wanted.value.casefold()
            for row, entry in enumerate(entries):
                if str(entry.filter.value).casefold() == folded:
                    return self.index(row, 0, parent)
        return QModelIndex()

    def _sync(self, section: int, fresh: list[_Entry]) -> None:
        """Turn the section's rows into ``fresh`` with the smallest signals.

        Rows that stay keep their relative order in both lists (tags are alphabetical,
        digests newest first), so removing the gone ones and inserting the new ones is
        enough. Should the order ever differ, the section alone is emptied and refilled:
        a model reset would collapse the whole tree and lose the selection.
        """
        rows = self._sections[section]
        parent = self.index(section, 0)
        new_keys = {e.key for e in fresh}
        old_keys = {e.key for e in rows}
        kept_before = [e.key for e in rows if e.key in new_keys]
        kept_after = [e.key for e in fresh if e.key in old_keys]
        if kept_before != kept_after or len(new_keys) != len(fresh):
            self._replace_section(section, fresh)
            return
        row = len(rows) - 1
        while row >= 0:  # remove runs of gone rows, back to front
            if rows[row].key in new_keys:
                row -= 1
                continue
            first = row
            while first > 0 and rows[first - 1].key not in new_keys:
                first -= 1
            self.beginRemoveRows(parent, first, row)
            del rows[first : row + 1]
            self.endRemoveRows()
            row = first - 1
        row = 0
        while row < len(fresh):  # insert runs of new rows, front to back
            if fresh[row].key in old_keys:
                row += 1
                continue
            last = row
            while last + 1 < len(fresh) and fresh[last + 1].key not in old_keys:
                last += 1
            self.beginInsertRows(parent, row, last)
            rows[row:row] = fresh[row : last + 1]
            self.endInsertRows()
            row = last + 1
        changed = [i for i, (old, new) in enumerate(zip(rows, fresh, strict=True)) if old != new]
        rows[:] = fresh
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0, parent), self.index(last, 0, parent))

    def _replace_section(self, section: int, fresh: list[_Entry]) -> None:
        rows = self._sections[section]
        parent = self.index(section, 0)
        if rows:
            self.beginRemoveRows(parent, 0, len(rows) - 1)
            rows.clear()
            self.endRemoveRows()
        if fresh:
            self.beginInsertRows(parent, 0, len(fresh) - 1)
            rows.extend(fresh)
            self.endInsertRows()

    # ------------------------------------------------------------------- entries

    def _library_entries(self, stats: LibraryStats) -> list[_Entry]:
        labels = (self.tr("All"), self.tr("Unread"), self.tr("Starred"), self.tr("Read"))
        counts = (stats.papers, stats.unread, stats.starred, stats.read)
        tips = (
            self.tr("Every paper in the library"),
            self.tr("Papers you have not read yet"),
            self.tr("Papers you starred"),
            self.tr("Papers you have read"),
        )
        entries = [
            _Entry(kind, label, n, str(n), SidebarFilter(kind), _tooltip(tip), f"{label}, {n}")
            for kind, label, n, tip in zip(_LIBRARY_KINDS, labels, counts, tips, strict=True)
        ]
        if self._top_picks is not None:
            n, label = self._top_picks, self.tr("Top Picks")
            tip = _tooltip(self.tr("Unread papers ranked best for you (For you)"))
            entries.insert(2, _Entry("top", label, n, str(n), SidebarFilter("top"), tip, label))
        return entries

    def _tag_entry(self, name: str, count: int) -> _Entry:
        tip = self.tr("{count} tagged “{tag}”").format(count=papers(count), tag=name)
        return _Entry(name, name, count, str(count), SidebarFilter("tag", name), _tooltip(tip), tip)

    def _digest_entry(self, digest: Digest) -> _Entry:
        label = f"{digest.source_name} — {digest.date}" if digest.date else digest.source_name
        progress = self.tr("{read} of {total} read").format(
            read=digest.read_count, total=digest.paper_count
        )
        lines = [digest.source_name]
        if digest.date:
            lines.append(self.tr("Dated {date}").format(date=digest.date))
        lines.append(progress)
        lines.append(self.tr("Imported {when}").format(when=digest.imported_at[:10]))
        return _Entry(
            digest.id,
            label,
            digest.paper_count,
            f"{digest.read_count}/{digest.paper_count}",
            SidebarFilter("digest", digest.id),
            _tooltip(*lines),
            f"{label}, {progress}",
        )

    def _search_entry(self, query: str, count: int | None = None) -> _Entry:
        tip = self.tr("Saved search: {query}").format(query=query)
        shown = "" if count is None else str(count)
        return _Entry(
            query, query, count or 0, shown, SidebarFilter("search", query), _tooltip(tip), tip
        )

    def _section_title(self, section: int) -> str:
        titles = (
            self.tr("Library"),
            self.tr("Tags"),
            self.tr("Digests"),
            self.tr("Saved Searches"),
        )
        return titles[section]

    def _entry(self, index: _Index) -> _Entry | None:
        """The entry at ``index``, or None for a section header."""
        section = index.internalId() - 1
        if section < 0:
            return None
        return self._sections[section][index.row()]

    # ------------------------------------------------------------ the item model
    # internalId() is 0 for a section header and section + 1 for the rows under it.

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Headers at the top level, entries one level down."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: _Index | None = None) -> Any:  # type: ignore[override]
        """The section header of an entry (``parent()`` alone is QObject's parent)."""
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Three sections; each holds its entries; entries have no children."""
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._sections[parent.row()])

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One column: label and count."""
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label (with its count), filter, count, tooltip, and a bold font for headers."""
        if not index.isValid():
            return None
        entry = self._entry(index)
        if entry is None:
            if role in (Qt.ItemDataRole.DisplayRole, self.LabelRole):
                return self._section_title(index.row())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.label}  {entry.count_text}"
        if role == self.LabelRole:
            return entry.label
        if role == self.CountTextRole:
            return entry.count_text
        if role == self.CountRole:
            return entry.count
        if role == self.FilterRole:
            return entry.filter
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.accessible
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Headers are enabled but not selectable; tags also take drops."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() - 1 == TAGS:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # ------------------------------------------------------------- drag and drop

    def mimeTypes(self) -> list[str]:
        """Only the paper table's paper ids."""
        return [PAPER_IDS_MIME_TYPE]

    def supportedDropActions(self) -> Qt.DropAction:
        """Copy only: tagging never removes a paper from the list it was dragged from."""
        return Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """True for paper ids dropped on (not between) tag entries."""
        return (
            action == Qt.DropAction.CopyAction
            and row == -1
            and parent.isValid()
            and parent.internalId() - 1 == TAGS
            and bool(paper_ids_from_mime(data))
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Emit ``papers_dropped_on_tag``; the window does the tagging."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        entry = self._entry(parent)
        assert entry is not None and isinstance(entry.filter.value, str)
        ids = paper_ids_from_mime(data)
        logger.debug("%d papers dropped on tag %r", len(ids), entry.filter.value)
        self.papers_dropped_on_tag.emit(ids, entry.filter.value)
        return True


def _tooltip(*lines: str) -> str:
    """Rich-text tooltip with every line escaped: names come from imported files."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers grouped as (first, last)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
