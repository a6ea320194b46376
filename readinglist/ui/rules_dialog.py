"""Rules: the list of rules with Remove, and a form to add one whose query shows, as it
is typed, how many papers of the last digests it would match (counted in the background)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.ranking.placement import ScoreNew
from readinglist.domain.subscriptions import ACTIONS, TAG, Rule, Subscription
from readinglist.ui.subscription_jobs import RuleCountJob
from readinglist.ui.wording import papers

COUNT_DELAY_MS = 250
_RULE_ROLE = 0x0100 + 7


class RulesDialog(QDialog):
    """Edit the rules; ``add(query, action, argument, scope, name)`` and ``remove(id)`` are
    the library calls, made by the controller."""

    def __init__(
        self,
        parent: QWidget,
        library_dir: Path,
        pool: QThreadPool,
        subscriptions: Sequence[Subscription],
        add: Callable[[str, str, str, int | None, str], str | None],
        remove: Callable[[int], None],
        rules: Callable[[], list[Rule]],
        score_new: ScoreNew | None = None,
    ) -> None:
        """``score_new``: what a rule's count with ``score:`` has scored first (the
        window's ranking process)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rules"))
        self._dir = library_dir
        self._pool = pool
        self._add, self._remove, self._rules = add, remove, rules
        self._names = {s.id: s.name for s in subscriptions}
        self._request = 0
        self._score_new = score_new
        self._jobs: list[RuleCountJob] = []
        self.list = QListWidget(self)
        self.remove_button = QPushButton(self.tr("&Remove Rule"), self)
        self.remove_button.clicked.connect(self._remove_current)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr('title:diffusion OR title:"flow matching"'))
        self.action = QComboBox(self)
        for action in ACTIONS:
            self.action.addItem(self.tr(action.capitalize()), action)
        self.argument = QLineEdit(self)
        self.argument.setPlaceholderText(self.tr("the tag to give"))
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("Every subscription and import"), None)
        for sub in subscriptions:
            self.scope.addItem(sub.name, sub.id)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("optional: what notifications and tooltips call it"))
        self.count = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add Rule"), self)
        self.add_button.clicked.connect(self._add_rule)
        form = QFormLayout()
        form.addRow(self.tr("&Query:"), self.query)
        form.addRow("", self.count)
        form.addRow(self.tr("&Action:"), self.action)
        form.addRow(self.tr("&Tag:"), self.argument)
        form.addRow(self.tr("&For:"), self.scope)
        form.addRow(self.tr("&Name:"), self.name)
        self._form = form
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button)
        layout.addLayout(form)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # Enter adds the rule typed: the dialog's default button was the first in the Tab
        # order, Remove Rule, so Enter in the form removed a rule instead.
        self.remove_button.setAutoDefault(False)
        self.add_button.setDefault(True)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove_current)
        self._timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._timer.timeout.connect(self._count)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.action.currentIndexChanged.connect(self._on_action)
        self._on_action()
        self.reload()
        self.resize(560, 480)

    def reload(self) -> None:
        """Show the rules as the library has them."""
        self.list.clear()
        for rule in self._rules():
            scope = self._names.get(rule.subscription_id or 0, self.tr("everywhere"))
            item = QListWidgetItem(f"{rule.describe()}   [{scope}]")
            item.setData(_RULE_ROLE, rule.id)
            self.list.addItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)

    def _on_action(self) -> None:
        self._form.setRowVisible(self.argument, self.action.currentData() == TAG)

    def _count(self) -> None:
        self._request += 1
        job = RuleCountJob(self._dir, self.query.text(), self._request, self._score_new)
        job.signals.finished.connect(self._on_count)
        self._jobs = [*self._jobs[-3:], job]
        self._pool.start(job)

    def _on_count(self, answer: tuple[int, int, int]) -> None:
        request, count, needed = answer
        if request != self._request:
            return  # an answer to an older query
        self.count.setToolTip("")
        if not self.query.text().strip():
            self.count.setText("")
        elif needed:  # "0 papers" would not say why, nor that it changes later
            self.count.setText(
                self.tr("No ranking yet — score: matches nothing until you star or tag papers")
            )
            self.count.setToolTip(
                self.tr(
                    "The For you ranking learns once {0} papers are starred or tagged; "
                    "score: then matches the papers it ranks that high."
                ).format(needed)
            )
        else:
            self.count.setText(self.tr("Would match {0} in the last digests").format(papers(count)))

    def _add_rule(self) -> None:
        error = self._add(
            self.query.text(),
            self.action.currentData(),
            self.argument.text(),
            self.scope.currentData(),
            self.name.text(),
        )
        if error:
            self.message.setText(error)
            return
        self.message.setText(self.tr("Added. It acts on papers that arrive from now on."))
        self.query.clear()
        self.argument.clear()
        self.name.clear()
        self.reload()
        self.query.setFocus(Qt.FocusReason.OtherFocusReason)  # ready for the next rule

    def _remove_current(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is None:
            return
        self._remove(int(item.data(_RULE_ROLE)))
        self.reload()
