"""What the menus and the triage keys need of the window they work in: narrow interfaces,
so none of them imports the window (which builds them) back."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QTableView, QTreeView, QWidget

from readinglist.core.library import Library
from readinglist.ui.edits import Edits
from readinglist.ui.models.paper_table_model import PaperTableModel


class MessageHost(Protocol):
    """Somewhere to say what happened."""

    def show_message(self, text: str) -> None: ...

    def tr(self, text: str) -> str: ...


class TagFocus(Protocol):
    """The fields the T and N keys go to."""

    def focus_tags(self) -> None: ...

    def focus_notes(self) -> None: ...


class PaperListHost(MessageHost, Protocol):
    """A paper list with a selection, in a window: what triage and the paper menu act on."""

    library: Library
    edits: Edits
    table: QTableView
    model: PaperTableModel

    def selected_ids(self) -> list[int]: ...

    def forget_rows(self, ids: list[int]) -> None: ...

    def open_current_link(self) -> None: ...

    def show_similar_to(self, paper_id: int) -> None: ...

    def complete_details(self, digest_id: int | None = None) -> None: ...

    def focusWidget(self) -> QWidget | None: ...  # noqa: N802


class SidebarHost(MessageHost, Protocol):
    """The sidebar and what its menu changes."""

    library: Library
    edits: Edits
    sidebar: QTreeView

    def saved_searches(self) -> list[str]: ...

    def set_saved_searches(self, queries: list[str]) -> None: ...

    def refresh_all(self) -> None: ...

    def complete_details(self, digest_id: int | None = None) -> None: ...
