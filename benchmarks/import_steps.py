"""Where the time goes between an import's worker ending and its rows on screen: the
window's methods on that path are wrapped (before the window is made, so the signals
connect to the wrappers) to note when each starts and ends, and the table's paints are
noted too. Used by ``ranking_import_bench``; the app itself is not changed."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject

from readinglist.ui import import_controller
from readinglist.ui.column_layout import ColumnLayout
from readinglist.ui.edits import Edits
from readinglist.ui.for_you_rows import ScoreRows
from readinglist.ui.for_you_views import ForYouViews
from readinglist.ui.import_controller import ImportController
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.paper_list import PaperList
from readinglist.ui.sidebar_controller import SidebarController
from readinglist.ui.views.detail_pane import DetailPane

# (label, owner, attribute): each wrapped; the label names the step in the breakdown
STEPS: tuple[tuple[str, Any, str], ...] = (
    ("delivered+_on_finished", ImportController, "_on_finished"),
    ("report text", import_controller, "summarize_reports"),
    ("edits.record", Edits, "record"),
    ("show_import", PaperList, "show_import"),
    ("sidebar snapshot", SidebarController, "show_snapshot"),
    ("re-filter", PaperList, "_show_filtered"),  # (only the merged rows)
    ("re-filter (every row)", PaperList, "apply_filters"),
    ("model reset", PaperTableModel, "set_rows"),
    ("columns", ColumnLayout, "rows_changed"),
    ("for-you rows replaced", ScoreRows, "rows_replaced"),
    ("for-you applied", ScoreRows, "_on_applied"),
    ("top picks update", ForYouViews, "update"),
    ("detail refresh", DetailPane, "refresh"),
)


class StepClock:
    """Notes (label, start, end) of every wrapped call, and the start of each paint."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float, float]] = []
        self.paints: list[float] = []
        for label, owner, name in STEPS:
            if not hasattr(owner, name):  # (an older tree, timed for comparison)
                continue
            setattr(owner, name, self._timed(label, getattr(owner, name)))

    def _timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        calls = self.calls

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                calls.append((label, start, time.perf_counter()))

        return timed

    def watch_paints(self, widget: QObject) -> None:
        """Note when ``widget`` (the table's viewport) starts a paint."""
        self._filter = _PaintFilter(self.paints)
        widget.installEventFilter(self._filter)

    def clear(self) -> None:
        self.calls.clear()
        self.paints.clear()

    def painted_after_show(self, ended: float) -> float | None:
        """When the table first started a paint after ``show_import`` (after ``ended``)
        returned, if it has."""
        shown = max((end for label, _, end in self.calls if label == "show_import"), default=0)
        if shown < ended:
            return None
        return next((p for p in self.paints if p >= shown), None)

    def breakdown(self, ended: float) -> str:
        """Each step after ``ended`` (the worker's end): ms from the end to its start, and
        its own ms, summed per label; the first paint after ``show_import`` returned."""
        parts: dict[str, list[float]] = {}
        for label, start, end in self.calls:
            if start >= ended:
                first, total = parts.get(label, [start, 0.0])
                parts[label] = [min(first, start), total + (end - start)]
        ordered = sorted(parts.items(), key=lambda item: item[1][0])
        text = [
            f"{label} @{(first - ended) * 1000:.0f} +{total * 1000:.0f}"
            for label, (first, total) in ordered
        ]
        painted = self.painted_after_show(ended)
        if painted is not None:
            text.append(f"painted @{(painted - ended) * 1000:.0f}")
        return "; ".join(text)


class _PaintFilter(QObject):
    def __init__(self, paints: list[float]) -> None:
        super().__init__()
        self._paints = paints

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self._paints.append(time.perf_counter())
        return False
