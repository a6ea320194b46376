"""The window's panes: how wide they are, and the way Tab goes through them.

The sidebar | list | detail splitter: the pane widths the user chose (by dragging
a handle, or restored from the last run) are kept as the layout's preference. A window
narrower than that shrinks every pane in proportion to its preferred width, so the paper list
keeps its share (a plain splitter took all of a shrink from the list, leaving it ~290 px in a
900 px window); a window wider than that gives the extra room to the list; and growing back
brings the preferred widths back."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


def fitted(preferred: list[int], total: int, grows: int) -> list[int]:
    """``preferred`` widths fitted to ``total`` pixels: scaled down in proportion (the
    rounding left to the widest pane) when there is less room, the extra given to pane
    ``grows`` when there is more."""
    before = sum(preferred)
    if before <= 0 or total == before:
        return list(preferred)
    if total > before:
        sizes = list(preferred)
        sizes[grows] += total - before
        return sizes
    sizes = [width * total // before for width in preferred]
    widest = max(range(len(sizes)), key=sizes.__getitem__)
    sizes[widest] += total - sum(sizes)
    return sizes


class PaneSplitter(QSplitter):
    """A horizontal splitter that fits its panes' preferred widths to the window."""

    def __init__(self, parent: QWidget | None = None, *, grows: int = 1) -> None:
        super().__init__(parent)
        self._grows = grows
        self._preferred: list[int] | None = None
        self._restored_unseen = False  # widths restored before the panes were laid out
        self.splitterMoved.connect(self._remember)

    def setSizes(self, sizes: list[int]) -> None:  # noqa: N802
        """Set the pane widths, and prefer them from now on."""
        super().setSizes(sizes)
        self._preferred = list(sizes)

    def restoreState(self, state: QByteArray | bytes) -> bool:  # noqa: N802
        """Restore the widths of the last run, and prefer them once the panes are laid out
        (a hidden splitter's widths are squeezed into its default size until it is shown)."""
        restored = super().restoreState(state)
        if restored:
            self._restored_unseen = not self.isVisible()
            if not self._restored_unseen:
                self._remember()
        return restored

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Let Qt lay the panes out, then fit the preferred widths to the new width."""
        super().resizeEvent(event)
        if self._restored_unseen:
            if self.isVisible():  # Qt has laid the restored widths out at the real width
                self._restored_unseen = False
                self._remember()
            return
        sizes = self.sizes()
        preferred = self._preferred
        if preferred is None or len(preferred) != len(sizes) or self._grows >= len(sizes):
            self._remember()
            return
        total = sum(sizes)
        if total > 0:
            super().setSizes(fitted(preferred, total, self._grows))

    def _remember(self, *_moved: int) -> None:
        """The widths now on screen are the preferred ones (the user dragged a handle)."""
        self._preferred = self.sizes()


def tab_chain(*widgets: QWidget) -> None:
    """Tab goes from each of ``widgets`` to the next (Shift+Tab back): the panes as they
    read, search field, sidebar, list, detail."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(before, after)
