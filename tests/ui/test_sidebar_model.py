"""The sidebar tree model: sections, counts, filters, fine-grained updates, tag drops."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
)
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTreeView

from readinglist.core.library import Library
from readinglist.domain.entities import Digest, LibraryStats, PaperRecord
from readinglist.ui.dnd import PAPER_IDS_MIME_TYPE, paper_ids_mime
from readinglist.ui.models.sidebar_model import (
    DIGESTS,
    LIBRARY,
    TAGS,
    SidebarFilter,
    SidebarModel,
)
from readinglist.ui.views.sidebar_delegate import SidebarDelegate
from tests.conftest import drag_enter_event

FILTER = SidebarModel.FilterRole
COUNT = SidebarModel.CountRole
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def annotated(library: Library, example_digest: Path) -> Library:
    """The example digest with a few tags, reads and stars."""
    library.import_path(example_digest, today=date(2025, 9, 10))
    ids = [p.id for p in library.papers()]
    library.add_tags(ids[:3], ["video"])
    library.add_tags(ids[2:4], ["LLM"])
    library.add_tags(ids[5:6], ["agents"])
    library.set_read(ids[:2])
    library.set_starred(ids[1:4])
    return library


@pytest.fixture
def model(qtmodeltester, annotated: Library) -> SidebarModel:
    model = SidebarModel()
    model.set_snapshot(annotated.stats(), annotated.digests())
    qtmodeltester.check(model)
    return model


def _children(model: SidebarModel, section: int, role: int = DISPLAY) -> list[object]:
    parent = model.index(section, 0)
    return [model.index(r, 0, parent).data(role) for r in range(model.rowCount(parent))]


def _tag_index(model: SidebarModel, name: str) -> QModelIndex:
    index = model.index_for_filter(SidebarFilter("tag", name))
    assert index.isValid()
    return index


def _digest(id_: int, name: str, total: int, read: int = 0, date: str | None = None) -> Digest:
    return Digest(id_, name, "hf_daily_text", date, total, f"2025-09-{id_:02d}T08:00:00", read)


def _stats(tags: dict[str, int], papers: int = 10, read: int = 0, starred: int = 0) -> LibraryStats:
    return LibraryStats(papers, read, papers - read, starred, 1, tags)


# ---------------------------------------------------------------------- the tree


def test_sections_and_their_entries(model: SidebarModel) -> None:
    assert model.rowCount() == 4
    assert [model.index(r, 0).data() for r in range(4)] == [
        "Library",
        "Tags",
        "Digests",
        "Saved Searches",
    ]
    assert _children(model, LIBRARY) == ["All  114", "Unread  112", "Starred  3", "Read  2"]
    assert _children(model, LIBRARY, SidebarModel.LabelRole) == [
        "All",
        "Unread",
        "Starred",
        "Read",
    ]
    assert _children(model, LIBRARY, COUNT) == [114, 112, 3, 2]
    assert _children(model, TAGS) == ["agents  1", "LLM  2", "video  3"]
    assert _children(model, TAGS, COUNT) == [1, 2, 3]
    assert _children(model, DIGESTS) == ["daily_papers_sep9.txt — 2025-09-09  2/114"]
    assert _children(model, DIGESTS, SidebarModel.CountTextRole) == ["2/114"]
    assert _children(model, DIGESTS, COUNT) == [114]


def test_filters_of_every_entry(model: SidebarModel, annotated: Library) -> None:
    (digest,) = annotated.digests()
    assert _children(model, LIBRARY, FILTER) == [
        SidebarFilter("all", None),
        SidebarFilter("unread", None),
        SidebarFilter("starred", None),
        SidebarFilter("read", None),
    ]
    assert _children(model, TAGS, FILTER) == [
        SidebarFilter("tag", "agents"),
        SidebarFilter("tag", "LLM"),
        SidebarFilter("tag", "video"),
    ]
    assert _children(model, DIGESTS, FILTER) == [SidebarFilter("digest", digest.id)]


def test_headers_have_no_filter_and_cannot_be_selected(model: SidebarModel) -> None:
    for section in (LIBRARY, TAGS, DIGESTS):
        header = model.index(section, 0)
        assert header.data(FILTER) is None
        assert header.data(COUNT) is None
        assert not model.flags(header) & Qt.ItemFlag.ItemIsSelectable
        assert model.flags(header) & Qt.ItemFlag.ItemIsEnabled
        assert header.data(Qt.ItemDataRole.FontRole).bold()
    for section in (LIBRARY, TAGS, DIGESTS):
        child = model.index(0, 0, model.index(section, 0))
        assert model.flags(child) & Qt.ItemFlag.ItemIsSelectable
        assert bool(model.flags(child) & Qt.ItemFlag.ItemIsDropEnabled) == (section == TAGS)


def test_index_for_filter_finds_every_entry(model: SidebarModel) -> None:
    for section in (LIBRARY, TAGS, DIGESTS):
        parent = model.index(section, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            assert model.index_for_filter(index.data(FILTER)) == index
    assert model.index_for_filter(SidebarFilter("tag", "Video")) == _tag_index(model, "video")
    assert not model.index_for_filter(SidebarFilter("tag", "gone")).isValid()
    assert not model.index_for_filter(SidebarFilter("digest", 999)).isValid()


def test_tooltips_escape_imported_names(qtmodeltester) -> None:
    model = SidebarModel()
    model.set_snapshot(
        _stats({"<b>bold</b>": 1}), [_digest(1, "<img src=x onerror=alert(1)>.txt", 4)]
    )
    qtmodeltester.check(model)
    tag_tip = model.index(0, 0, model.index(TAGS, 0)).data(Qt.ItemDataRole.ToolTipRole)
    digest_tip = model.index(0, 0, model.index(DIGESTS, 0)).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;bold&lt;/b&gt;" in tag_tip and "<b>" not in tag_tip
    assert "&lt;img" in digest_tip and "<img" not in digest_tip
    # the display text is plain text: views never interpret it
    assert model.index(0, 0, model.index(TAGS, 0)).data() == "<b>bold</b>  1"


# ------------------------------------------------------------------- updates


def test_counts_update_with_data_changed_only(
    qtbot, qtmodeltester, model: SidebarModel, annotated: Library
) -> None:
    ids = [p.id for p in annotated.papers()]
    annotated.set_read(ids[10:15])
    inserted: list[object] = []
    model.rowsInserted.connect(lambda *args: inserted.append(args))
    model.rowsRemoved.connect(lambda *args: inserted.append(args))
    changes: list[tuple[QModelIndex, QModelIndex]] = []
    model.dataChanged.connect(lambda first, last, _roles: changes.append((first, last)))

    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.set_snapshot(annotated.stats(), annotated.digests())

    assert inserted == []
    library_parent = model.index(LIBRARY, 0)
    digest_parent = model.index(DIGESTS, 0)
    # Unread (row 1) and Read (row 3) changed, All and Starred did not; the digest's progress
    assert [(a.row(), b.row(), a.parent()) for a, b in changes] == [
        (1, 1, library_parent),
        (3, 3, library_parent),
        (0, 0, digest_parent),
    ]
    assert _children(model, LIBRARY, COUNT) == [114, 107, 3, 7]
    assert _children(model, DIGESTS) == ["daily_papers_sep9.txt — 2025-09-09  7/114"]
    qtmodeltester.check(model)


def test_same_snapshot_emits_nothing(qtbot, model: SidebarModel, annotated: Library) -> None:
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.assertNotEmitted(model.rowsInserted):
        model.set_snapshot(annotated.stats(), annotated.digests())


def test_a_new_tag_is_inserted_in_place(
    qtbot, qtmodeltester, model: SidebarModel, annotated: Library
) -> None:
    ids = [p.id for p in annotated.papers()]
    annotated.add_tags(ids[7:9], ["diffusion"])
    annotated.add_tags(ids[9:10], ["video"])
    tags_parent = model.index(TAGS, 0)
    kept = QPersistentModelIndex(_tag_index(model, "video"))
    with (
        qtbot.waitSignal(model.rowsInserted, timeout=1000) as inserted,
        qtbot.waitSignal(model.dataChanged, timeout=1000) as changed,
    ):
        model.set_snapshot(annotated.stats(), annotated.digests())

    parent, first, last = inserted.args
    assert (parent, first, last) == (tags_parent, 1, 1)
    assert _children(model, TAGS) == ["agents  1", "diffusion  2", "LLM  2", "video  4"]
    assert kept.row() == 3 and kept.data(FILTER) == SidebarFilter("tag", "video")
    first_changed, last_changed, _roles = changed.args
    assert first_changed.parent() == tags_parent and first_changed.row() == 3
    qtmodeltester.check(model)


def test_a_tag_no_longer_used_is_removed(
    qtbot, qtmodeltester, model: SidebarModel, annotated: Library
) -> None:
    llm = [p.id for p in annotated.papers() if "LLM" in p.tags]
    annotated.remove_tags(llm, ["LLM"])
    with qtbot.waitSignal(model.rowsRemoved, timeout=1000) as removed:
        model.set_snapshot(annotated.stats(), annotated.digests())
    assert removed.args == [model.index(TAGS, 0), 1, 1]
    assert _children(model, TAGS) == ["agents  1", "video  3"]
    assert not model.index_for_filter(SidebarFilter("tag", "LLM")).isValid()
    qtmodeltester.check(model)


def test_a_new_digest_is_inserted_first(
    qtbot, qtmodeltester, model: SidebarModel, annotated: Library
) -> None:
    report = annotated.import_records(
        [PaperRecord(title="A Brand New Paper"), PaperRecord(title="Another One")], "extra.bib"
    )
    with qtbot.waitSignal(model.rowsInserted, timeout=1000) as inserted:
        model.set_snapshot(annotated.stats(), annotated.digests())
    assert inserted.args == [model.index(DIGESTS, 0), 0, 0]
    assert _children(model, DIGESTS, FILTER)[0] == SidebarFilter("digest", report.digest_id)
    assert _children(model, DIGESTS)[0] == "extra.bib  0/2"
    assert _children(model, LIBRARY, COUNT)[0] == 116
    qtmodeltester.check(model)


def test_runs_of_changes_and_reordering(qtbot, qtmodeltester) -> None:
    model = SidebarModel()
    qtmodeltester.check(model)
    assert _children(model, LIBRARY, COUNT) == [0, 0, 0, 0]
    assert model.rowCount(model.index(TAGS, 0)) == 0
    model.set_snapshot(_stats({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}), [])
    events: list[tuple[str, int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: events.append(("removed", a, b)))
    model.rowsInserted.connect(lambda _p, a, b: events.append(("inserted", a, b)))

    model.set_snapshot(_stats({"a": 1, "x": 1, "y": 1, "d": 1, "z": 1}), [])
    assert events == [("removed", 4, 4), ("removed", 1, 2), ("inserted", 1, 2), ("inserted", 4, 4)]
    assert _children(model, TAGS) == ["a  1", "x  1", "y  1", "d  1", "z  1"]

    # digests whose order changed: the section alone is emptied and refilled
    model.set_snapshot(_stats({}), [_digest(1, "one", 3), _digest(2, "two", 5)])
    events.clear()
    model.set_snapshot(_stats({}), [_digest(2, "two", 5), _digest(1, "one", 3, date="2025-09-01")])
    assert events == [("removed", 0, 1), ("inserted", 0, 1)]
    assert _children(model, DIGESTS) == ["two  0/5", "one — 2025-09-01  0/3"]
    qtmodeltester.check(model)


# ----------------------------------------------------------------------- drops


def test_ids_dropped_on_a_tag_are_emitted(qtbot, model: SidebarModel) -> None:
    video = _tag_index(model, "video")
    mime = paper_ids_mime([5, 9])
    copy = Qt.DropAction.CopyAction
    assert model.mimeTypes() == [PAPER_IDS_MIME_TYPE]
    assert model.supportedDropActions() == copy
    assert model.canDropMimeData(mime, copy, -1, -1, video)
    with qtbot.waitSignal(model.papers_dropped_on_tag, timeout=1000) as dropped:
        assert model.dropMimeData(mime, copy, -1, -1, video)
    assert dropped.args == [[5, 9], "video"]


def test_drops_elsewhere_are_refused(qtbot, model: SidebarModel) -> None:
    copy = Qt.DropAction.CopyAction
    mime = paper_ids_mime([5])
    unread = model.index_for_filter(SidebarFilter("unread"))
    tags_header = model.index(TAGS, 0)
    bad = QMimeData()
    bad.setData(PAPER_IDS_MIME_TYPE, QByteArray(b"[1, 2"))
    text = QMimeData()
    text.setText("[1, 2]")
    video = _tag_index(model, "video")
    with qtbot.assertNotEmitted(model.papers_dropped_on_tag):
        assert not model.dropMimeData(mime, copy, -1, -1, unread)
        assert not model.dropMimeData(mime, copy, -1, -1, QModelIndex())
        assert not model.dropMimeData(mime, copy, 0, 0, tags_header)  # between two tags
        assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, video)
        assert not model.dropMimeData(bad, copy, -1, -1, video)
        assert not model.dropMimeData(text, copy, -1, -1, video)
        assert not model.dropMimeData(paper_ids_mime([]), copy, -1, -1, video)


def test_a_drop_on_a_tree_view_reaches_the_tag(qtbot, model: SidebarModel) -> None:
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setHeaderHidden(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    view.setDragDropOverwriteMode(True)
    view.expandAll()
    view.resize(300, 400)
    view.show()
    qtbot.waitExposed(view)
    llm = _tag_index(model, "LLM")
    where = QPointF(view.visualRect(llm).center())
    mime = QMimeData()
    mime.setData(PAPER_IDS_MIME_TYPE, QByteArray(json.dumps([3, 4]).encode()))
    args = (where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    no_keys = Qt.KeyboardModifier.NoModifier

    enter = drag_enter_event(mime, where.x(), where.y())
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = drag_enter_event(mime, where.x(), where.y(), kind=QDragMoveEvent)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    with qtbot.waitSignal(model.papers_dropped_on_tag, timeout=1000) as dropped:
        QApplication.sendEvent(view.viewport(), QDropEvent(*args, no_keys))
    assert dropped.args == [[3, 4], "LLM"]

    # over the Unread entry the same drag is refused
    unread = model.index_for_filter(SidebarFilter("unread"))
    there = QPointF(view.visualRect(unread).center())
    elsewhere = drag_enter_event(mime, there.x(), there.y(), kind=QDragMoveEvent)
    QApplication.sendEvent(view.viewport(), elsewhere)
    assert not elsewhere.isAccepted()


# ----------------------------------------------------------------------- looks


def test_tree_view_renders_labels_and_counts(qtbot, model: SidebarModel, tmp_path: Path) -> None:
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(SidebarDelegate(view))
    view.setHeaderHidden(True)
    view.expandAll()
    view.resize(240, 360)
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(model.index_for_filter(SidebarFilter("unread")))
    assert not view.grab().isNull()
    assert view.grab().save(str(tmp_path / "sidebar.png"))


def test_saved_searches(qtmodeltester, model: SidebarModel) -> None:
    from readinglist.ui.models.sidebar_model import SEARCHES

    model.set_saved_searches(['"language model" is:unread', "tag:agents", "tag:agents", " "])
    qtmodeltester.check(model)
    assert _children(model, SEARCHES, SidebarModel.LabelRole) == [
        '"language model" is:unread',
        "tag:agents",
    ]
    found = model.index_for_filter(SidebarFilter("search", "tag:agents"))
    assert found.data(SidebarModel.FilterRole) == SidebarFilter("search", "tag:agents")
    model.set_saved_searches(["tag:agents"])
    assert _children(model, SEARCHES, SidebarModel.LabelRole) == ["tag:agents"]
