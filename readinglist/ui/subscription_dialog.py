"""Add a subscription: paste a URL, pick arXiv categories, or type an arXiv query; a
Preview button shows what it would bring (downloaded in the background, stored nowhere)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.feeds import ARXIV_CATEGORIES, check_target, guess_kind
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.subscriptions import (
    ARXIV_LISTING,
    ARXIV_QUERY,
    DEFAULT_INTERVAL_HOURS,
    FEED_URL,
    HF_DAILY,
)
from readinglist.ui.subscription_jobs import PreviewJob

_KINDS = (
    (HF_DAILY, "Hugging Face Daily Papers"),
    (ARXIV_LISTING, "arXiv category listing"),
    (ARXIV_QUERY, "arXiv query (words, authors, categories)"),
    (FEED_URL, "A feed URL (RSS, Atom, JSON, BibTeX)"),
)


class SubscriptionDialog(QDialog):
    """The fields of a new subscription; ``values()`` once accepted."""

    def __init__(self, parent: QWidget, library_dir: Path, pool: QThreadPool) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Subscription"))
        self._dir = library_dir
        self._pool = pool
        self._job: PreviewJob | None = None
        self.kind = QComboBox(self)
        for kind, label in _KINDS:
            self.kind.addItem(self.tr(label), kind)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(self.tr("Paste a feed URL"))
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.addItems(ARXIV_CATEGORIES)
        self.category.setToolTip(self.tr("One category, or several joined with + (cs.CV+cs.LG)"))
        self.name = QLineEdit(self)
        self.every = QSpinBox(self)
        self.every.setRange(1, 24 * 14)
        self.every.setValue(DEFAULT_INTERVAL_HOURS)
        self.every.setSuffix(self.tr(" h"))
        self.preview_button = QPushButton(self.tr("&Preview"), self)
        self.preview_button.clicked.connect(self.preview)
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        self.preview_list = QListWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("&Follow:"), self.kind)
        form.addRow(self.tr("&Source:"), self.source)
        form.addRow(self.tr("&Category:"), self.category)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("Fetch &every:"), self.every)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_list, 1)
        layout.addWidget(self.buttons)
        self._form = form
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.source.textEdited.connect(self._on_pasted)
        self._on_kind()
        self.resize(520, 460)

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        self._form.setRowVisible(self.source, kind in (ARXIV_QUERY, FEED_URL))
        self._form.setRowVisible(self.category, kind == ARXIV_LISTING)
        hint = {ARXIV_QUERY: self.tr('e.g. au:"Geoffrey Hinton" or all:diffusion AND cat:cs.CV'),
                FEED_URL: self.tr("Paste a feed URL")}.get(kind, "")  # fmt: skip
        self.source.setPlaceholderText(hint)
        self.preview_list.clear()
        self.preview_label.clear()

    def _on_pasted(self, text: str) -> None:
        """A pasted arXiv or Hugging Face link picks its kind by itself."""
        if self.kind.currentData() != FEED_URL or "://" not in text:
            return
        try:
            kind, target = guess_kind(text)
        except InvalidInputError:
            return
        if kind != FEED_URL:
            self.kind.setCurrentIndex(self.kind.findData(kind))
            if kind == ARXIV_LISTING:
                self.category.setEditText(target)

    def values(self) -> tuple[str, str, str, int]:
        """(name, kind, target, interval hours); InvalidInputError when incomplete."""
        kind = self.kind.currentData()
        target = {ARXIV_LISTING: self.category.currentText(), HF_DAILY: ""}.get(
            kind, self.source.text()
        )
        target = check_target(kind, target)
        name = self.name.text().strip() or _default_name(kind, target)
        return name, kind, target, self.every.value()

    def preview(self) -> None:
        """Download what the subscription would bring now and list its titles."""
        try:
            _name, kind, target, _every = self.values()
        except InvalidInputError as exc:
            self.preview_label.setText(str(exc))
            return
        self.preview_label.setText(self.tr("Looking…"))
        self.preview_list.clear()
        job = PreviewJob(self._dir, kind, target)
        job.signals.finished.connect(self._on_preview)
        job.signals.failed.connect(self.preview_label.setText)
        self._job = job
        self._pool.start(job)

    def _on_preview(self, titles: list[str]) -> None:
        self.preview_label.setText(
            self.tr("It would bring {0} papers now, such as:").format(len(titles))
            if titles
            else self.tr("Nothing to bring right now (the feed is empty today).")
        )
        self.preview_list.addItems(titles)

    def _accept(self) -> None:
        try:
            self.values()
        except InvalidInputError as exc:
            self.preview_label.setText(str(exc))
            return
        self.accept()


def _default_name(kind: str, target: str) -> str:
    return {
        HF_DAILY: "Hugging Face Daily Papers",
        ARXIV_LISTING: f"arXiv {target}",
        ARXIV_QUERY: f"arXiv: {target}",
    }.get(kind, target.split("://", 1)[-1].rstrip("/"))
