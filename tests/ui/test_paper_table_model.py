from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.ui.models.paper_table_model import PAPER_IDS_MIME, PaperTableModel


def test_model_contract_and_values(qtmodeltester, library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    library.set_read([1])
    library.set_starred([2])
    model = PaperTableModel()
    model.set_rows(library.rows())
    qtmodeltester.check(model)
    assert model.rowCount() == 114
    first = model.index(model.position_of(1), PaperTableModel.TITLE)
    assert model.data(first).startswith("VATT")
    assert model.data(first, Qt.ItemDataRole.FontRole) is None  # read: not bold
    second = model.index(model.position_of(2), PaperTableModel.TITLE)
    assert model.data(second, Qt.ItemDataRole.FontRole).bold()  # unread: bold
    star = model.index(model.position_of(2), PaperTableModel.STAR)
    assert model.data(star) == "★"


def test_edits_emit_data_changed_for_one_row(qtbot, library: Library, example_digest) -> None:
    library.import_path(example_digest)
    model = PaperTableModel()
    model.set_rows(library.rows())
    library.add_tags([5], ["x"])
    with qtbot.waitSignal(model.dataChanged) as signal:
        model.update_rows(library.rows(ids=[5]))
    top, bottom = signal.args[0], signal.args[1]
    assert top.row() == bottom.row() == model.position_of(5)
    assert model.data(model.index(top.row(), PaperTableModel.TAGS)) == "x"


def test_sort_by_value_keeps_selection_ids(qtmodeltester, library: Library, example_digest) -> None:
    library.import_path(example_digest)
    model = PaperTableModel()
    model.set_rows(library.rows())
    model.sort(PaperTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [model.row_at(n).title.casefold() for n in range(model.rowCount())]
    assert titles == sorted(titles)
    model.sort(PaperTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).title.casefold() == titles[-1]
    qtmodeltester.check(model)


def test_remove_rows(qtbot, library: Library, example_digest) -> None:
    library.import_path(example_digest)
    rows = library.rows()
    model = PaperTableModel()
    model.set_rows(rows)
    with qtbot.waitSignal(model.rowsRemoved):
        model.remove_ids([rows[3].id])
    assert model.rowCount() == 113 and model.position_of(rows[3].id) is None


def test_drag_carries_paper_ids(library: Library, example_digest) -> None:
    library.import_path(example_digest)
    model = PaperTableModel()
    model.set_rows(library.rows())
    mime = model.mimeData([model.index(0, 1), model.index(0, 2), model.index(3, 1)])
    ids = json.loads(bytes(mime.data(PAPER_IDS_MIME)).decode())
    assert ids == sorted({model.row_at(0).id, model.row_at(3).id})
