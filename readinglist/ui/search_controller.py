"""The search field: debounced requests to the search thread, newest answer wins, "did you
mean" next to the field, Enter and Escape back to the list (where Escape clears it)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolBar, QWidget

from readinglist.ui.search_thread import SearchThread

SEARCH_DEBOUNCE_MS = 60  # the search thread drops requests overtaken by newer ones
_SAVED_KEY = "searches/saved"


class SearchController(QObject):
    """Owns the search field and what it asks the search thread."""

    results = Signal()  # ``ids`` and ``suggestion`` changed
    leave = Signal()  # Enter or Escape: the user is done with the field
    failed = Signal(str)

    def __init__(self, thread: SearchThread, toolbar: QToolBar, parent: QWidget) -> None:
        super().__init__(parent)
        self._thread = thread
        self._request = 0
        self.ids: set[int] | None = None  # None: every paper
        self._passing = False  # ``ids`` are a list Escape leaves (similar papers)
        self.suggestion = ""
        self.field = QLineEdit(parent)
        self.field.setPlaceholderText(
            self.tr('Search — words, "phrase", OR, -word, tag:x, author:y, is:unread')
        )
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(self.tr("Press F1 for the query language and shortcuts"))
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._on_return)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.leave)  # the search stays as typed
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self.suggestion_button = QPushButton(parent)
        self.suggestion_button.setFlat(True)
        self.suggestion_button.clicked.connect(lambda: self.field.setText(self.suggestion))
        toolbar.addWidget(self.field)
        # A toolbar shows or hides its widgets through their actions, never directly.
        self.suggestion_action = toolbar.addWidget(self.suggestion_button)
        self.suggestion_action.setVisible(False)
        thread.results.connect(self._on_results)
        thread.failed.connect(lambda _request, message: self.failed.emit(message))

    def text(self) -> str:
        """The query as typed."""
        return self.field.text()

    def focus(self) -> None:
        """Ctrl+F or /: into the field, its text selected for replacing."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def clear(self) -> None:
        """Back to every paper of the view: the field emptied, or a list of similar papers
        left (its field is empty already, so emptying it changed nothing)."""
        if self.field.text():
            self.field.clear()  # the debounced search answers with every paper
        elif self.ids is not None and self._passing:  # not the Inbox's papers
            self._timer.stop()
            self._request += 1  # an answer on its way no longer counts
            self.ids = None
            self._passing = False
            self.suggestion = ""
            self.suggestion_action.setVisible(False)
            self.results.emit()

    def show_only(self, ids: set[int], *, passing: bool = False) -> None:
        """Show these papers until the search changes (the Inbox, a subscription's papers;
        ``passing``: a list Escape leaves, such as similar papers)."""
        self.ids = set(ids)
        self._passing = passing
        if passing:  # an answer on its way (a search asked again) no longer counts
            self._request += 1
        self.results.emit()

    def _on_return(self) -> None:
        """Enter: search now (no debounce), then back to the list."""
        if self._timer.isActive():
            self._timer.stop()
            self._send()
        elif not self.field.text():
            self.clear()  # an empty field shows every paper, similar papers' list or not
        self.leave.emit()

    def ask_again(self) -> None:
        """Search for what is typed again (the index changed under the answer shown)."""
        self._send()

    def _send(self) -> None:
        self._request += 1
        self._thread.request(self._request, self.field.text())

    def _on_results(self, request_id: int, everything: bool, ids: object, suggestion: str) -> None:
        if request_id != self._request:
            return  # a newer keystroke is on its way
        self.ids = None if everything or not isinstance(ids, set) else ids
        self._passing = False
        self.suggestion = suggestion
        self.suggestion_button.setText(self.tr("Did you mean: {0}").format(suggestion))
        self.suggestion_action.setVisible(bool(suggestion))
        self.results.emit()


def load_saved_searches() -> list[str]:
    """The saved searches, in the order they were saved."""
    value = QSettings().value(_SAVED_KEY, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def store_saved_searches(queries: list[str]) -> list[str]:
    """Keep these searches (blank and repeated ones dropped); return what was kept."""
    unique = list(dict.fromkeys(q for q in queries if q.strip()))
    QSettings().setValue(_SAVED_KEY, unique)
    return unique
