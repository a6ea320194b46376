"""What an empty library shows: what to drop, and the example digest one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A friendly first-run page with two buttons."""

    open_example = Signal()
    import_files = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Your reading list is empty"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            self.tr(
                "Drop a digest anywhere on this window: a Hugging Face Daily Papers page "
                "copied as text, an arXiv listing e-mail or feed, a BibTeX, RIS or CSL-JSON "
                "file, a Markdown list, or a link to one. You can also paste digest text "
                "with Ctrl+V."
            ),
            self,
        )
        text.setWordWrap(True)
        text.setMaximumWidth(520)
        example = QPushButton(self.tr("Open the Example Digest"), self)
        example.setDefault(True)
        example.clicked.connect(self.open_example)
        choose = QPushButton(self.tr("Import Files…"), self)
        choose.clicked.connect(self.import_files)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(example)
        buttons.addWidget(choose)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (title, text):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch()
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
