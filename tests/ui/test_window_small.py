"""A small window: when the user makes the window narrow, the paper list keeps a usable share
of it (the titles stay readable), and making it wide again brings the panes back."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.panes import fitted
from tests.ui.user import WAIT_MS, is_seen
from tests.ui.windows import listing_window


def test_a_narrow_window_leaves_the_list_its_share(
    qtbot, library: Library, example_digest: Path
) -> None:  # type: ignore[no-untyped-def]
    library.import_path(example_digest)
    with listing_window(qtbot, library, 114) as window:
        wide = window.splitter.sizes()
        window.resize(900, 560)
        qtbot.waitUntil(lambda: window.width() == 900, timeout=WAIT_MS)
        sidebar, listed, detail = window.splitter.sizes()
        share = listed / (sidebar + listed + detail)
        assert share >= 0.45, f"the list has {listed} px of {sidebar + listed + detail}"
        assert is_seen(window.table)
        title = window.table.columnWidth(PaperTableModel.TITLE)
        assert title >= 250, f"the title column is {title} px wide"
        window.resize(1280, 800)
        qtbot.waitUntil(lambda: window.width() == 1280, timeout=WAIT_MS)
        assert window.splitter.sizes() == wide


def test_a_dragged_handle_is_the_layout_kept_when_the_window_narrows(
    qtbot, library: Library, example_digest: Path
) -> None:  # type: ignore[no-untyped-def]
    library.import_path(example_digest)
    with listing_window(qtbot, library, 114) as window:
        total = sum(window.splitter.sizes())
        window.splitter.moveSplitter(300, 1)  # the user drags the sidebar's edge to 300 px
        dragged = window.splitter.sizes()
        assert dragged[0] >= 290
        window.resize(900, 560)
        qtbot.waitUntil(lambda: window.width() == 900, timeout=WAIT_MS)
        sidebar, listed, detail = window.splitter.sizes()
        assert abs(sidebar / (sidebar + listed + detail) - dragged[0] / total) < 0.02
        assert listed / (sidebar + listed + detail) >= 0.4


def test_fitted_shares_a_shrink_in_proportion_and_gives_growth_to_one_pane() -> None:
    assert fitted([200, 600, 200], 500, grows=1) == [100, 300, 100]
    assert fitted([200, 600, 200], 1300, grows=1) == [200, 900, 200]
    assert sum(fitted([191, 737, 347], 893, grows=1)) == 893


def test_the_panes_come_back_as_they_were_when_the_window_opens_again(
    qtbot, library: Library, example_digest: Path
) -> None:  # type: ignore[no-untyped-def]
    library.import_path(example_digest)
    with listing_window(qtbot, library, 114) as window:
        window.splitter.moveSplitter(260, 1)  # the user widens the sidebar, then quits
        chosen = window.splitter.sizes()
    with listing_window(qtbot, library, 114) as window:  # the next launch
        sidebar, listed, detail = window.splitter.sizes()
        assert abs(sidebar - chosen[0]) <= 2, f"the sidebar came back {sidebar} px wide"
        assert abs(detail - chosen[2]) <= 2, f"the detail pane came back {detail} px wide"
        assert listed >= 400
