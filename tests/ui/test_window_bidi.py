"""A hostile digest cannot reorder what the window shows: bidirectional override, embedding
and isolate controls in a title or an author list show as U+FFFD in the list and the detail
pane (they showed "bidi \u202eoverride\u202c" as "bidi edirrevo"), and the library keeps the
text as imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.ui.user import is_seen
from tests.ui.windows import listing_window

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TITLE = "Invoice for \u202eexe.pdf\u202c and \u2067isolated\u2069 text"
AUTHOR = "Mallory \u202dOverride"


def test_bidi_controls_in_a_digest_do_not_reorder_the_window(
    qtbot, library: Library, tmp_path: Path
) -> None:
    digest = tmp_path / "hostile.ris"
    digest.write_text(
        f"TY  - JOUR\nTI  - {TITLE}\nAU  - {AUTHOR}\nDO  - 10.1234/bidi\nER  - \n",
        encoding="utf-8",
    )
    assert library.import_path(digest).new == 1
    with listing_window(qtbot, library, 1) as window:
        model = window.model
        shown = {
            column: model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole)
            for column in (PaperTableModel.TITLE, PaperTableModel.AUTHORS)
        }
        tip = model.data(model.index(0, PaperTableModel.TITLE), Qt.ItemDataRole.ToolTipRole)
        detail = window.detail
        qtbot.waitUntil(lambda: detail.current_paper_id() is not None)
        for text in (*shown.values(), tip, detail.title_label.text(), detail.authors_label.text()):
            assert not set(text) & set(CONTROLS), repr(text)
        assert (
            shown[PaperTableModel.TITLE]
            == "Invoice for \ufffdexe.pdf\ufffd and \ufffdisolated\ufffd text"
        )
        assert "\ufffdexe.pdf\ufffd" in detail.title_label.text()
        assert "Mallory \ufffdOverride" in detail.authors_label.text()
        assert is_seen(detail.title_label)
        (paper,) = library.papers()
        assert paper.title == TITLE  # kept exactly
